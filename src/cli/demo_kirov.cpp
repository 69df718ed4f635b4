// Part 2 of `telemed demo`: Kirov (RU-KIR). A week of a patient's home blood-pressure and glucose
// readings checked and classified (readings.validate_batch), summarised (readings.summary), and the
// summary's facts given to the decision on her next remote consultation (eligibility.evaluate),
// which is shown with and without them.
#include "demo.hpp"
#include "demo_data.hpp"
#include "texts.hpp"

#include <cstdio>

namespace telemed_cli {

namespace json = boost::json;

namespace {

struct Kirov {
    DemoRun& run;
    const Context& context;
    const json::object& scenario;
    json::array readings;
};

const char* t(const Kirov& k, std::string_view key) {
    return tr(k.run.lang, key);
}

json::array read_ndjson(std::string_view text) {
    json::array lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty())
            lines.push_back(parse_json(line));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return lines;
}

// "07:30 glucose 5.8 mmol/L fasting" from a normalised reading.
std::string describe_reading(Lang lang, const json::value& reading) {
    const std::string at = string_at(reading, "measured_at");
    std::string text = at.substr(0, 10) + " " + at.substr(11, 5) + "  ";
    if (string_at(reading, "kind") == "blood_pressure") {
        const json::value& bp = reading.at("blood_pressure");
        text += std::string(tr(lang, "demo.kir.bp")) + " " + json::serialize(bp.at("systolic")) +
                "/" + json::serialize(bp.at("diastolic")) + " " + string_at(bp, "unit");
    } else {
        const json::value& glucose = reading.at("glucose");
        text += std::string(tr(lang, "demo.kir.glucose")) + " " +
                display_number(glucose.at("value"), lang) + " " + string_at(glucose, "unit");
        const std::string meal = string_at(glucose, "meal");
        if (!meal.empty()) {
            text += ' '; // appended apart: GCC 12 -O3 warns falsely (-Wrestrict) on " " + string
            text += label(lang, "meal", meal);
        }
    }
    return text;
}

void show_result(Kirov& k, const json::value& result) {
    const Lang lang = k.run.lang;
    const auto index = result.at("index").to_number<std::int64_t>();
    if (!result.at("accepted").as_bool()) {
        const json::value& problem = result.at("problems").as_array().front();
        k.run.report.line(2, std::string(tr(lang, "demo.kir.reading")) + " " +
                                 std::to_string(index + 1) + ": " + tr(lang, "demo.kir.rejected") +
                                 " — " + string_at(problem, "code") + " " + tr(lang, "err.at") +
                                 " " + string_at(problem, "pointer") + ": " +
                                 string_at(problem.at("message"), lang == Lang::ru ? "ru" : "en"));
        return;
    }
    const json::value& classification = result.at("classification");
    const std::string category = string_at(classification, "category");
    const std::string code = category.empty() ? string_at(classification, "band") : category;
    std::string line = pad_right(describe_reading(lang, result.at("reading")), 54) +
                       pad_right(code + " (" + label(lang, "class", code) + ")", 44);
    for (const json::value& alert : result.at("alerts").as_array())
        line += " ⚠ " + string_at(alert, "severity") + " " + string_at(alert, "code");
    k.run.report.line(2, line);
}

bool validate(Kirov& k) {
    const json::value request =
        json::object{{"readings", k.readings}, {"patient", k.scenario.at("patient_settings")}};
    const CallResult result = k.context.call("readings.validate_batch", request);
    if (!result.ok())
        return demo_failed(k.run, "readings.validate_batch", result), false;
    const json::value out = result.document();
    k.run.report.line(1, std::string(t(k, "demo.kir.batch")) +
                             " (readings.validate_batch): " + std::to_string(k.readings.size()) +
                             " " + t(k, "demo.kir.received") + ", " +
                             json::serialize(out.at("accepted")) + " " + t(k, "demo.kir.accepted") +
                             ", " + json::serialize(out.at("rejected")) + " " +
                             t(k, "demo.kir.rejected_count"));
    for (const json::value& each : out.at("results").as_array())
        show_result(k, each);
    k.run.report.step("readings", "readings.validate_batch", out);
    return true;
}

void show_home_protocol(Kirov& k, const json::value& summary) {
    const json::value* home = find_pointer(summary, "/blood_pressure/home_protocol");
    if (home == nullptr || home->is_null())
        return;
    k.run.report.line(2, std::string(t(k, "demo.kir.home")) + " " + string_at(*home, "first_day") +
                             " … " + string_at(*home, "last_day") + ", " +
                             t(k, "demo.kir.dropped") + " " + string_at(*home, "dropped_day") +
                             "; " + json::serialize(home->at("readings")) + " " +
                             t(k, "demo.kir.readings_word") + ": " +
                             display_number(home->at("systolic_mean"), k.run.lang) + "/" +
                             display_number(home->at("diastolic_mean"), k.run.lang) + " mmHg");
    k.run.report.line(
        3, std::string(t(k, "demo.kir.above_home")) + ": " +
               t(k, home->at("above_home_threshold").as_bool() ? "demo.yes" : "demo.no") + "; " +
               t(k, "demo.kir.above_target") + ": " +
               t(k, home->at("above_target").as_bool() ? "demo.yes" : "demo.no") + "; " +
               t(k, "demo.kir.complete") + ": " +
               t(k, home->at("complete").as_bool() ? "demo.yes" : "demo.no"));
}

void show_glucose_and_alerts(Kirov& k, const json::value& summary) {
    const Lang lang = k.run.lang;
    const json::value* range = find_pointer(summary, "/glucose/time_in_range");
    if (range != nullptr && !range->is_null())
        k.run.report.line(
            2, std::string(t(k, "demo.kir.tir")) + ": " + json::serialize(range->at("in_range")) +
                   " / " + json::serialize(range->at("readings")) + " (" +
                   display_number(range->at("percent_in_range"), k.run.lang) + " %); " +
                   t(k, "demo.kir.very_low") + " " + json::serialize(range->at("very_low")) + ", " +
                   t(k, "demo.kir.low") + " " + json::serialize(range->at("low")) + ", " +
                   t(k, "demo.kir.high") + " " + json::serialize(range->at("high")));
    k.run.report.line(2, std::string(t(k, "demo.kir.gaps")) + ": " +
                             std::to_string(summary.at("gaps").as_array().size()));
    k.run.report.line(2, std::string(t(k, "demo.kir.alerts")) + ":");
    for (const json::value& entry : summary.at("alerts").as_array()) {
        const json::value& alert = entry.at("alert");
        k.run.report.line(
            3, string_at(entry, "date") + " " +
                   label(lang, "severity", string_at(alert, "severity")) + " " +
                   string_at(alert, "code") + ": " +
                   string_at(alert.at("message_doctor"), lang == Lang::ru ? "ru" : "en"));
    }
    const json::value& course = summary.at("stable_course");
    std::string verdict = t(k, "demo.kir.not_assessed");
    if (course.at("assessed").as_bool())
        verdict = std::string(course.at("stable").as_bool() ? t(k, "demo.kir.stable")
                                                            : t(k, "demo.kir.unstable")) +
                  " — " + joined(find_pointer(course, "/reasons"));
    k.run.report.line(2, std::string(t(k, "demo.kir.stable_course")) + ": " + verdict);
}

std::optional<json::value> summarise(Kirov& k) {
    const json::value request = json::object{{"window", k.scenario.at("window")},
                                             {"readings", k.readings},
                                             {"patient", k.scenario.at("patient_settings")}};
    const CallResult result = k.context.call("readings.summary", request);
    if (!result.ok())
        return demo_failed(k.run, "readings.summary", result), std::nullopt;
    const json::value out = result.document();
    k.run.report.line(1, std::string(t(k, "demo.kir.summary")) + " " +
                             string_at(k.scenario.at("window"), "from") + " … " +
                             string_at(k.scenario.at("window"), "to") + " (readings.summary):");
    show_home_protocol(k, out);
    show_glucose_and_alerts(k, out);
    k.run.report.step("summary", "readings.summary", out);
    return out;
}

bool decide(Kirov& k, std::string_view name, const json::value& request, std::string_view title) {
    const CallResult result = k.context.call("eligibility.evaluate", request);
    if (!result.ok())
        return demo_failed(k.run, "eligibility.evaluate", result), false;
    const json::value out = result.document();
    const std::string verdict = string_at(out, "verdict");
    k.run.report.line(2, std::string(title) + ": " + verdict + " (" +
                             label(k.run.lang, "verdict", verdict) + "); " +
                             t(k, "demo.permitted") + ": " +
                             joined(find_pointer(out, "/permitted_actions")));
    for (const json::value& reason : out.at("reasons").as_array())
        k.run.report.line(
            3, string_at(reason, "code") + " (" + string_at(reason, "rule") +
                   "): " + string_at(reason.at("message"), k.run.lang == Lang::ru ? "ru" : "en"));
    k.run.report.step(name, "eligibility.evaluate", redact(k.context, out));
    return true;
}

bool next_visit(Kirov& k, const json::value& summary) {
    json::value request = k.scenario.at("next_visit");
    k.run.report.line(1, std::string(t(k, "demo.kir.next_visit")) + " " +
                             string_at(request.at("slot"), "start") + " (eligibility.evaluate):");
    if (!decide(k, "decision_without_readings", request, t(k, "demo.kir.without")))
        return false;
    request.as_object()["facts"] = json::object{{"alerts", summary.at("facts").at("alerts")}};
    return decide(k, "decision_with_readings", request,
                  std::string(t(k, "demo.kir.with")) + " " +
                      json::serialize(summary.at("facts").at("alerts")));
}

} // namespace

Exit demo_kirov(DemoRun& run) {
    const json::value scenario = parse_json(telemed::embedded::kirov_monitoring_json);
    LibraryError error;
    const auto context =
        Context::create({string_at(scenario, "jurisdiction"), "",
                         std::string(telemed::embedded::config_kir_json), run.now_ms},
                        error);
    if (!context) {
        print_error(run.lang, tr(run.lang, "err.context"), error);
        return Exit::failure;
    }
    run.report.heading(tr(run.lang, "demo.kir.heading"));
    run.report.line(1, std::string(tr(run.lang, "demo.kir.patient")) + " " +
                           string_at(scenario.at("next_visit").at("patient"), "id") + ", " +
                           tr(run.lang, "demo.kir.switch"));
    Kirov k{run, *context, scenario.as_object(), read_ndjson(telemed::embedded::kirov_week_ndjson)};
    if (!validate(k))
        return Exit::failure;
    const auto summary = summarise(k);
    if (!summary || !next_visit(k, *summary))
        return Exit::failure;
    return Exit::ok;
}

} // namespace telemed_cli
