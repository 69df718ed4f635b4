// How calls sharing one context scale with threads: the success path of the conformance vectors
// (tests/conformance/vectors, every case that expects TM_OK), through the C API, on 1, 2, 4 … N
// threads (N = std::thread::hardware_concurrency()).
//
// Cases of the same setting (jurisdiction, zone, configuration, fixed "now") share one context,
// made once and used by all the threads at once (tests/robustness/conformance_cases.hpp). The
// threads are started once and kept, like an embedder's thread pool. Each thread runs the whole
// list of cases `passes` times, starting at its own offset, so T threads do T times the work of
// one.
//
// Measured in pairs, like the ratios of the other benchmark programs (paired.hpp): every iteration
// of BM_Threads/T is one round that times the cases on 1 thread, then on T threads (T threads
// first in every other round), by the wall clock (steady_clock). The speedup of a round is
// (calls per second on T threads) / (calls per second on 1 thread); the program reports the median
// over the rounds with its spread. It also reports, from the process's CPU time, how many cores the
// T threads actually had (a shared machine may give fewer than T), and the CPU time per call on T
// threads against 1 thread (above 1: the threads slow each other down — shared cache lines, locks
// that spin — even when they do get the cores), and the voluntary context switches per 1000 calls
// (a thread blocked on a lock that another thread holds gives up its core).
//
// Figures, not tests: nothing here asserts a speed. Target on the success path: 2 threads at least
// 1.9 times one thread's throughput on a 2-core machine.
#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

#include "conformance_cases.hpp"
#include "paired.hpp"
#include "telemed.h"

namespace {

using telemed_threads::Case;

// The cases that succeed, each with its shared context.
std::vector<Case> cases;
// How many times each thread runs the whole list in one timed run (set in main()).
int passes = 1;

void call(const Case& c) {
    char* out = nullptr;
    size_t out_len = 0;
    const int status = c.operation->call(c.context, c.input, &out, &out_len);
    benchmark::DoNotOptimize(out);
    tm_string_free(out);
    if (status != TM_OK) {
        std::fprintf(stderr, "%s: %s on a thread\n", c.id.c_str(), tm_status_name(status));
        std::abort();
    }
}

std::int64_t process_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// Voluntary context switches of the whole process so far: a thread that blocks on a lock held by
// another one gives up its core, so these count the waits.
long voluntary_switches() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_nvcsw;
}

struct Timing {
    double wall_ns = 0;
    double cpu_ns = 0;
    double waits = 0; // voluntary context switches during the run
};

// The worker threads, started once and kept, as an embedder's thread pool: what a thread sets up on
// its first calls (thread-locals, its allocator arena) is not timed again and again.
class Workers {
public:
    explicit Workers(int count) {
        for (int i = 0; i < count; ++i) {
            threads_.emplace_back([this, i] { work(i); });
        }
    }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;
    ~Workers() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        start_.notify_all();
        for (auto& thread : threads_) {
            thread.join();
        }
    }

    // Runs the list `passes` times on each of the first `threads` workers at once; the clock runs
    // from their start to the end of the last one.
    Timing run(int threads) {
        std::unique_lock lock(mutex_);
        active_ = threads;
        remaining_ = threads;
        ++generation_;
        const long waits0 = voluntary_switches();
        const std::int64_t cpu0 = process_cpu_ns();
        const auto wall0 = std::chrono::steady_clock::now();
        start_.notify_all();
        done_.wait(lock, [this] { return remaining_ == 0; });
        const auto wall = std::chrono::steady_clock::now() - wall0;
        return Timing{static_cast<double>(std::chrono::nanoseconds(wall).count()),
                      static_cast<double>(process_cpu_ns() - cpu0),
                      static_cast<double>(voluntary_switches() - waits0)};
    }

