// Many threads on shared contexts: every conformance vector (tests/conformance/vectors), its
// operation and input through the C API, run by 8 threads at once, each thread twice over the whole
// list from its own starting place. Cases of the same setting share one context (made once, before
// the threads start), as an embedder shares one context between its threads; context.new cases
// make their own. Every result — the status, the output bytes and the thread's tm_error_last() —
// must equal the result of the same case run alone on one thread afterwards.
//
// The threads run first, on a library that has served nothing yet, so that the one-time
// initialisations (the built-in rule sets' first selection, the tz database, each context's zone,
// ICU's data, the message catalogue) also happen under contention. Built with -fsanitize=thread
// (preset tsan) this is the data-race check; in the other builds it checks that results do not
// depend on what other threads do.
//
// Usage: telemed_threads_test VECTOR_DIR [THREADS]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "conformance_cases.hpp"

namespace {

using telemed_threads::Case;
using telemed_threads::Outcome;

constexpr std::size_t passes = 2;

std::string shorten(const std::string& s) {
    constexpr std::size_t max_shown = 200;
    return s.size() > max_shown ? s.substr(0, max_shown) + "..." : s;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: telemed_threads_test VECTOR_DIR [THREADS]\n");
        return 2;
    }
    const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
    if (threads < 1) {
        std::fprintf(stderr, "THREADS must be at least 1\n");
        return 2;
    }
    std::vector<Case> cases;
    telemed_threads::Contexts contexts;
    try {
        cases = telemed_threads::read_cases(argv[1]);
        contexts.attach(cases);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot prepare the vectors in %s: %s\n", argv[1], e.what());
        return 2;
    }
    if (cases.empty()) {
        std::fprintf(stderr, "no cases in %s\n", argv[1]);
        return 2;
    }
    const std::size_t n = cases.size();

    // What each thread got, by pass and case: [thread][pass * n + case].
    std::vector<std::vector<Outcome>> got(static_cast<std::size_t>(threads),
                                          std::vector<Outcome>(passes * n));
    {
        std::latch start(threads);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                auto& mine = got[static_cast<std::size_t>(t)];
                const std::size_t offset =
                    static_cast<std::size_t>(t) * n / static_cast<std::size_t>(threads);
                start.arrive_and_wait(); // all begin together
                for (std::size_t p = 0; p < passes; ++p) {
                    for (std::size_t i = 0; i < n; ++i) {
                        const std::size_t k = (offset + i) % n;
                        mine[p * n + k] = telemed_threads::run(cases[k]);
                    }
                }
            });
        }
        for (auto& thread : pool) {
            thread.join();
        }
    }

    // Each case alone, on this thread, now that the others are done.
    std::size_t mismatches = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const Outcome alone = telemed_threads::run(cases[k]);
        for (int t = 0; t < threads; ++t) {
            for (std::size_t p = 0; p < passes; ++p) {
                const Outcome& r = got[static_cast<std::size_t>(t)][p * n + k];
                if (r == alone) {
                    continue;
                }
                if (++mismatches <= 10) {
                    std::printf("FAIL %s (thread %d, pass %zu): status %d, alone %d\n"
                                "  output: %s\n  alone:  %s\n  error: %s\n  alone: %s\n",
                                cases[k].id.c_str(), t, p + 1, r.status, alone.status,
                                shorten(r.output).c_str(), shorten(alone.output).c_str(),
                                shorten(r.error).c_str(), shorten(alone.error).c_str());
                }
            }
        }
    }
    std::printf(
        "%zu cases on %zu shared contexts, %d threads x %zu passes: %zu results differ from "
        "the single-threaded ones\n",
        n, contexts.size(), threads, passes, mismatches);
    return mismatches == 0 ? 0 : 1;
}
