#include "rules/loader.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/embedded.hpp"
#include "crypto/signature.hpp"
#include "rules/specs.hpp"

namespace telemed::rules {

namespace {

using json::ObjectReader;
using json::Problems;
using json::bj::value;

bool is_region_code(std::string_view s) {
    if (s == "RU") {
        return true;
    }
    if (s.size() < 5 || s.size() > 6 || s.substr(0, 3) != "RU-") {
        return false;
    }
    return std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_identifier(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

bool is_version(std::string_view s) {
    int dots = 0;
    bool digit_before = false;
    for (char c : s) {
        if (c == '.') {
            if (!digit_before) {
                return false;
            }
            ++dots;
            digit_before = false;
        } else if (c >= '0' && c <= '9') {
            digit_before = true;
        } else {
            return false;
        }
    }
    return dots == 2 && digit_before;
}

std::optional<Confidence> confidence_of(const std::optional<std::string>& s) {
    if (!s) {
        return std::nullopt;
    }
    if (*s == "CONFIRMED") {
        return Confidence::confirmed;
    }
    if (*s == "SECONDARY") {
        return Confidence::secondary;
    }
    return Confidence::unconfirmed;
}

std::optional<Text> read_text(ObjectReader& parent, std::string_view key) {
    const auto* v = parent.value(key, true);
    if (v == nullptr) {
        return std::nullopt;
    }
    ObjectReader r(*v, parent, key);
    auto en = r.string("en", true, 500);
    auto ru = r.string("ru", true, 500);
    r.finish();
    if (!en || !ru) {
        return std::nullopt;
    }
    return Text{*en, *ru};
}

std::string join(const std::vector<std::string_view>& names) {
    std::string out;
    for (const auto name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

bool within(Decimal d, const ParamSpec& spec) {
    return compare(d, Decimal{spec.min, 0}) >= 0 && compare(d, Decimal{spec.max, 0}) <= 0;
}

std::optional<ParamValue> read_param(const value& v, const ParamSpec& spec,
                                     const std::string& pointer, Problems& problems) {
    const ParamType type = spec.type;
    const auto wrong = [&](const char* expected) {
        problems.add("wrong_type", pointer, {}, {{"expected", expected}, {"actual", "other"}});
        return std::nullopt;
    };
    switch (type) {
    case ParamType::integer:
        if (!v.is_int64()) {
            return wrong("integer");
        }
        if (v.get_int64() < spec.min || v.get_int64() > spec.max) {
            problems.add("out_of_range", pointer, {},
                         {{"min", std::to_string(spec.min)}, {"max", std::to_string(spec.max)}});
            return std::nullopt;
        }
        return ParamValue{v.get_int64()};
    case ParamType::boolean:
        if (!v.is_bool()) {
            return wrong("boolean");
        }
        return ParamValue{v.get_bool()};
    case ParamType::string:
        if (!v.is_string()) {
            return wrong("string");
        }
        if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(),
                                               v.get_string()) == spec.allowed.end()) {
            problems.add("invalid_value", pointer, {}, {{"allowed", join(spec.allowed)}});
            return std::nullopt;
        }
        return ParamValue{std::string(v.get_string())};
    case ParamType::decimal: {
        const auto exact = json::decimal_of(v);
        if (!v.is_number() || !exact) {
            return wrong("number");
        }
        if (!within(*exact, spec)) {
            problems.add("out_of_range", pointer, {},
                         {{"min", std::to_string(spec.min)}, {"max", std::to_string(spec.max)}});
            return std::nullopt;
        }
        return ParamValue{*exact};
    }
    case ParamType::decimal_map: {
        if (!v.is_object()) {
            return wrong("object of numbers");
        }
        DecimalTable table;
        for (const auto& kv : v.get_object()) {
            const std::string at = json::pointer_key(pointer, kv.key());
            const auto key = Decimal::parse(kv.key());
            const auto exact = json::decimal_of(kv.value());
            if (!key) {
                problems.add("invalid_format", at, {}, {{"kind", "decimal_key"}});
                return std::nullopt;
            }
            if (!kv.value().is_number() || !exact) {
                problems.add("wrong_type", at, {}, {{"expected", "number"}, {"actual", "other"}});
                return std::nullopt;
            }
            if (!within(*exact, spec)) {
                problems.add(
                    "out_of_range", at, {},
                    {{"min", std::to_string(spec.min)}, {"max", std::to_string(spec.max)}});
                return std::nullopt;
            }
            table.emplace_back(*key, *exact);
        }
        std::sort(table.begin(), table.end(),
                  [](const auto& a, const auto& b) { return compare(a.first, b.first) < 0; });
        for (std::size_t i = 1; i < table.size(); ++i) {
            if (compare(table[i - 1].first, table[i].first) == 0) {
                problems.add("duplicate_key", pointer);
                return std::nullopt;
            }
        }
        return ParamValue{std::move(table)};
    }
    case ParamType::strings: {
        if (!v.is_array()) {
            return wrong("array of strings");
        }
        std::vector<std::string> out;
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_string()) {
                problems.add("wrong_type", json::pointer_index(pointer, i), {},
                             {{"expected", "string"}, {"actual", "other"}});
                return std::nullopt;
            }
            if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(),
                                                   a[i].get_string()) == spec.allowed.end()) {
                problems.add("invalid_value", json::pointer_index(pointer, i), {},
                             {{"allowed", join(spec.allowed)}});
                return std::nullopt;
            }
            out.emplace_back(a[i].get_string());
        }
        return ParamValue{std::move(out)};
    }
    case ParamType::string_map: {
        if (!v.is_object()) {
            return wrong("object of strings");
        }
        std::map<std::string, std::string> out;
        for (const auto& kv : v.get_object()) {
            if (!kv.value().is_string()) {
                problems.add("wrong_type", json::pointer_key(pointer, kv.key()), {},
                             {{"expected", "string"}, {"actual", "other"}});
                return std::nullopt;
            }
            out.emplace(std::string(kv.key()), std::string(kv.value().get_string()));
        }
        // With `allowed`, the map's keys are exactly those (an action text in each language).
        for (const auto key : spec.allowed) {
            if (out.count(std::string(key)) == 0) {
                problems.add("missing_field", json::pointer_key(pointer, key));
                return std::nullopt;
            }
        }
        if (!spec.allowed.empty() && out.size() != spec.allowed.size()) {
            for (const auto& [key, text] : out) {
                if (std::find(spec.allowed.begin(), spec.allowed.end(), key) ==
                    spec.allowed.end()) {
                    problems.add("unknown_field", json::pointer_key(pointer, key));
                }
            }
            return std::nullopt;
        }
        return ParamValue{std::move(out)};
    }
    case ParamType::string_lists: {
        if (!v.is_object()) {
            return wrong("object of arrays of strings");
        }
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& kv : v.get_object()) {
            const std::string at = json::pointer_key(pointer, kv.key());
            if (!kv.value().is_array()) {
                problems.add("wrong_type", at, {},
                             {{"expected", "array of strings"}, {"actual", "other"}});
                return std::nullopt;
            }
            auto& list = out[std::string(kv.key())];
            const auto& a = kv.value().get_array();
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (!a[i].is_string()) {
                    problems.add("wrong_type", json::pointer_index(at, i), {},
                                 {{"expected", "string"}, {"actual", "other"}});
                    return std::nullopt;
                }
                list.emplace_back(a[i].get_string());
            }
        }
        return ParamValue{std::move(out)};
    }
    }
    return std::nullopt;
}

