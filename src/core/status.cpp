#include "telemed/status.hpp"

namespace telemed {

namespace {
struct StatusText {
    const char* name;
    const char* description;
};
// Index = pinned status value.
constexpr StatusText status_texts[] = {
    {"TM_OK", "success"},
    {"TM_E_INVALID_ARGUMENT", "invalid argument"},
    {"TM_E_STRUCT_VERSION", "unsupported option struct version"},
    {"TM_E_JSON_SYNTAX", "malformed JSON"},
    {"TM_E_INVALID_UTF8", "invalid UTF-8"},
    {"TM_E_LIMIT", "input exceeds a limit"},
    {"TM_E_VALIDATION", "validation failed"},
    {"TM_E_RULES", "invalid rule set or configuration, or no rule set in force"},
    {"TM_E_NOT_FOUND", "not found"},
    {"TM_E_TIME_ZONE", "unknown time zone"},
    {"TM_E_NO_MEMORY", "out of memory"},
    {"TM_E_INTERNAL", "internal error"},
    {"TM_E_SIGNER", "the external signer failed"},
};
constexpr int status_count = static_cast<int>(sizeof status_texts / sizeof status_texts[0]);
} // namespace

const char* status_name(int status) noexcept {
    return status >= 0 && status < status_count ? status_texts[status].name : "TM_E_UNKNOWN";
}

const char* status_describe(int status) noexcept {
    return status >= 0 && status < status_count ? status_texts[status].description
                                                : "unknown status";
}

} // namespace telemed
