// The benchmark programs' reporter: the usual console output, plus each benchmark's CPU time kept
// by name so that main() can print figures from it (the context creation time). Ratios are not
// taken from here: two benchmarks run one after the other see different loads on a shared
// machine; paired.hpp measures ratios.
#pragma once

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdio>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace telemed_bench {

// The console output as usual, plus each benchmark's CPU time per iteration (in nanoseconds) kept
// by name. With --benchmark_repetitions the median is used: the "median" aggregate when it is
// reported (--benchmark_report_aggregates_only), else the median of the repetitions.
class RecordingReporter : public benchmark::ConsoleReporter {
public:
    // Colours only on a terminal, as the default reporter does, so that redirected output is clean.
    RecordingReporter()
        : ConsoleReporter(isatty(STDOUT_FILENO) != 0 ? OO_ColorTabular : OO_Tabular) {}

    void ReportRuns(const std::vector<Run>& reports) override {
        for (const auto& run : reports) {
            if (run.error_occurred) {
                continue;
            }
            const double ns =
                run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) * 1e9;
            if (run.run_type == Run::RT_Iteration) {
                samples_[run.run_name.str()].push_back(ns);
            } else if (run.aggregate_name == "median" && run.aggregate_unit == benchmark::kTime) {
                medians_[run.run_name.str()] = ns;
            }
        }
        ConsoleReporter::ReportRuns(reports);
    }

    // CPU nanoseconds per iteration of `name`, or a negative number when it did not run.
    double ns(const std::string& name) const {
        if (const auto m = medians_.find(name); m != medians_.end()) {
            return m->second;
        }
        const auto it = samples_.find(name);
        if (it == samples_.end() || it->second.empty()) {
            return -1.0;
        }
        std::vector<double> v = it->second;
        std::sort(v.begin(), v.end());
        const std::size_t n = v.size();
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

private:
    std::map<std::string, std::vector<double>> samples_;
    std::map<std::string, double> medians_;
};

} // namespace telemed_bench