private:
    void work(int index) {
        std::uint64_t seen = 0;
        std::unique_lock lock(mutex_);
        for (;;) {
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) {
                return;
            }
            seen = generation_;
            if (index >= active_) {
                continue;
            }
            // Each thread starts at its own place in the list.
            const std::size_t offset =
                static_cast<std::size_t>(index) * cases.size() / static_cast<std::size_t>(active_);
            lock.unlock();
            for (int p = 0; p < passes; ++p) {
                for (std::size_t i = 0; i < cases.size(); ++i) {
                    call(cases[(offset + i) % cases.size()]);
                }
            }
            lock.lock();
            if (--remaining_ == 0) {
                done_.notify_all();
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable start_, done_;
    std::uint64_t generation_ = 0;
    int active_ = 0;
    int remaining_ = 0;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

Workers* workers = nullptr; // made in main()

struct Summary {
    telemed_bench::Spread speedup;
    double calls_per_second = 0; // median, on T threads
    double cores = 0;            // median CPU time / wall time on T threads
    double cpu_per_call = 0;     // median (CPU per call on T threads) / (CPU per call on 1 thread)
    double waits = 0;            // median voluntary context switches per 1000 calls, T threads
};

// The rounds' figures: `ones[i]` and `manys[i]` are the 1-thread and T-thread runs of round i.
Summary summarise(int threads, const std::vector<Timing>& ones, const std::vector<Timing>& manys) {
    std::vector<double> speedups, rates, cores, cpu_ratios, waits;
    const double calls = static_cast<double>(cases.size()) * passes;
    for (std::size_t i = 0; i < ones.size(); ++i) {
        speedups.push_back(threads * ones[i].wall_ns / manys[i].wall_ns);
        rates.push_back(threads * calls / manys[i].wall_ns * 1e9);
        cores.push_back(manys[i].cpu_ns / manys[i].wall_ns);
        cpu_ratios.push_back(manys[i].cpu_ns / threads / ones[i].cpu_ns);
        waits.push_back(manys[i].waits / (threads * calls) * 1000);
    }
    return Summary{telemed_bench::spread_of(speedups), telemed_bench::spread_of(rates).median,
                   telemed_bench::spread_of(cores).median,
                   telemed_bench::spread_of(cpu_ratios).median,
                   telemed_bench::spread_of(waits).median};
}

// Every round's runs by T, pooled over repetitions, for the summary main() prints.
std::map<int, std::vector<Timing>> single_runs, multi_runs;

void BM_Threads(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    workers->run(threads); // warm up
    std::vector<Timing> ones, manys;
    bool single_first = true;
    for (auto _ : state) {
        if (single_first) {
            ones.push_back(workers->run(1));
            manys.push_back(workers->run(threads));
        } else {
            manys.push_back(workers->run(threads));
            ones.push_back(workers->run(1));
        }
        single_first = !single_first;
        state.SetIterationTime(manys.back().wall_ns / 1e9);
    }
    const Summary s = summarise(threads, ones, manys);
    state.counters["speedup"] = s.speedup.median;
    state.counters["q1"] = s.speedup.q1;
    state.counters["q3"] = s.speedup.q3;
    state.counters["min"] = s.speedup.min;
    state.counters["max"] = s.speedup.max;
    state.counters["pairs"] = static_cast<double>(s.speedup.n);
    state.counters["calls/s"] = s.calls_per_second;
    state.counters["cores"] = s.cores;
    state.counters["cpu/call"] = s.cpu_per_call;
    state.counters["waits/1k"] = s.waits;
    auto& pooled_ones = single_runs[threads];
    auto& pooled_manys = multi_runs[threads];
    pooled_ones.insert(pooled_ones.end(), ones.begin(), ones.end());
    pooled_manys.insert(pooled_manys.end(), manys.begin(), manys.end());
}

} // namespace

int main(int argc, char** argv) {
    // TELEMED_BENCH_OPERATION=eligibility.evaluate (for instance) keeps one operation's cases only.
    const char* only = std::getenv("TELEMED_BENCH_OPERATION");
    telemed_threads::Contexts contexts;
    try {
        for (auto& c : telemed_threads::read_cases(TELEMED_VECTORS_DIR)) {
            if (c.operation != nullptr && c.expected_status == "TM_OK" &&
                (only == nullptr || c.operation->name == only)) {
                cases.push_back(std::move(c));
            }
        }
        contexts.attach(cases);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot read the vectors in %s: %s\n", TELEMED_VECTORS_DIR, e.what());
        return 2;
    }
    if (cases.empty()) {
        std::fprintf(stderr, "no successful cases in %s\n", TELEMED_VECTORS_DIR);
        return 2;
    }
    // Every case must succeed here too (call() aborts otherwise); the first pass also warms up.
    for (const auto& c : cases) {
        call(c);
    }
    // About 50 ms of one thread's CPU time per timed run.
    const std::int64_t start = telemed_bench::thread_cpu_ns();
    for (const auto& c : cases) {
        call(c);
    }
    const std::int64_t pass_ns = std::max<std::int64_t>(1, telemed_bench::thread_cpu_ns() - start);
    passes = static_cast<int>(std::max<std::int64_t>(1, 50000000 / pass_ns));

    const int n = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    std::vector<int> counts;
    for (int t = 1; t < n; t *= 2) {
        counts.push_back(t);
    }
    counts.push_back(n);
    for (const int t : counts) {
        benchmark::RegisterBenchmark("BM_Threads", BM_Threads)
            ->Arg(t)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Iterations(30);
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    {
        Workers pool(n);
        workers = &pool;
        benchmark::RunSpecifiedBenchmarks();
        workers = nullptr;
    }
    benchmark::Shutdown();

    std::printf("\n%zu successful conformance cases on %zu shared contexts, %d pass(es) per thread "
                "per timed run, hardware_concurrency %d\n",
                cases.size(), contexts.size(), passes, n);
    for (const int t : counts) {
        if (single_runs[t].empty()) {
            continue;
        }
        const Summary s = summarise(t, single_runs[t], multi_runs[t]);
        std::printf("%2d thread(s): speedup median %.2f (IQR %.2f-%.2f, min-max %.2f-%.2f, %zu "
                    "pairs); %.0f calls/s; %.2f cores busy; CPU per call x%.2f of 1 thread; %.2f "
                    "waits per 1000 calls\n",
                    t, s.speedup.median, s.speedup.q1, s.speedup.q3, s.speedup.min, s.speedup.max,
                    s.speedup.n, s.calls_per_second, s.cores, s.cpu_per_call, s.waits);
    }
    return 0;
}
