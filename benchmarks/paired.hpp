// Paired ratios: the two sides of a ratio measured in alternation within one run.
//
// Timing A in one benchmark and B in another, seconds apart, lets a busy shared machine load one
// side and not the other: the same ratio then swings between runs. Here a ratio is one Google
// Benchmark benchmark with manual timing whose every iteration is one *round*: a batch of A, then a
// batch of B (B then A in every other round, so that neither side always runs first). Each round
// gives one paired ratio (A ns per call / B ns per call), timed in the thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID: time the thread is descheduled is not counted). The ratio reported is
// the median of the rounds' ratios, with its spread (interquartile range and min–max) and the
// number of pairs. Batches are sized once, before the rounds, to about `batch_ns` of CPU time per
// side. With --benchmark_repetitions the pairs of every repetition are pooled in the summary.
#pragma once

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace telemed_bench {

// The CPU time of the calling thread, in nanoseconds.
inline std::int64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// A sample's median, quartiles (linear interpolation between order statistics) and range.
struct Spread {
    double median = 0, q1 = 0, q3 = 0, min = 0, max = 0;
    std::size_t n = 0;
};

inline Spread spread_of(std::vector<double> v) {
    Spread s;
    s.n = v.size();
    if (v.empty()) {
        return s;
    }
    std::sort(v.begin(), v.end());
    const auto quantile = [&](double q) {
        const double at = q * static_cast<double>(v.size() - 1);
        const auto lo = static_cast<std::size_t>(at);
        const std::size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
    };
    s.median = quantile(0.5);
    s.q1 = quantile(0.25);
    s.q3 = quantile(0.75);
    s.min = v.front();
    s.max = v.back();
    return s;
}

// Every paired ratio measured in this process, by benchmark name (repetitions pooled).
inline std::map<std::string, std::vector<double>>& paired_ratios() {
    static std::map<std::string, std::vector<double>> ratios;
    return ratios;
}

// Calls `side` `n` times; returns the thread CPU nanoseconds per call.
template <class Side> double time_batch(Side& side, std::int64_t n) {
    const std::int64_t start = thread_cpu_ns();
    for (std::int64_t i = 0; i < n; ++i) {
        side();
    }
    return static_cast<double>(thread_cpu_ns() - start) / static_cast<double>(n);
}

// How many calls of `side` take about `batch_ns` of CPU time (at least 1).
template <class Side> std::int64_t batch_size(Side& side, double batch_ns) {
    side(); // warm up: first-use initialisation, caches
    std::int64_t n = 1;
    double per_call = time_batch(side, n);
    while (per_call * static_cast<double>(n) < batch_ns / 8 && n < (1 << 24)) {
        n *= 2;
        per_call = time_batch(side, n);
    }
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(batch_ns / per_call));
}

// The body of a paired benchmark: each iteration of `state` is one round of A and B. Register it
// with ->UseManualTime()->Iterations(rounds). `a` and `b` are called with no arguments; they must
// do the work (and keep it from being optimised away) themselves. The ratios are kept under `key`
// for print_paired().
template <class A, class B>
void run_paired(benchmark::State& state, const std::string& key, A a, B b, double batch_ns = 4e6) {
    const std::int64_t na = batch_size(a, batch_ns);
    const std::int64_t nb = batch_size(b, batch_ns);
    std::vector<double> ratios, a_ns, b_ns;
    bool a_first = true;
    for (auto _ : state) {
        double ta = 0, tb = 0;
        if (a_first) {
            ta = time_batch(a, na);
            tb = time_batch(b, nb);
        } else {
            tb = time_batch(b, nb);
            ta = time_batch(a, na);
        }
        a_first = !a_first;
        ratios.push_back(ta / tb);
        a_ns.push_back(ta);
        b_ns.push_back(tb);
        state.SetIterationTime((ta * static_cast<double>(na) + tb * static_cast<double>(nb)) / 1e9);
    }
    const Spread r = spread_of(ratios);
    state.counters["ratio"] = r.median;
    state.counters["q1"] = r.q1;
    state.counters["q3"] = r.q3;
    state.counters["min"] = r.min;
    state.counters["max"] = r.max;
    state.counters["pairs"] = static_cast<double>(r.n);
    state.counters["A_ns"] = spread_of(a_ns).median;
    state.counters["B_ns"] = spread_of(b_ns).median;
    auto& pooled = paired_ratios()[key];
    pooled.insert(pooled.end(), ratios.begin(), ratios.end());
}

// "<label> / <baseline>: median X.XX (IQR a–b, min–max c–d, N pairs; target <= T)" for the pooled
// pairs kept under `name`.
inline void print_paired(const std::string& name, const char* label, const char* baseline,
                         double target, int decimals = 2) {
    const auto it = paired_ratios().find(name);
    if (it == paired_ratios().end() || it->second.empty()) {
        std::printf("%s / %s ratio: n/a (%s did not run)\n", label, baseline, name.c_str());
        return;
    }
    const Spread s = spread_of(it->second);
    std::printf("%s / %s ratio: median %.*f (IQR %.*f-%.*f, min-max %.*f-%.*f, %zu pairs; "
                "target <= %.*f)\n",
                label, baseline, decimals, s.median, decimals, s.q1, decimals, s.q3, decimals,
                s.min, decimals, s.max, s.n, decimals - 1, target);
}

} // namespace telemed_bench