std::optional<Source> read_source(const value& v, const std::string& pointer, Problems& problems) {
    ObjectReader r(v, pointer, problems);
    auto document = r.string("document", true, 300);
    auto point = r.string("point", true, 300);
    auto confidence = r.one_of("confidence", true, {"CONFIRMED", "SECONDARY", "UNCONFIRMED"});
    r.finish();
    if (!document || !point || !confidence) {
        return std::nullopt;
    }
    return Source{*document, *point, *confidence_of(confidence)};
}

std::optional<Rule> read_rule(const value& v, const std::string& pointer, std::string_view domain,
                              Problems& problems) {
    const std::size_t before = problems.count();
    ObjectReader r(v, pointer, problems);
    Rule rule;
    auto id = r.string("id", true, 100);
    const RuleSpec* spec = nullptr;
    if (id) {
        spec = find_spec(*id);
        if (spec == nullptr) {
            problems.add("unknown_rule", r.at("id"), *id);
        } else if (spec->domain != domain) {
            problems.add("rule_outside_domain", r.at("id"), *id, {{"domain", std::string(domain)}});
        }
        rule.id = *id;
    }
    if (auto t = read_text(r, "title")) {
        rule.title = *t;
    }
    auto confidence = r.one_of("confidence", true, {"CONFIRMED", "SECONDARY", "UNCONFIRMED"});
    auto enabled = r.boolean("enabled_by_default", true);
    auto switchable = r.boolean("switchable", false);
    rule.switchable = switchable.value_or(false);
    if (confidence) {
        rule.confidence = *confidence_of(confidence);
    }
    if (enabled) {
        rule.enabled_by_default = *enabled;
    }
    // Unconfirmed facts are never law by default: they sit behind a switch that is off.
    if (confidence && rule.confidence == Confidence::unconfirmed && enabled &&
        (rule.enabled_by_default || !rule.switchable)) {
        problems.add("unconfirmed_rule_enabled", r.at("enabled_by_default"), rule.id);
    }
    if (const auto* sources = r.array("sources", true)) {
        if (sources->empty()) {
            problems.add("empty_array", r.at("sources"));
        }
        for (std::size_t i = 0; i < sources->size(); ++i) {
            if (auto s =
                    read_source((*sources)[i], json::pointer_index(r.at("sources"), i), problems)) {
                rule.sources.push_back(*s);
            }
        }
    }
    const auto* params = r.value("params", spec != nullptr && !spec->params.empty());
    if (params != nullptr && spec != nullptr) {
        ObjectReader p(*params, r, "params");
        for (const auto& ps : spec->params) {
            if (const auto* pv = p.value(ps.name, true)) {
                if (auto val = read_param(*pv, ps, p.at(ps.name), problems)) {
                    rule.params.emplace(std::string(ps.name), std::move(*val));
                }
            }
        }
        p.finish();
    }
    r.finish();
    if (problems.count() != before) {
        return std::nullopt;
    }
    return rule;
}

