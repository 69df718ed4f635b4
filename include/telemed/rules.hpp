// Rule sets as data: every threshold, list and code the library applies, with its source.
#pragma once

#include <cstdint>
#include <date/date.h>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "telemed/decimal.hpp"

namespace telemed::rules {

/// How sure a fact is (the labels of shared/reference): read in the source, read only in a summary,
/// or not found.
enum class Confidence { confirmed, secondary, unconfirmed };

/// in_force: law now; historical: law for an earlier period; draft: not law, applied only on
/// request.
enum class RuleSetStatus { in_force, historical, draft };

/// Text in both languages the library speaks.
struct Text {
    std::string en;
    std::string ru;
};

/// Where a rule comes from.
struct Source {
    std::string document; ///< e.g. "Федеральный закон 323-ФЗ"
    std::string point;    ///< e.g. "ст. 54 ч. 2"
    Confidence confidence = Confidence::unconfirmed;
};

/// A table of exact numbers keyed by an exact number, in key order (HbA1c target → glucose target).
using DecimalTable = std::vector<std::pair<Decimal, Decimal>>;

/// A rule parameter: an integer, a flag, a string, a list of strings, a map of strings, a map of
/// lists of strings, an exact decimal, or a table of decimals.
using ParamValue =
    std::variant<std::int64_t, bool, std::string, std::vector<std::string>,
                 std::map<std::string, std::string>,
                 std::map<std::string, std::vector<std::string>>, Decimal, DecimalTable>;

/// One rule: an id the code knows, its parameters, and its sources.
struct Rule {
    std::string id;
    Text title;
    Confidence confidence = Confidence::unconfirmed;
    bool enabled_by_default = false;
    /// Whether an embedder's configuration may turn the rule on or off. Unconfirmed rules must be.
    bool switchable = false;
    std::vector<Source> sources;
    std::map<std::string, ParamValue, std::less<>> params; ///< by name (found by string_view)

    /// An integer parameter; throws std::out_of_range when absent (the loader guarantees presence).
    std::int64_t integer(std::string_view name) const;
    /// A string parameter.
    const std::string& string(std::string_view name) const;
    /// A list-of-strings parameter.
    const std::vector<std::string>& strings(std::string_view name) const;
    /// A map-of-strings parameter.
    const std::map<std::string, std::string>& string_map(std::string_view name) const;
    /// A map-of-lists-of-strings parameter.
    const std::map<std::string, std::vector<std::string>>&
    string_lists(std::string_view name) const;
    /// A decimal parameter.
    Decimal decimal(std::string_view name) const;
    /// A decimal-table parameter.
    const DecimalTable& decimal_table(std::string_view name) const;
};

/// A versioned rule set: one jurisdiction, one period, one domain.
struct RuleSet {
    std::string id;           ///< e.g. "ru.identity"
    std::string version;      ///< semantic version "1.0.0"
    std::string domain;       ///< the code that compiles it in: "identity", "regions", ...
    std::string jurisdiction; ///< "RU" (federal) or ISO 3166-2 "RU-NVS"
    RuleSetStatus status = RuleSetStatus::draft;
    date::year_month_day effective_from;
    std::optional<date::year_month_day> effective_to; ///< inclusive; none = open-ended
    Text title;
    std::vector<Rule> rules;
    bool built_in = true; ///< false when it came from the embedder's configuration
};

/// Text names of the enums, as they appear in rule-set files.
const char* to_string(Confidence c) noexcept;
/// Text name of a rule-set status.
const char* to_string(RuleSetStatus s) noexcept;

} // namespace telemed::rules
