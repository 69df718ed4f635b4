#include "rules/index.hpp"

#include <algorithm>
#include <set>

namespace telemed::rules {

namespace {
bool in_period(const RuleSet& s, date::sys_days d) {
    return date::sys_days(s.effective_from) <= d &&
           (!s.effective_to || d <= date::sys_days(*s.effective_to));
}
} // namespace

Index::Index(const std::vector<RuleSet>& sets, const std::string& jurisdiction,
             const std::vector<std::string>& enabled_drafts) {
    std::map<std::string, std::vector<const RuleSet*>, std::less<>> by_domain;
    for (const auto& s : sets) {
        const bool here = s.jurisdiction == "RU" || s.jurisdiction == jurisdiction;
        const bool asked =
            s.status != RuleSetStatus::draft ||
            std::find(enabled_drafts.begin(), enabled_drafts.end(), s.id) != enabled_drafts.end();
        if (here && asked) {
            by_domain[s.domain].push_back(&s);
        }
    }
    for (const auto& [domain, candidates] : by_domain) {
        // Cut the calendar where any candidate starts or ends.
        std::set<date::sys_days> cuts;
        for (const auto* s : candidates) {
            cuts.insert(date::sys_days(s->effective_from));
            if (s->effective_to) {
                cuts.insert(date::sys_days(*s->effective_to) + date::days{1});
            }
        }
        std::vector<date::sys_days> starts{date::sys_days::min()};
        starts.insert(starts.end(), cuts.begin(), cuts.end());
        auto& intervals = domains_[domain];
        for (std::size_t i = 0; i < starts.size(); ++i) {
            Interval interval;
            interval.first = starts[i];
            interval.last =
                i + 1 < starts.size() ? starts[i + 1] - date::days{1} : date::sys_days::max();
            // Federal first, then the region's: a regional rule replaces the federal one of its id.
            for (const bool regional : {false, true}) {
                for (const auto* s : candidates) {
                    if ((s->jurisdiction != "RU") != regional || !in_period(*s, interval.first)) {
                        continue;
                    }
                    for (const auto& rule : s->rules) {
                        auto it =
                            std::find_if(interval.rules.begin(), interval.rules.end(),
                                         [&](const auto& p) { return p.first->id == rule.id; });
                        if (it != interval.rules.end()) {
                            *it = {&rule, s};
                        } else {
                            interval.rules.emplace_back(&rule, s);
                        }
                    }
                }
            }
            std::sort(interval.rules.begin(), interval.rules.end(),
                      [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
            intervals.push_back(std::move(interval));
        }
    }
}

const Interval* Index::find(std::string_view domain, date::year_month_day day) const {
    const auto it = domains_.find(domain);
    if (it == domains_.end()) {
        return nullptr;
    }
    const auto d = date::sys_days(day);
    const auto& intervals = it->second;
    const auto at =
        std::upper_bound(intervals.begin(), intervals.end(), d,
                         [](date::sys_days v, const Interval& x) { return v < x.first; });
    return at == intervals.begin() ? nullptr : &*(at - 1);
}

} // namespace telemed::rules
