// `telemed readings`: the summary per patient and the rejected lines, as text or as one JSON
// document.
#include "readings_model.hpp"
#include "texts.hpp"

#include <cstdio>
#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string mean_bp(const PatientStats& p) {
    if (p.bp_count == 0)
        return "—";
    const double n = static_cast<double>(p.bp_count);
    return fixed(p.systolic_sum / n, 1) + "/" + fixed(p.diastolic_sum / n, 1);
}

std::string mean_glucose(const PatientStats& p) {
    return p.glucose_count == 0 ? "—"
                                : fixed(p.glucose_sum / static_cast<double>(p.glucose_count), 1);
}

std::size_t severity(const PatientStats& p, const char* name) {
    const auto found = p.severities.find(name);
    return found == p.severities.end() ? 0 : found->second;
}

void print_row(const PatientStats& p) {
    std::cout << pad_right(p.ref, 20) << pad_left(std::to_string(p.accepted), 9)
              << pad_left(std::to_string(p.rejected), 9) << pad_left(std::to_string(p.bp_count), 7)
              << pad_left(mean_bp(p), 13) << pad_left(std::to_string(p.glucose_count), 8)
              << pad_left(mean_glucose(p), 8) << pad_left(std::to_string(severity(p, "urgent")), 8)
              << pad_left(std::to_string(severity(p, "warning")), 8)
              << pad_left(std::to_string(severity(p, "info")), 6) << '\n';
}

void print_categories(const PatientStats& p, Lang lang) {
    std::string text;
    for (const auto& [code, count] : p.categories)
        text +=
            (text.empty() ? "" : ", ") + label(lang, "class", code) + " " + std::to_string(count);
    std::string alerts;
    for (const auto& [code, count] : p.alerts)
        alerts += (alerts.empty() ? "" : ", ") + code + " " + std::to_string(count);
    std::cout << "  " << p.ref << ": " << (text.empty() ? "—" : text)
              << (alerts.empty() ? "" : "; " + alerts) << '\n';
}

json::object patient_json(const PatientStats& p) {
    json::object categories;
    for (const auto& [code, count] : p.categories)
        categories[code] = count;
    json::object alerts;
    for (const auto& [code, count] : p.alerts)
        alerts[code] = count;
    json::object severities;
    for (const auto& [code, count] : p.severities)
        severities[code] = count;
    const double bp_n = static_cast<double>(p.bp_count);
    const double g_n = static_cast<double>(p.glucose_count);
    return {
        {"patient_ref", p.ref},
        {"accepted", p.accepted},
        {"rejected", p.rejected},
        {"blood_pressure",
         {{"readings", p.bp_count},
          {"systolic_mean", p.bp_count ? json::value(std::stod(fixed(p.systolic_sum / bp_n, 1)))
                                       : json::value(nullptr)},
          {"diastolic_mean", p.bp_count ? json::value(std::stod(fixed(p.diastolic_sum / bp_n, 1)))
                                        : json::value(nullptr)}}},
        {"glucose",
         {{"readings", p.glucose_count},
          {"mean_mmol_l", p.glucose_count ? json::value(std::stod(fixed(p.glucose_sum / g_n, 1)))
                                          : json::value(nullptr)}}},
        {"categories", categories},
        {"alerts", alerts},
        {"severities", severities}};
}

} // namespace

void print_readings_text(const ReadingsStats& stats, const std::vector<std::string>& files,
                         Lang lang) {
    std::cout << tr(lang, "readings.lines") << ": " << stats.lines() << " — "
              << tr(lang, "demo.kir.accepted") << ' ' << stats.accepted() << ", "
              << tr(lang, "demo.kir.rejected_count") << ' ' << stats.rejected() << "\n\n";
    std::cout << pad_right(tr(lang, "readings.col.patient"), 20)
              << pad_left(tr(lang, "readings.col.accepted"), 9)
              << pad_left(tr(lang, "readings.col.rejected"), 9)
              << pad_left(tr(lang, "readings.col.bp"), 7)
              << pad_left(tr(lang, "readings.col.bp_mean"), 13)
              << pad_left(tr(lang, "readings.col.glucose"), 8)
              << pad_left(tr(lang, "readings.col.glucose_mean"), 8)
              << pad_left(tr(lang, "readings.col.urgent"), 8)
              << pad_left(tr(lang, "readings.col.warning"), 8)
              << pad_left(tr(lang, "readings.col.info"), 6) << '\n';
    for (const auto& patient : stats.patients())
        print_row(*patient);
    if (stats.others().accepted + stats.others().rejected > 0)
        print_row(stats.others());
    std::cout << '\n' << tr(lang, "readings.categories") << ":\n";
    for (const auto& patient : stats.patients())
        print_categories(*patient, lang);
    const auto rejected = stats.rejected_lines();
    if (rejected.empty())
        return;
    std::cout << '\n'
              << tr(lang, "readings.rejected_lines") << " (" << rejected.size() << ' '
              << tr(lang, "readings.of") << ' ' << stats.rejected() << "):\n";
    for (const RejectedLine& line : rejected)
        std::cout << "  " << files[line.file] << ':' << line.line
                  << (line.patient_ref.empty() ? "" : " " + line.patient_ref) << ": " << line.code
                  << (line.pointer.empty()
                          ? ""
                          : std::string(" ") + tr(lang, "err.at") + " " + line.pointer)
                  << (line.rule.empty() ? "" : " (" + line.rule + ")") << ": "
                  << (lang == Lang::ru ? line.message_ru : line.message_en) << '\n';
}

json::value readings_json(const ReadingsStats& stats, const std::vector<std::string>& files) {
    json::array patients;
    for (const auto& patient : stats.patients())
        patients.push_back(patient_json(*patient));
    json::array rejected;
    for (const RejectedLine& line : stats.rejected_lines())
        rejected.push_back({{"file", files[line.file]},
                            {"line", line.line},
                            {"patient_ref", line.patient_ref},
                            {"code", line.code},
                            {"pointer", line.pointer},
                            {"rule", line.rule},
                            {"message", {{"en", line.message_en}, {"ru", line.message_ru}}}});
    json::object out{{"files", json::value_from(files)},
                     {"lines", stats.lines()},
                     {"accepted", stats.accepted()},
                     {"rejected", stats.rejected()},
                     {"patients", patients},
                     {"rejected_lines", rejected}};
    if (stats.others().accepted + stats.others().rejected > 0)
        out["other_patients"] = patient_json(stats.others());
    return out;
}

} // namespace telemed_cli
