// Shared helpers of the unit tests: a context with a fixed clock, and JSON output as a value.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <date/date.h>
#include <gtest/gtest.h>
#include <string>

#include "telemed/telemed.hpp"

namespace telemed::test {

/// A fixed instant from a UTC date and time.
inline std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int hh = 12,
                                                 int mm = 0) {
    return date::sys_days(date::year{y} / date::month{m} / date::day{d}) + std::chrono::hours{hh} +
           std::chrono::minutes{mm};
}

/// A context for a jurisdiction (and zone), with a fixed clock, and an optional configuration.
inline Context make_context(const std::string& jurisdiction,
                            std::chrono::system_clock::time_point now, const std::string& zone = "",
                            const std::string& config = "") {
    ContextOptions options;
    options.jurisdiction = jurisdiction;
    options.time_zone = zone;
    options.config_json = config;
    options.clock = [now] { return now; };
    auto created = Context::create(options);
    if (!created.ok()) {
        ADD_FAILURE() << "context: " << created.error().problem.code << " at "
                      << created.error().problem.pointer;
        std::abort();
    }
    return created.value();
}

/// The response's document as a JSON object (empty when there is none).
inline boost::json::object output(const Response& r) {
    if (r.json.empty()) {
        return {};
    }
    return boost::json::parse(r.json).as_object();
}

} // namespace telemed::test
