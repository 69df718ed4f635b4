// Exact decimals (include/telemed/decimal.hpp).
#include "telemed/decimal.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace telemed {

namespace {

// Powers of ten that a double holds exactly (10^22 is the last one).
constexpr std::array<double, 23> exact_powers_of_ten = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Beyond this many zeros the plain notation gives way to E notation (see Decimal::to_string).
constexpr std::int64_t longest_plain_exponent = 32;

std::uint64_t magnitude(std::int64_t mantissa) noexcept {
    // Through unsigned arithmetic so that INT64_MIN has a magnitude too.
    const auto bits = static_cast<std::uint64_t>(mantissa);
    return mantissa < 0 ? ~bits + 1 : bits;
}

int digit_count(std::uint64_t n) noexcept {
    int count = 1;
    while (n >= 10) {
        n /= 10;
        ++count;
    }
    return count;
}

std::uint64_t power_of_ten(int n) noexcept {
    std::uint64_t p = 1;
    for (int i = 0; i < n; ++i) {
        p *= 10;
    }
    return p;
}

// Compares |a| and |b| (both non-zero). Trailing zeros are moved into the exponent so that each
// value has one form; then the order of magnitude decides, and only when it ties are the digits
// aligned: the aligned mantissa then has as many digits as the other one, so it fits in 64 bits.
std::strong_ordering compare_magnitudes(std::uint64_t ma, std::int64_t ea, std::uint64_t mb,
                                        std::int64_t eb) noexcept {
    const auto normalise = [](std::uint64_t& m, std::int64_t& e) {
        while (m % 10 == 0) {
            m /= 10;
            ++e;
        }
    };
    normalise(ma, ea);
    normalise(mb, eb);
    const std::int64_t order_a = digit_count(ma) + ea;
    const std::int64_t order_b = digit_count(mb) + eb;
    if (order_a != order_b) {
        return order_a <=> order_b;
    }
    if (ea > eb) {
        ma *= power_of_ten(static_cast<int>(ea - eb));
    } else {
        mb *= power_of_ten(static_cast<int>(eb - ea));
    }
    return ma <=> mb;
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) noexcept {
    // JSON number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    std::size_t at = 0;
    const bool negative = at < text.size() && text[at] == '-';
    if (negative) {
        ++at;
    }
    std::uint64_t digits = 0;
    int significant = 0;
    std::int64_t exponent = 0;
    const auto take_digit = [&](char c, bool fraction) {
        if (significant == 0 && c == '0') {
            if (fraction) {
                --exponent;
            }
            return true;
        }
        if (significant == max_digits) {
            return false;
        }
        digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
        ++significant;
        if (fraction) {
            --exponent;
        }
        return true;
    };
    if (at >= text.size() || !is_digit(text[at])) {
        return std::nullopt;
    }
    if (text[at] == '0') {
        ++at;
    } else {
        for (; at < text.size() && is_digit(text[at]); ++at) {
            if (!take_digit(text[at], false)) {
                return std::nullopt;
            }
        }
    }
    if (at < text.size() && text[at] == '.') {
        ++at;
        const std::size_t first = at;
        for (; at < text.size() && is_digit(text[at]); ++at) {
            if (!take_digit(text[at], true)) {
                return std::nullopt;
            }
        }
        if (at == first) {
            return std::nullopt;
        }
    }
    if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        ++at;
        bool exponent_negative = false;
        if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
            exponent_negative = text[at] == '-';
            ++at;
        }
        const std::size_t first = at;
        std::int64_t written = 0;
        for (; at < text.size() && is_digit(text[at]); ++at) {
            if (written > 1000) {
                return std::nullopt;
            }
            written = written * 10 + (text[at] - '0');
        }
        if (at == first) {
            return std::nullopt;
        }
        exponent += exponent_negative ? -written : written;
    }
    if (at != text.size()) {
        return std::nullopt;
    }
    if (significant == 0) {
        return Decimal{0, 0};
    }
    if (exponent > max_exponent || exponent < -max_exponent) {
        return std::nullopt;
    }
    const auto m = static_cast<std::int64_t>(digits);
    return Decimal{negative ? -m : m, static_cast<std::int32_t>(exponent)};
}

