#include <stdexcept>

#include "telemed/rules.hpp"

namespace telemed::rules {

namespace {
template <class T> const T& param(const Rule& rule, std::string_view name) {
    const auto it = rule.params.find(name);
    if (it == rule.params.end() || !std::holds_alternative<T>(it->second)) {
        throw std::out_of_range("rule " + rule.id + " has no parameter " + std::string(name) +
                                " of that type");
    }
    return std::get<T>(it->second);
}
} // namespace

std::int64_t Rule::integer(std::string_view name) const {
    return param<std::int64_t>(*this, name);
}

const std::string& Rule::string(std::string_view name) const {
    return param<std::string>(*this, name);
}

const std::vector<std::string>& Rule::strings(std::string_view name) const {
    return param<std::vector<std::string>>(*this, name);
}

const std::map<std::string, std::string>& Rule::string_map(std::string_view name) const {
    return param<std::map<std::string, std::string>>(*this, name);
}

const std::map<std::string, std::vector<std::string>>&
Rule::string_lists(std::string_view name) const {
    return param<std::map<std::string, std::vector<std::string>>>(*this, name);
}

Decimal Rule::decimal(std::string_view name) const {
    return param<Decimal>(*this, name);
}

const DecimalTable& Rule::decimal_table(std::string_view name) const {
    return param<DecimalTable>(*this, name);
}

const char* to_string(Confidence c) noexcept {
    switch (c) {
    case Confidence::confirmed:
        return "CONFIRMED";
    case Confidence::secondary:
        return "SECONDARY";
    case Confidence::unconfirmed:
        return "UNCONFIRMED";
    }
    return "UNCONFIRMED";
}

const char* to_string(RuleSetStatus s) noexcept {
    switch (s) {
    case RuleSetStatus::in_force:
        return "in_force";
    case RuleSetStatus::historical:
        return "historical";
    case RuleSetStatus::draft:
        return "draft";
    }
    return "draft";
}

} // namespace telemed::rules