// The Ed25519 public key in `e`'s field "public_key": strict base64 of 32 bytes that are a valid
// key. Nothing (with the problem added) when the field is absent or not such a key.
std::optional<crypto::Ed25519PublicKey> read_ed25519_key(ObjectReader& e, Problems& problems) {
    // Generous length: a text of the wrong length is reported as not a key, not as long.
    const auto text = e.string("public_key", true, 1000);
    if (!text) {
        return std::nullopt;
    }
    const auto bytes = crypto::decode_base64(*text);
    if (!bytes) {
        problems.add("invalid_base64", e.at("public_key"));
        return std::nullopt;
    }
    crypto::Ed25519PublicKey raw{};
    if (bytes->size() == raw.size()) {
        std::transform(bytes->begin(), bytes->end(), raw.begin(),
                       [](char c) { return static_cast<unsigned char>(c); });
        if (crypto::valid_ed25519_public_key(raw)) {
            return raw;
        }
    }
    problems.add("invalid_format", e.at("public_key"), {}, {{"kind", "ed25519_public_key"}});
    return std::nullopt;
}

// The configuration's "devices": home devices' Ed25519 public keys and what unsigned readings get.
void read_devices(ObjectReader& root, Configuration& config, Problems& problems) {
    const auto* devices = root.value("devices", false);
    if (devices == nullptr) {
        return;
    }
    ObjectReader d(*devices, root, "devices");
    if (const auto* keys = d.array("keys", false)) {
        std::set<std::string> devices_seen; // one key per device...
        std::set<DeviceKey> keys_seen;      // ...and one device per key
        for (std::size_t k = 0; k < keys->size(); ++k) {
            ObjectReader e((*keys)[k], d, "keys", k);
            auto device_id = e.string("device_id", true, 64);
            e.one_of("algorithm", false, {"Ed25519"});
            const auto key = read_ed25519_key(e, problems);
            e.finish();
            // A device named twice is reported even when one of its keys was malformed.
            const bool repeated = device_id && !devices_seen.insert(*device_id).second;
            if (repeated) {
                problems.add("duplicate_device", e.at("device_id"));
            } else if (key && !keys_seen.insert(*key).second) {
                problems.add("duplicate_public_key", e.at("public_key"));
            } else if (device_id && key) {
                config.device_keys.emplace(std::move(*device_id), *key);
            }
        }
    }
    // A context that registers devices flags unsigned readings unless told otherwise; one that
    // registers none (no "devices" member) cannot receive signed readings and accepts them.
    config.unsigned_readings = UnsignedReadings::flag;
    if (auto policy = d.one_of("unsigned_readings", false, {"accept", "flag", "reject"})) {
        config.unsigned_readings = *policy == "reject"   ? UnsignedReadings::reject
                                   : *policy == "accept" ? UnsignedReadings::accept
                                                         : UnsignedReadings::flag;
    }
    d.finish();
}

