// The context: the rule sets, switches, time zone and clock of one medical organisation's setting.
#pragma once

#include <chrono>
#include <date/date.h>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "telemed/rules.hpp"
#include "telemed/status.hpp"

namespace date {
class time_zone;
}

namespace telemed::rules {
class Index;
}

namespace telemed {

/// The injected clock: returns "now". Must be thread-safe: a context is shared between threads.
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// What a context is made from.
struct ContextOptions {
    /// "RU" (federal rules only) or an ISO 3166-2 region such as "RU-NVS" (federal plus regional).
    std::string jurisdiction = "RU";
    /// IANA zone of the medical organisation; empty means the regions rule set's zone for the
    /// jurisdiction.
    std::string time_zone;
    /// Optional configuration document (docs/rules.md): override rule sets, switches, drafts.
    std::string config_json;
    /// Empty means the system clock.
    Clock clock;
};

/// Immutable once created; copies share the same state; safe to use from many threads at once.
class Context {
public:
    /// Builds a context, validating the jurisdiction, the zone and the configuration document.
    static Result<Context> create(const ContextOptions& options);

    /// "RU" or an ISO 3166-2 region code.
    const std::string& jurisdiction() const noexcept;
    /// The IANA name of the organisation's zone.
    const std::string& time_zone_name() const noexcept;
    /// The organisation's zone in the tz database (looked up on first use: making a context does
    /// not load the tz database).
    const date::time_zone* time_zone() const;
    /// Now, by the injected clock.
    std::chrono::system_clock::time_point now() const;
    /// Today's calendar date in the organisation's zone.
    date::year_month_day today() const;
    /// Every rule set known to the context: built in, then the configuration's (which replace
    /// same-id ones).
    const std::vector<rules::RuleSet>& rule_sets() const noexcept;
    /// Whether a rule is on: its switch in the configuration if set, else its default.
    bool rule_enabled(const rules::Rule& rule) const;
    /// Whether a draft rule set was asked for by the configuration.
    bool draft_enabled(const std::string& rule_set_id) const;
    /// The rules resolved per domain and date interval when the context was made (internal).
    const rules::Index& rule_index() const noexcept;

private:
    struct State;
    explicit Context(std::shared_ptr<const State> state) : state_(std::move(state)) {}
    std::shared_ptr<const State> state_;
};

} // namespace telemed
