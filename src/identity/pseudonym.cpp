// Pseudonymous patient keys for analytics exports: a keyed BLAKE2b of each valid identifier, so
// that exports made with one secret key join on the same patient without carrying the identifier
// (docs/identity.md, "Pseudonymous keys").
#include <algorithm>
#include <array>
#include <optional>
#include <sodium.h>
#include <stdexcept>
#include <string>

#include "core/response.hpp"
#include "crypto/hash.hpp"
#include "identity/internal.hpp"

namespace telemed::identity {

namespace {

// At least 256 bits, so that guessing the key is no easier than inverting the 256-bit output;
// libsodium would take 16 bytes, but a 128-bit key would then be the weak link.
constexpr std::size_t min_key_bytes = 32;
// libsodium's longest BLAKE2b key (crypto_generichash_KEYBYTES_MAX).
constexpr std::size_t max_key_bytes = crypto::blake2b_key_max;
// A batch is answered in one document: bound its size and the work one call may ask for.
constexpr std::size_t max_identifiers = 1000;
constexpr std::string_view scheme = "blake2b-256-keyed/v1";
// Names the purpose and the version, ended by NUL (which no type or digit holds), so that no other
// use of the same key, and no later version of the scheme, hashes the same bytes.
constexpr std::string_view domain_tag{"telemed.pseudonym.v1\0", 21};

static_assert(max_key_bytes == 64 && min_key_bytes >= crypto::blake2b_key_min);
static_assert(crypto::blake2b_bytes == 32, "the scheme is BLAKE2b-256");

// Zeroes a string's whole buffer, spare capacity included, when it goes out of scope: it held
// an identifier, which must not linger in freed memory.
class WipeOnExit {
public:
    explicit WipeOnExit(std::optional<std::string>& text) noexcept : text_(text) {}
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;
    ~WipeOnExit() {
        if (text_) {
            // Within the capacity resize never reallocates; it makes every byte ours to overwrite.
            text_->resize(text_->capacity());
            sodium_memzero(text_->data(), text_->size());
            text_->clear();
        }
    }

private:
    std::optional<std::string>& text_;
};

// The pseudonym of a valid identifier: hex of BLAKE2b-256 keyed by `key` over
// "telemed.pseudonym.v1\0" type "\0" digits. The type keeps a СНИЛС and an ЕНП with the same
// digits apart.
std::string pseudonym_of(std::string_view key, std::string_view type, std::string_view digits) {
    // On the stack and wiped: the message holds the digits. 21 + 5 + 1 + 16 bytes at most.
    std::array<char, 64> message{};
    const std::size_t size = domain_tag.size() + type.size() + 1 + digits.size();
    if (size > message.size()) {
        throw std::logic_error("pseudonym message longer than its buffer");
    }
    auto* end = std::copy(domain_tag.begin(), domain_tag.end(), message.begin());
    end = std::copy(type.begin(), type.end(), end);
    *end++ = '\0';
    std::copy(digits.begin(), digits.end(), end);
    const auto digest = crypto::keyed_blake2b(key, std::string_view(message.data(), size));
    sodium_memzero(message.data(), message.size());
    if (!digest) {
        throw std::logic_error("key length checked before hashing");
    }
    return crypto::to_hex(*digest);
}

// One identifier of the batch: its result object, with the pseudonym when it is valid.
Result<bool> write_item(const json::bj::value& item, std::size_t index, std::string_view key,
                        const rules::View& view, rules::Trace& trace, json::Writer& out) {
    json::Problems problems;
    const std::string pointer = json::pointer_index("/identifiers", index);
    json::ObjectReader r(item, pointer, problems);
    const auto type = r.one_of("type", true, {"enp", "snils"});
    auto value = r.string("value", true, 64);
    WipeOnExit value_wiped(value);
    r.finish();

    out.begin_object().key("index").integer(static_cast<std::int64_t>(index));
    if (type) {
        out.member("type", *type);
    }
    bool valid = false;
    if (type && value && !problems.has_errors()) {
        const auto kind = *type == "enp" ? IdentifierType::enp : IdentifierType::snils;
        auto outcome = detail::check_identifier(kind, *value, r.at("value"), view, trace, problems);
        if (!outcome.ok()) {
            return outcome.error();
        }
        auto& digits = outcome.value().normalized;
        WipeOnExit digits_wiped(digits);
        valid = outcome.value().valid;
        out.key("valid").boolean(valid);
        if (valid) {
            out.member("pseudonym", pseudonym_of(key, *type, *digits));
        }
        if (digits) {
            out.member("masked", mask(kind, *digits));
        }
    } else {
        out.key("valid").boolean(false);
    }
    core::write_problems(out, problems.all());
    out.end_object();
    return valid;
}

} // namespace

Response pseudonym(const Context& context, std::string_view text, std::string_view key) {
    if (key.size() < min_key_bytes || key.size() > max_key_bytes) {
        return core::fail(
            Error{Status::invalid_argument, Problem{"invalid_key_length",
                                                    "/key",
                                                    "",
                                                    Severity::error,
                                                    {{"min", std::to_string(min_key_bytes)},
                                                     {"max", std::to_string(max_key_bytes)}}}});
    }
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
    const auto* list = r.array("identifiers", true);
    r.finish();
    if (list != nullptr && list->size() > max_identifiers) {
        return core::fail(
            Error{Status::limit, Problem{"too_many_items",
                                         "/identifiers",
                                         "",
                                         Severity::error,
                                         {{"limit", std::to_string(max_identifiers)}}}});
    }
    if (list != nullptr && list->empty()) {
        input_problems.add("empty_array", "/identifiers");
    }
    if (input_problems.has_errors() || list == nullptr) {
        return core::reject(trace, input_problems.take());
    }
    json::Writer out = core::begin();
    out.member("scheme", scheme).key("results").begin_array();
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto written = write_item((*list)[i], i, key, view.value(), trace, out);
        if (!written.ok()) {
            return core::fail(written.error());
        }
    }
    out.end_array();
    return core::succeed(std::move(out), trace);
}

} // namespace telemed::identity