constexpr std::string_view gost_256 = "GOST R 34.10-2012-256";
constexpr std::string_view gost_512 = "GOST R 34.10-2012-512";

// The configuration's "signers": the keys trusted to sign consultation protocols. An Ed25519
// signer brings its public key. A ГОСТ signer brings only a certificate reference: this library
// cannot verify ГОСТ signatures, so it records the signer as known and leaves verification to the
// embedder's certified cryptography.
void read_signers(ObjectReader& root, Configuration& config, Problems& problems) {
    const auto* signers = root.value("signers", false);
    if (signers == nullptr) {
        return;
    }
    ObjectReader s(*signers, root, "signers");
    if (const auto* keys = s.array("keys", false)) {
        std::set<std::string> ids_seen;               // one entry per key id...
        std::set<crypto::Ed25519PublicKey> keys_seen; // ...and one key id per public key
        for (std::size_t k = 0; k < keys->size(); ++k) {
            const std::size_t errors_before = problems.errors();
            ObjectReader e((*keys)[k], s, "keys", k);
            auto key_id = e.string("key_id", true, 64);
            const bool named = e.has("algorithm");
            const auto algorithm = e.one_of("algorithm", false, {"Ed25519", gost_256, gost_512});
            const bool ed25519 = !named || algorithm == "Ed25519";
            const bool gost = algorithm && !ed25519;
            SignerKey signer;
            if (ed25519) {
                signer.public_key = read_ed25519_key(e, problems);
            } else if (e.value("public_key", false) != nullptr && gost) {
                // A ГОСТ key given as if it could be verified here would be trusted for nothing.
                problems.add("conflicting_fields", e.at("public_key"));
            }
            if (gost) {
                signer.algorithm = algorithm == gost_256 ? SignerAlgorithm::gost_2012_256
                                                         : SignerAlgorithm::gost_2012_512;
            }
            // The certificate names a ГОСТ key, which has no public key here to name it.
            signer.certificate = e.string("certificate", gost, 256);
            signer.subject = e.string("subject", false, 200);
            e.finish();
            // A key id given twice is reported even when one of its entries was malformed.
            const bool repeated = key_id && !ids_seen.insert(*key_id).second;
            if (repeated) {
                problems.add("duplicate_signer", e.at("key_id"));
            } else if (signer.public_key && !keys_seen.insert(*signer.public_key).second) {
                problems.add("duplicate_signer_key", e.at("public_key"));
            } else if (key_id && problems.errors() == errors_before) {
                config.signer_keys.emplace(std::move(*key_id), std::move(signer));
            }
        }
    }
    s.finish();
}

bool after(date::year_month_day a, date::year_month_day b) {
    return date::sys_days(a) > date::sys_days(b);
}

} // namespace

bool periods_overlap(const RuleSet& a, const RuleSet& b) noexcept {
    const auto a_ends_before_b = a.effective_to && after(b.effective_from, *a.effective_to);
    const auto b_ends_before_a = b.effective_to && after(a.effective_from, *b.effective_to);
    return !a_ends_before_b && !b_ends_before_a;
}