std::optional<Decimal> Decimal::from_double(double value) noexcept {
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (written.ec != std::errc{}) {
        return std::nullopt;
    }
    // to_chars writes "1e+22" and "5.6": the JSON grammar without its "+" problem (accepted).
    return parse(
        std::string_view(buffer.data(), static_cast<std::size_t>(written.ptr - buffer.data())));
}

double Decimal::to_double() const noexcept {
    const auto m = static_cast<double>(mantissa);
    if (exponent >= 0 && exponent <= 22) {
        return m * exact_powers_of_ten[static_cast<std::size_t>(exponent)];
    }
    if (exponent < 0 && exponent >= -22) {
        // Both operands are exact (while |mantissa| < 2^53), so the one division rounds correctly:
        // 20·10⁻¹ gives 2.0 exactly and 1·10⁻¹ the double nearest 0.1.
        return m / exact_powers_of_ten[static_cast<std::size_t>(-exponent)];
    }
    return m * std::pow(10.0, static_cast<double>(exponent));
}

void Decimal::append_to(std::string& out) const {
    std::array<char, 24> buffer{};
    const auto digits_end =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), magnitude(mantissa)).ptr;
    const std::string_view digits(buffer.data(),
                                  static_cast<std::size_t>(digits_end - buffer.data()));
    if (mantissa < 0) {
        out += '-';
    }
    const auto e = static_cast<std::int64_t>(exponent);
    if (e > longest_plain_exponent || e < -longest_plain_exponent) {
        out += digits;
        out += e > 0 ? "E+" : "E";
        out += std::to_string(e);
        return;
    }
    if (e >= 0) {
        out += digits;
        // Zeros after a zero would make a number JSON forbids ("000").
        if (mantissa != 0) {
            out.append(static_cast<std::size_t>(e), '0');
        }
        return;
    }
    const auto fraction_digits = static_cast<std::size_t>(-e);
    if (digits.size() > fraction_digits) {
        out += digits.substr(0, digits.size() - fraction_digits);
        out += '.';
        out += digits.substr(digits.size() - fraction_digits);
    } else {
        out += "0.";
        out.append(fraction_digits - digits.size(), '0');
        out += digits;
    }
}

std::string Decimal::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

std::strong_ordering compare(Decimal a, Decimal b) noexcept {
    const auto sign = [](std::int64_t m) { return (m > 0) - (m < 0); };
    const int sign_a = sign(a.mantissa);
    const int sign_b = sign(b.mantissa);
    if (sign_a != sign_b || sign_a == 0) {
        return sign_a <=> sign_b;
    }
    const auto by_magnitude =
        compare_magnitudes(magnitude(a.mantissa), a.exponent, magnitude(b.mantissa), b.exponent);
    return sign_a > 0 ? by_magnitude : 0 <=> by_magnitude;
}

std::optional<Decimal> multiply(Decimal a, Decimal b) noexcept {
    if (a.mantissa == 0 || b.mantissa == 0) {
        return Decimal{0, 0};
    }
    std::uint64_t ma = magnitude(a.mantissa);
    std::uint64_t mb = magnitude(b.mantissa);
    std::int64_t exponent = static_cast<std::int64_t>(a.exponent) + b.exponent;
    for (auto* m : {&ma, &mb}) {
        while (*m % 10 == 0) {
            *m /= 10;
            ++exponent;
        }
    }
    if (digit_count(ma) + digit_count(mb) > Decimal::max_digits + 1) {
        return std::nullopt;
    }
    const std::uint64_t product = ma * mb; // < 10^19: fits
    if (digit_count(product) > Decimal::max_digits || exponent > 2 * Decimal::max_exponent ||
        exponent < -2 * Decimal::max_exponent) {
        return std::nullopt;
    }
    const bool negative = (a.mantissa < 0) != (b.mantissa < 0);
    const auto m = static_cast<std::int64_t>(product);
    return Decimal{negative ? -m : m, static_cast<std::int32_t>(exponent)};
}

} // namespace telemed
