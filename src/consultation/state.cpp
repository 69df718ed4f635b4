// The consultation snapshot: safe access, hashes, and the checks a snapshot passes before any
// event or protocol is made from it.
#include <array>

#include "consultation/audit.hpp"
#include "consultation/internal.hpp"
#include "core/dates.hpp"
#include "crypto/hash.hpp"
#include "json/canonical.hpp"

namespace telemed::consultation::detail {

const bj::object* object_at(const bj::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

const bj::array* array_at(const bj::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::string_view string_at(const bj::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::optional<std::string> content_hash(const bj::value& value) {
    std::string text;
    if (!json::canonicalize_to(value, text)) {
        return std::nullopt;
    }
    return crypto::to_hex(crypto::sha256(text));
}

std::optional<std::string> state_hash(const bj::object& state) {
    std::string text;
    if (!json::canonicalize_to(state, "audit", text)) {
        return std::nullopt;
    }
    return crypto::to_hex(crypto::sha256(text));
}

std::string local_text(std::chrono::system_clock::time_point instant, const Context& context) {
    return dates::format_date_time(instant, dates::utc_offset(instant, context.time_zone()));
}

namespace {

// How far along the lifecycle each status is: what a snapshot in it must hold. Cancelled and
// no-show consultations may stop anywhere, so they are held only to what every snapshot has.
int stage(std::string_view status) {
    constexpr std::array<std::pair<std::string_view, int>, 11> stages{{
        {"requested", 0},
        {"scheduled", 1},
        {"identity_verified", 2},
        {"consent_confirmed", 3},
        {"in_progress", 4},
        {"interrupted", 4},
        {"completed", 5},
        {"protocol_signed", 6},
        {"delivered", 7},
        {"cancelled", 0},
        {"no_show", 0},
    }};
    for (const auto& [name, n] : stages) {
        if (name == status) {
            return n;
        }
    }
    return -1;
}

// The members the lifecycle reads from a snapshot, with the types it reads them as, so that a
// snapshot made by hand can be refused instead of tripping the code that reads it.
std::string missing_member(const bj::object& state) {
    const int n = stage(string_at(state, "status"));
    if (n < 0) {
        return "/status";
    }
    const auto* c = object_at(state, "consultation");
    if (c == nullptr || string_at(state, "id").empty()) {
        return "/consultation";
    }
    const auto* organisation = object_at(*c, "organisation");
    const auto* doctor = object_at(*c, "doctor");
    if (organisation == nullptr || string_at(*organisation, "id").empty() || doctor == nullptr ||
        string_at(*doctor, "id").empty() || object_at(*c, "patient") == nullptr ||
        string_at(*c, "mode").empty() || string_at(*c, "format").empty()) {
        return "/consultation";
    }
    const auto* interruptions = array_at(state, "interruptions");
    if (interruptions == nullptr) {
        return "/interruptions";
    }
    for (const auto& item : *interruptions) {
        if (!item.is_object()) {
            return "/interruptions";
        }
    }
    const auto* schedule = object_at(state, "schedule");
    const auto* slot = schedule != nullptr ? object_at(*schedule, "slot") : nullptr;
    if (n >= 1 && (slot == nullptr || string_at(*slot, "start").empty() ||
                   !slot->contains("telemedicine") || object_at(*schedule, "cabinet") == nullptr)) {
        return "/schedule";
    }
    const auto* identification = object_at(state, "identification");
    if (n >= 2 && (identification == nullptr || string_at(*identification, "method").empty())) {
        return "/identification";
    }
    if (n >= 3 && object_at(state, "consent") == nullptr) {
        return "/consent";
    }
    const auto* eligibility = object_at(state, "eligibility");
    if (n >= 4 &&
        (eligibility == nullptr || array_at(*eligibility, "permitted_actions") == nullptr ||
         string_at(*eligibility, "visit_date").empty())) {
        return "/eligibility";
    }
    if (n >= 4 && string_at(state, "started_at").empty()) {
        return "/started_at";
    }
    const auto* completion = object_at(state, "completion");
    if (n >= 5 && (completion == nullptr || array_at(*completion, "outcomes") == nullptr ||
                   string_at(*completion, "completed_at").empty())) {
        return "/completion";
    }
    if (n >= 6 && state.if_contains("signature") == nullptr) {
        return "/signature";
    }
    return {};
}

} // namespace

bool check_state(const bj::object& state, const Context& context, const std::string& pointer,
                 json::Problems& problems) {
    if (string_at(state, "format") != state_format) {
        problems.add("unsupported_state_format", pointer + "/format", {},
                     {{"format", std::string(state_format)}});
        return false;
    }
    const auto* audit = array_at(state, "audit");
    if (audit == nullptr || audit->empty()) {
        problems.add("state_invalid", pointer + "/audit");
        return false;
    }
    if (audit->size() > max_events) {
        problems.add("too_many_events", pointer + "/audit", {},
                     {{"limit", std::to_string(max_events)}});
        return false;
    }
    const auto chain = verify_chain(*audit);
    if (!chain.valid) {
        problems.add("audit_chain_broken",
                     json::pointer_index(pointer + "/audit", chain.first_bad.value_or(0)), {},
                     {{"reason", chain.reason}});
        return false;
    }
    const auto& last = audit->back().get_object();
    const auto hash = state_hash(state);
    if (!hash || *hash != string_at(last, "state_hash") ||
        string_at(state, "status") != string_at(last, "status")) {
        // The snapshot is not the one its last audit entry sealed.
        problems.add("state_modified", pointer);
        return false;
    }
    if (string_at(state, "jurisdiction") != context.jurisdiction() ||
        string_at(state, "time_zone") != context.time_zone_name()) {
        problems.add("context_mismatch", pointer + "/jurisdiction", {},
                     {{"jurisdiction", std::string(string_at(state, "jurisdiction"))}});
        return false;
    }
    if (const auto member = missing_member(state); !member.empty()) {
        problems.add("state_invalid", pointer + member);
        return false;
    }
    return true;
}

} // namespace telemed::consultation::detail