std::optional<RuleSet> read_rule_set(const value& v, const std::string& pointer,
                                     Problems& problems) {
    const std::size_t before = problems.count();
    ObjectReader r(v, pointer, problems);
    RuleSet set;
    if (auto id = r.string("id", true, 100)) {
        if (!is_identifier(*id)) {
            problems.add("invalid_format", r.at("id"), {}, {{"kind", "rule_set_id"}});
        }
        set.id = *id;
    }
    if (auto version = r.string("version", true, 20)) {
        if (!is_version(*version)) {
            problems.add("invalid_format", r.at("version"), {}, {{"kind", "version"}});
        }
        set.version = *version;
    }
    if (auto domain = r.string("domain", true, 50)) {
        if (!known_domain(*domain)) {
            problems.add("invalid_value", r.at("domain"), {},
                         {{"allowed", "identity, regions, sick_leave, eligibility"}});
        }
        set.domain = *domain;
    }
    if (auto jurisdiction = r.string("jurisdiction", true, 10)) {
        if (!is_region_code(*jurisdiction)) {
            problems.add("invalid_format", r.at("jurisdiction"), {}, {{"kind", "region"}});
        }
        set.jurisdiction = *jurisdiction;
    }
    if (auto status = r.one_of("status", true, {"in_force", "historical", "draft"})) {
        set.status = *status == "in_force"     ? RuleSetStatus::in_force
                     : *status == "historical" ? RuleSetStatus::historical
                                               : RuleSetStatus::draft;
    }
    if (auto from = r.date("effective_from", true)) {
        set.effective_from = *from;
    }
    set.effective_to = r.date("effective_to", false);
    if (set.effective_to && set.effective_from.ok() &&
        after(set.effective_from, *set.effective_to)) {
        problems.add("date_order", r.at("effective_to"));
    }
    if (auto t = read_text(r, "title")) {
        set.title = *t;
    }
    if (const auto* rules = r.array("rules", true)) {
        if (rules->empty()) {
            problems.add("empty_array", r.at("rules"));
        }
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string at = json::pointer_index(r.at("rules"), i);
            if (auto rule = read_rule((*rules)[i], at, set.domain, problems)) {
                const bool duplicate = std::any_of(set.rules.begin(), set.rules.end(),
                                                   [&](const Rule& x) { return x.id == rule->id; });
                if (duplicate) {
                    problems.add("duplicate_rule", json::pointer_key(at, "id"), rule->id);
                } else {
                    set.rules.push_back(std::move(*rule));
                }
            }
        }
    }
    r.finish();
    if (problems.count() != before) {
        return std::nullopt;
    }
    return set;
}

const std::vector<RuleSet>& built_in_rule_sets() {
    static const std::vector<RuleSet> sets = [] {
        std::vector<RuleSet> out;
        for (std::string_view text :
             {embedded::identity_rules_json, embedded::regions_rules_json,
              embedded::sick_leave_rules_json, embedded::sick_leave_draft_2026_json,
              embedded::sick_leave_remote_2026_json, embedded::sick_leave_vor_rules_json,
              embedded::eligibility_nvs_rules_json, embedded::eligibility_193n_rules_json,
              embedded::eligibility_965n_rules_json,
              embedded::eligibility_experiment_2023_rules_json,
              embedded::eligibility_vor_rules_json, embedded::eligibility_kir_rules_json,
              embedded::readings_plausibility_rules_json, embedded::readings_bp_rules_json,
              embedded::readings_glucose_rules_json, embedded::readings_algorithms_rules_json,
              embedded::readings_summary_rules_json, embedded::consultation_rules_json}) {
            json::Arena arena;
            auto parsed = json::parse(text, arena);
            if (!parsed.ok()) {
                throw std::logic_error("built-in rule set is not valid JSON");
            }
            Problems problems;
            auto set = read_rule_set(parsed.value(), "", problems);
            if (!set) {
                throw std::logic_error("built-in rule set is invalid at " +
                                       problems.all().front().pointer + ": " +
                                       problems.all().front().code);
            }
            set->built_in = true;
            out.push_back(std::move(*set));
        }
        return out;
    }();
    return sets;
}

