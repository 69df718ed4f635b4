// Exact decimal numbers: device values, reading values and rule thresholds are compared at their
// boundaries, so they are kept as written (5.6, 18.0156) instead of being rounded to binary.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace telemed {

/// An exact decimal number mantissa·10^exponent. Several representations may denote one value
/// (20·10⁻¹ and 2·10⁰): compare with compare().
struct Decimal {
    std::int64_t mantissa = 0;
    std::int32_t exponent = 0;

    /// The most significant digits a parsed or computed decimal may have: values stay far inside
    /// 64-bit arithmetic (a product of two is checked, not wrapped).
    static constexpr int max_digits = 18;
    /// The largest |exponent| a parsed decimal may have.
    static constexpr int max_exponent = 40;

    /// Parses a JSON number's text ("-12.50", "1e3", "0.0095") exactly. Trailing zeros of the
    /// fraction are kept in the representation ("2.0" is 20·10⁻¹). Nothing when the text is not a
    /// JSON number, has more than max_digits significant digits or an exponent beyond
    /// ±max_exponent.
    static std::optional<Decimal> parse(std::string_view text) noexcept;

    /// The decimal a double was written as: its shortest round-trip form (5.6 gives 56·10⁻¹, not
    /// the binary value's 50 digits). Nothing for NaN and infinities.
    static std::optional<Decimal> from_double(double value) noexcept;

    /// The nearest double. Exact or correctly rounded while |exponent| ≤ 22, approximate beyond.
    double to_double() const noexcept;

    /// The value in plain decimal notation with the precision kept: 20·10⁻¹ is "2.0", −5·10⁻² is
    /// "-0.05", 12·10² is "1200", 0·10² is "0". Beyond |exponent| > 32 it is written "12E+40" so
    /// that a hostile exponent cannot make a huge string. Always a valid JSON number.
    std::string to_string() const;

    /// Appends to_string() to `out`, for writers that build one buffer.
    void append_to(std::string& out) const;

    /// The same digits times 10^power: a unit change by a power of ten without any rounding
    /// (kg/L → mg/dL is shifted(5), mol/L → mmol/L is shifted(3)).
    Decimal shifted(std::int32_t power) const noexcept { return {mantissa, exponent + power}; }
};

/// Exact three-way comparison of the values of two decimals, whatever their representations
/// (2.0 == 2, 3.886 < 3.9).
std::strong_ordering compare(Decimal a, Decimal b) noexcept;

/// The exact product, or nothing when it would need more than Decimal::max_digits digits (after
/// dropping trailing zeros) or its exponent would leave ±(2·max_exponent).
std::optional<Decimal> multiply(Decimal a, Decimal b) noexcept;

} // namespace telemed
