// The rules a context can apply, resolved once when the context is made: for each domain, the dates
// are cut where a rule set starts or ends, and each interval holds its rules already merged
// (regional over federal) and sorted by id. Selecting the rules for a day is then a binary search.
#pragma once

#include <date/date.h>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "telemed/rules.hpp"

namespace telemed::rules {

/// The rules in force over one interval of days.
struct Interval {
    date::sys_days first; ///< inclusive
    date::sys_days last;  ///< inclusive
    std::vector<std::pair<const Rule*, const RuleSet*>>
        rules; ///< sorted by rule id; empty: no set in force
};

/// Every domain's intervals, covering all days.
class Index {
public:
    /// Resolves `sets` for a jurisdiction: federal sets and the jurisdiction's own, drafts only if
    /// asked. The sets must outlive the index.
    Index(const std::vector<RuleSet>& sets, const std::string& jurisdiction,
          const std::vector<std::string>& enabled_drafts);

    /// The interval of `domain` holding `day`, or nullptr when the domain has no set at all.
    const Interval* find(std::string_view domain, date::year_month_day day) const;

private:
    std::map<std::string, std::vector<Interval>, std::less<>> domains_;
};

} // namespace telemed::rules
