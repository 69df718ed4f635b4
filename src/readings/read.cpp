// The pieces every reading input shape shares (src/readings/read.hpp).
#include "readings/read.hpp"

#include <date/tz.h>

#include "core/dates.hpp"

namespace telemed::readings {

std::optional<MeasuredAt> read_measured_at(json::ObjectReader& reader, std::string_view key,
                                           bool required, const ReadContext& context,
                                           json::Problems& problems) {
    const auto* v = reader.value(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        problems.add("wrong_type", reader.at(key), {},
                     {{"expected", "string"}, {"actual", "other"}});
        return std::nullopt;
    }
    const auto written = dates::parse_date_time(v->get_string());
    if (!written) {
        problems.add("invalid_date_time", reader.at(key));
        return std::nullopt;
    }
    MeasuredAt at;
    if (written->offset) {
        at.instant = dates::at_offset(written->local, *written->offset);
        at.offset = *written->offset;
        return at;
    }
    const auto resolved = dates::resolve_local(written->local, context.zone);
    if (resolved.kind == dates::LocalTimeKind::out_of_range) {
        problems.add("time_out_of_range", reader.at(key));
        return std::nullopt;
    }
    if (resolved.kind == dates::LocalTimeKind::nonexistent) {
        problems.add("nonexistent_local_time", reader.at(key));
        return std::nullopt;
    }
    at.instant = resolved.instant;
    at.offset = dates::utc_offset(resolved.instant, context.zone);
    at.read_in_zone = true;
    if (resolved.kind == dates::LocalTimeKind::ambiguous) {
        at.ambiguous = true;
        problems.add("ambiguous_local_time", reader.at(key), {},
                     {{"chosen", dates::format_date_time(at.instant, at.offset)}},
                     Severity::warning);
    }
    return at;
}

std::optional<Unit> unit_named(std::string_view name,
                               std::initializer_list<Unit> accepted) noexcept {
    for (const Unit unit : accepted) {
        if (unit_name(unit) == name) {
            return unit;
        }
    }
    return std::nullopt;
}

std::optional<Unit> read_unit(json::ObjectReader& reader, std::string_view key, bool required,
                              std::initializer_list<Unit> accepted, json::Problems& problems) {
    const auto* v = reader.value(key, required);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        problems.add("wrong_type", reader.at(key), {},
                     {{"expected", "string"}, {"actual", "other"}});
        return std::nullopt;
    }
    const std::string_view sent = v->get_string();
    if (auto unit = unit_named(sent, accepted)) {
        return unit;
    }
    std::string names;
    for (const Unit unit : accepted) {
        names += names.empty() ? "" : ", ";
        names += unit_name(unit);
    }
    // The unit sent is echoed so that a data set's "MGDL" is named; it is cut at 20 bytes on a
    // character boundary (the text is valid UTF-8).
    std::size_t cut = std::min<std::size_t>(sent.size(), 20);
    while (cut < sent.size() && (static_cast<unsigned char>(sent[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    problems.add("unknown_unit", reader.at(key), {},
                 {{"unit", std::string(sent.substr(0, cut))}, {"accepted", names}});
    return std::nullopt;
}

} // namespace telemed::readings
