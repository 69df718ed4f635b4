#include "signing.hpp"

#include <memory>

namespace telemed_cli {

namespace {

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

struct KeyFree {
    void operator()(tm_signing_key* key) const { tm_signing_key_free(key); }
};

} // namespace

std::optional<std::vector<unsigned char>> parse_seed(std::string_view text) {
    const std::string_view hex = trimmed(text);
    if (hex.size() == 64) {
        std::vector<unsigned char> seed;
        for (std::size_t i = 0; i < 64; i += 2) {
            const int high = hex_digit(hex[i]);
            const int low = hex_digit(hex[i + 1]);
            if (high < 0 || low < 0)
                return std::nullopt;
            seed.push_back(static_cast<unsigned char>(high * 16 + low));
        }
        return seed;
    }
    if (text.size() == 32)
        return std::vector<unsigned char>(text.begin(), text.end());
    return std::nullopt;
}

CallResult sign_with_seed(const Context& context, std::string_view document,
                          const std::vector<unsigned char>& seed, const std::string& key_id,
                          const std::string& certificate) {
    CallResult result;
    tm_signing_key* raw = nullptr;
    result.status = tm_signing_key_new(seed.data(), seed.size(), key_id.c_str(),
                                       certificate.empty() ? nullptr : certificate.c_str(), &raw);
    result.error = LibraryError::last();
    if (result.status != TM_OK)
        return result;
    const std::unique_ptr<tm_signing_key, KeyFree> key(raw);
    char* out = nullptr;
    std::size_t out_len = 0;
    result.status = tm_protocol_sign(context.get(), document.data(), document.size(), key.get(),
                                     &out, &out_len);
    result.error = LibraryError::last();
    if (out != nullptr)
        result.output.assign(out, out_len);
    tm_string_free(out);
    return result;
}

} // namespace telemed_cli
