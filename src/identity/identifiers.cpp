// ЕНП and СНИЛС: formats, check digits, masking (rule set ru.identity).
#include <algorithm>

#include "core/response.hpp"
#include "identity/internal.hpp"

namespace telemed::identity {

namespace {
bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "XXX-XXX-XXX YY" or 11 bare digits → the 11 digits.
std::optional<std::string> snils_digits(std::string_view raw) {
    if (raw.size() == 11 && all_digits(raw)) {
        return std::string(raw);
    }
    if (raw.size() == 14 && raw[3] == '-' && raw[7] == '-' && raw[11] == ' ') {
        std::string d;
        d.append(raw.substr(0, 3))
            .append(raw.substr(4, 3))
            .append(raw.substr(8, 3))
            .append(raw.substr(12, 2));
        if (all_digits(d)) {
            return d;
        }
    }
    return std::nullopt;
}

// 16 bare digits, or four groups of four separated by single spaces → the 16 digits.
std::optional<std::string> enp_digits(std::string_view raw) {
    if (raw.size() == 16 && all_digits(raw)) {
        return std::string(raw);
    }
    if (raw.size() == 19 && raw[4] == ' ' && raw[9] == ' ' && raw[14] == ' ') {
        std::string d;
        for (std::size_t i = 0; i < 19; i += 5) {
            d.append(raw.substr(i, 4));
        }
        if (all_digits(d)) {
            return d;
        }
    }
    return std::nullopt;
}
} // namespace

bool luhn_valid(std::string_view digits) noexcept {
    if (!all_digits(digits)) {
        return false;
    }
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

int snils_control_number(std::string_view nine_digits) noexcept {
    int sum = 0;
    for (std::size_t i = 0; i < 9 && i < nine_digits.size(); ++i) {
        sum += (nine_digits[i] - '0') * static_cast<int>(9 - i);
    }
    if (sum < 100) {
        return sum;
    }
    if (sum == 100 || sum == 101) {
        return 0;
    }
    const int rest = sum % 101;
    return rest == 100 ? 0 : rest;
}

std::string mask(IdentifierType type, std::string_view digits) {
    std::string m(digits);
    for (std::size_t i = 2; i + 2 < m.size(); ++i) {
        m[i] = '*';
    }
    if (type == IdentifierType::snils && m.size() == 11) {
        return m.substr(0, 3) + "-" + m.substr(3, 3) + "-" + m.substr(6, 3) + " " + m.substr(9, 2);
    }
    if (type == IdentifierType::enp && m.size() == 16) {
        return m.substr(0, 4) + " " + m.substr(4, 4) + " " + m.substr(8, 4) + " " + m.substr(12, 4);
    }
    return m;
}

namespace detail {

const char* type_name(IdentifierType type) noexcept {
    return type == IdentifierType::enp ? "enp" : "snils";
}

Result<const rules::Rule*> require(const rules::View& view, std::string_view id,
                                   rules::Trace& trace) {
    if (const auto* rule = view.use(id, trace)) {
        return rule;
    }
    return Error{Status::rules,
                 Problem{"rule_not_in_force", "", std::string(id), Severity::error, {}}};
}

Result<IdentifierOutcome> check_identifier(IdentifierType type, std::string_view raw,
                                           const std::string& pointer, const rules::View& view,
                                           rules::Trace& trace, json::Problems& problems) {
    const bool enp = type == IdentifierType::enp;
    auto format = require(view, enp ? "identity.enp.format" : "identity.snils.format", trace);
    if (!format.ok()) {
        return format.error();
    }
    auto check = require(view, enp ? "identity.enp.luhn" : "identity.snils.checksum", trace);
    if (!check.ok()) {
        return check.error();
    }
    IdentifierOutcome outcome;
    const auto digits = enp ? enp_digits(raw) : snils_digits(raw);
    if (!digits) {
        problems.add("invalid_format", pointer, format.value()->id, {{"kind", type_name(type)}});
        return outcome;
    }
    outcome.normalized = *digits;
    bool check_ok = true;
    if (enp) {
        check_ok = luhn_valid(*digits);
    } else {
        // Numbers up to the threshold were issued before the control number existed.
        const auto& threshold = check.value()->string("unchecked_up_to");
        const bool checked = digits->substr(0, 9) > threshold;
        check_ok = !checked || snils_control_number(*digits) == std::stoi(digits->substr(9, 2));
    }
    if (!check_ok) {
        problems.add("invalid_check_digit", pointer, check.value()->id,
                     {{"kind", type_name(type)}, {"masked", mask(type, *digits)}});
        return outcome;
    }
    outcome.valid = true;
    return outcome;
}

} // namespace detail

Response validate_identifier(const Context& context, std::string_view text) {
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    auto view = rules::View::select(context, "identity", context.today());
    if (!view.ok()) {
        return core::fail(view.error());
    }
    rules::Trace trace;
    json::Problems input_problems;
    json::ObjectReader r(parsed.value(), "", input_problems);
    const auto type = r.one_of("type", true, {"enp", "snils"});
    const auto value = r.string("value", true, 64);
    r.finish();
    if (input_problems.has_errors()) {
        const auto problems = input_problems.take();
        return core::reject(trace, problems);
    }
    const auto kind = *type == "enp" ? IdentifierType::enp : IdentifierType::snils;
    json::Problems problems;
    auto outcome = detail::check_identifier(kind, *value, "/value", view.value(), trace, problems);
    if (!outcome.ok()) {
        return core::fail(outcome.error());
    }
    json::Writer out = core::begin();
    out.key("valid").boolean(outcome.value().valid).member("type", *type);
    if (outcome.value().normalized) {
        out.member("normalized", *outcome.value().normalized)
            .member("masked", mask(kind, *outcome.value().normalized));
    }
    core::write_problems(out, problems.all());
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::identity