Result<Configuration> read_configuration(std::string_view text) {
    Configuration config;
    const auto& builtins = built_in_rule_sets();
    if (text.empty()) {
        config.rule_sets = builtins;
        return config;
    }
    json::Arena arena;
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return parsed.error();
    }
    Problems problems;
    ObjectReader r(parsed.value(), "", problems);
    std::vector<RuleSet> added;
    std::vector<std::string> added_pointers;
    if (const auto* sets = r.array("rule_sets", false)) {
        for (std::size_t i = 0; i < sets->size(); ++i) {
            const std::string at = json::pointer_index("/rule_sets", i);
            if (auto set = read_rule_set((*sets)[i], at, problems)) {
                set->built_in = false;
                added.push_back(std::move(*set));
                added_pointers.push_back(at);
            }
        }
    }
    // An embedder's set replaces every built-in version of the same id.
    for (const auto& b : builtins) {
        const bool replaced =
            std::any_of(added.begin(), added.end(), [&](const RuleSet& a) { return a.id == b.id; });
        if (!replaced) {
            config.rule_sets.push_back(b);
        }
    }
    const std::size_t first_added = config.rule_sets.size();
    for (auto& a : added) {
        config.rule_sets.push_back(std::move(a));
    }
    // Contradictions: two applicable sets of one jurisdiction giving the same rule on the same day.
    for (std::size_t i = first_added; i < config.rule_sets.size(); ++i) {
        const auto& a = config.rule_sets[i];
        for (std::size_t j = 0; j < i; ++j) {
            const auto& b = config.rule_sets[j];
            if (a.jurisdiction != b.jurisdiction || a.status == RuleSetStatus::draft ||
                b.status == RuleSetStatus::draft || !periods_overlap(a, b)) {
                continue;
            }
            for (const auto& rule : a.rules) {
                const bool clash = std::any_of(b.rules.begin(), b.rules.end(),
                                               [&](const Rule& x) { return x.id == rule.id; });
                if (clash) {
                    problems.add("contradiction",
                                 json::pointer_key(added_pointers[i - first_added], "rules"),
                                 rule.id, {{"other", b.id}});
                }
            }
        }
    }
    const auto find_rule = [&](std::string_view id) -> const Rule* {
        for (const auto& s : config.rule_sets) {
            for (const auto& rule : s.rules) {
                if (rule.id == id) {
                    return &rule;
                }
            }
        }
        return nullptr;
    };
    if (const auto* switches = r.value("switches", false)) {
        if (!switches->is_object()) {
            problems.add("wrong_type", "/switches", {},
                         {{"expected", "object"}, {"actual", "other"}});
        } else {
            for (const auto& kv : switches->get_object()) {
                const std::string at = json::pointer_key("/switches", kv.key());
                const std::string id(kv.key());
                const Rule* rule = find_rule(id);
                if (!kv.value().is_bool()) {
                    problems.add("wrong_type", at, id,
                                 {{"expected", "boolean"}, {"actual", "other"}});
                } else if (rule == nullptr) {
                    problems.add("unknown_rule", at, id);
                } else if (!rule->switchable) {
                    problems.add("not_switchable", at, id);
                } else {
                    config.switches[id] = kv.value().get_bool();
                }
            }
        }
    }
    if (const auto* drafts = r.array("drafts", false)) {
        for (std::size_t i = 0; i < drafts->size(); ++i) {
            const std::string at = json::pointer_index("/drafts", i);
            if (!(*drafts)[i].is_string()) {
                problems.add("wrong_type", at, {}, {{"expected", "string"}, {"actual", "other"}});
                continue;
            }
            const std::string id((*drafts)[i].get_string());
            const auto it = std::find_if(config.rule_sets.begin(), config.rule_sets.end(),
                                         [&](const RuleSet& s) { return s.id == id; });
            if (it == config.rule_sets.end()) {
                problems.add("unknown_rule_set", at);
            } else if (it->status != RuleSetStatus::draft) {
                problems.add("not_a_draft", at);
            } else {
                config.drafts.insert(id);
            }
        }
    }
    read_devices(r, config, problems);
    read_signers(r, config, problems);
    r.finish();
    if (!problems.all().empty()) {
        auto all = problems.take();
        return Error{Status::rules, all.front()};
    }
    return config;
}

} // namespace telemed::rules
