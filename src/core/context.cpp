#include <algorithm>
#include <date/tz.h>
#include <mutex>
#include <stdexcept>

#include "core/dates.hpp"
#include "rules/index.hpp"
#include "rules/loader.hpp"
#include "rules/selection.hpp"
#include "telemed/context.hpp"

namespace telemed {

struct Context::State {
    std::string jurisdiction;
    std::string zone_name;
    // Resolved in the tz database on first use, once: making a context does not load the database.
    mutable std::once_flag zone_once;
    mutable const date::time_zone* zone = nullptr;
    rules::Configuration configuration;
    std::optional<rules::Index> index; // made last, over configuration.rule_sets
    Clock clock;
};

namespace {

Error option_error(Status status, std::string code, std::string pointer,
                   std::vector<std::pair<std::string, std::string>> args = {}) {
    return Error{
        status, Problem{std::move(code), std::move(pointer), {}, Severity::error, std::move(args)}};
}

bool valid_jurisdiction(std::string_view s) {
    if (s == "RU") {
        return true;
    }
    return s.size() >= 5 && s.size() <= 6 && s.substr(0, 3) == "RU-" &&
           std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

} // namespace

Result<Context> Context::create(const ContextOptions& options) {
    auto state = std::make_shared<State>();
    state->jurisdiction = options.jurisdiction.empty() ? "RU" : options.jurisdiction;
    if (!valid_jurisdiction(state->jurisdiction)) {
        return option_error(Status::invalid_argument, "invalid_jurisdiction", "/jurisdiction");
    }
    state->clock =
        options.clock ? options.clock : Clock([] { return std::chrono::system_clock::now(); });

    auto configuration = rules::read_configuration(options.config_json);
    if (!configuration.ok()) {
        return configuration.error();
    }
    state->configuration = std::move(configuration).value();
    state->index.emplace(state->configuration.rule_sets, state->jurisdiction,
                         std::vector<std::string>(state->configuration.drafts.begin(),
                                                  state->configuration.drafts.end()));

    state->zone_name = options.time_zone;
    if (state->zone_name.empty()) {
        if (state->jurisdiction == "RU") {
            return option_error(Status::time_zone, "time_zone_required", "/time_zone");
        }
        // The region's zone comes from the regions rule set in force today (UTC date: no zone yet).
        Context partial{state};
        const auto today_utc = date::year_month_day(date::floor<date::days>(state->clock()));
        auto view = rules::View::select(partial, "regions", today_utc);
        rules::Trace trace;
        const rules::Rule* zones =
            view.ok() ? view.value().use("regions.time_zones", trace) : nullptr;
        const auto* map = zones ? &zones->string_map("zones") : nullptr;
        const auto it = map ? map->find(state->jurisdiction) : decltype(map->end()){};
        if (map == nullptr || it == map->end()) {
            return option_error(Status::time_zone, "region_zone_unknown", "/time_zone",
                                {{"region", state->jurisdiction}});
        }
        state->zone_name = it->second;
    }
    if (const auto problem = dates::zone_directory_problem()) {
        return option_error(Status::time_zone, *problem, "/time_zone");
    }
    if (!dates::zone_exists(state->zone_name)) {
        return option_error(Status::time_zone, "unknown_time_zone", "/time_zone");
    }
    return Context{std::move(state)};
}

const std::string& Context::jurisdiction() const noexcept {
    return state_->jurisdiction;
}

const std::string& Context::time_zone_name() const noexcept {
    return state_->zone_name;
}

const date::time_zone* Context::time_zone() const {
    std::call_once(state_->zone_once,
                   [this] { state_->zone = dates::find_zone(state_->zone_name); });
    if (state_->zone == nullptr) {
        // zone_exists() saw its file, but the tz database does not know it: a broken installation.
        throw std::runtime_error("time zone not in the tz database");
    }
    return state_->zone;
}

std::chrono::system_clock::time_point Context::now() const {
    return state_->clock();
}

date::year_month_day Context::today() const {
    return dates::calendar_date(now(), time_zone());
}

const std::vector<rules::RuleSet>& Context::rule_sets() const noexcept {
    return state_->configuration.rule_sets;
}

bool Context::rule_enabled(const rules::Rule& rule) const {
    const auto& switches = state_->configuration.switches;
    const auto it = switches.find(rule.id);
    return it != switches.end() ? it->second : rule.enabled_by_default;
}

const rules::Index& Context::rule_index() const noexcept {
    return *state_->index;
}

bool Context::draft_enabled(const std::string& rule_set_id) const {
    return state_->configuration.drafts.count(rule_set_id) != 0;
}

const DeviceKey* Context::device_key(std::string_view device_id) const noexcept {
    const auto& keys = state_->configuration.device_keys;
    const auto it = keys.find(device_id);
    return it != keys.end() ? &it->second : nullptr;
}

std::vector<std::string> Context::device_ids() const {
    std::vector<std::string> ids;
    for (const auto& entry : state_->configuration.device_keys) {
        ids.push_back(entry.first);
    }
    return ids;
}

const SignerKey* Context::signer_key(std::string_view key_id) const noexcept {
    const auto& keys = state_->configuration.signer_keys;
    const auto it = keys.find(key_id);
    return it != keys.end() ? &it->second : nullptr;
}

std::vector<std::string> Context::signer_ids() const {
    std::vector<std::string> ids;
    ids.reserve(state_->configuration.signer_keys.size());
    for (const auto& entry : state_->configuration.signer_keys) {
        ids.push_back(entry.first);
    }
    return ids;
}

UnsignedReadings Context::unsigned_readings() const noexcept {
    return state_->configuration.unsigned_readings;
}

} // namespace telemed
