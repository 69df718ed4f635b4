// `telemed sick-leave open|extend|record-visit|close|annul|duplicate|record FILE`: the sick_leave.*
// operations on a certificate document; the resulting state or the СФР record, readably or as JSON.
#include "commands.hpp"
#include "texts.hpp"

#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--help", false}};

constexpr std::string_view operations[][2] = {
    {"open", "sick_leave.open"},
    {"extend", "sick_leave.extend"},
    {"record-visit", "sick_leave.record_visit"},
    {"close", "sick_leave.close"},
    {"annul", "sick_leave.annul"},
    {"duplicate", "sick_leave.duplicate"},
    {"record", "sick_leave.record"},
};

std::string_view operation_of(std::string_view verb) {
    for (const auto& entry : operations)
        if (entry[0] == verb)
            return entry[1];
    return {};
}

// The number as the library's messages show it: every digit but the first two and the last two
// hidden.
std::string masked_number(std::string number) {
    for (std::size_t i = 2; i + 2 < number.size(); ++i)
        number[i] = '*';
    return number;
}

std::int64_t day_number(const std::string& date) {
    if (date.size() != 10)
        return 0;
    return days_from_civil(std::stoi(date.substr(0, 4)),
                           static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                           static_cast<unsigned>(std::stoi(date.substr(8, 2))));
}

void print_periods(Lang lang, const json::value& certificate) {
    std::cout << tr(lang, "sl.periods") << ":\n";
    int n = 0;
    for (const json::value& period : certificate.at("periods").as_array()) {
        const std::string from = string_at(period, "from");
        const std::string to = string_at(period, "to");
        std::cout << "  " << ++n << ". " << from << " – " << to << " ("
                  << day_number(to) - day_number(from) + 1 << ' ' << tr(lang, "sl.days") << "), "
                  << tr(lang, "sl.doctor") << ' ' << string_at(period.at("doctor"), "id") << " ("
                  << string_at(period.at("doctor"), "role") << ")\n";
    }
}

void print_certificate(Lang lang, const json::value& certificate) {
    const std::string status = string_at(certificate, "status");
    std::cout << tr(lang, "sl.certificate") << ' '
              << masked_number(string_at(certificate, "number")) << ": " << status << " ("
              << label(lang, "certificate", status) << ")\n"
              << tr(lang, "sl.opened") << ' ' << string_at(certificate.at("opened"), "date") << " ("
              << string_at(certificate.at("opened"), "mode") << ")\n";
    print_periods(lang, certificate);
    const std::string next = string_at(certificate, "next_appearance");
    if (!next.empty())
        std::cout << tr(lang, "sl.next") << ": " << next << '\n';
    if (const json::value* closed = find_pointer(certificate, "/closed"))
        std::cout << tr(lang, "sl.closed") << ' ' << string_at(*closed, "date") << " ("
                  << string_at(*closed, "mode") << ")\n";
    const std::string back = string_at(certificate, "return_to_work");
    if (!back.empty())
        std::cout << tr(lang, "demo.return_to_work") << ": " << back << '\n';
    if (const json::value* violations = find_pointer(certificate, "/violations"))
        for (const json::value& violation : violations->as_array())
            std::cout << tr(lang, "sl.violation") << ' ' << string_at(violation, "code") << ": "
                      << string_at(violation, "date") << '\n';
}

void print_record(Lang lang, const json::value& out) {
    std::cout << tr(lang, "demo.vor.sfr") << ":\n";
    for (const auto& field : out.at("record").as_object())
        std::cout << "  " << field.key() << ": "
                  << (field.value().is_string() ? std::string(field.value().as_string())
                                                : json::serialize(field.value()))
                  << '\n';
    std::cout << tr(lang, "demo.vor.message") << ": "
              << string_at(out.at("message"), lang == Lang::ru ? "ru" : "en") << '\n';
}

void print_result(Lang lang, const json::value& out) {
    if (out.as_object().contains("record"))
        return print_record(lang, out);
    print_certificate(lang, out.at("certificate"));
    if (const json::value* late = find_pointer(out, "/late"))
        std::cout << tr(lang, "sl.late") << ": "
                  << tr(lang, late->as_bool() ? "demo.yes" : "demo.no") << '\n';
    if (const json::value* duplicate = find_pointer(out, "/duplicate")) {
        std::cout << tr(lang, "sl.duplicate") << ":\n";
        print_certificate(lang, *duplicate);
    }
    if (!out.at("problems").as_array().empty()) {
        std::cerr << tr(lang, "sl.warnings") << ":\n";
        print_problems(lang, out);
    }
}

} // namespace

const std::span<const OptionSpec> sick_leave_specs = specs;

Exit run_sick_leave(const Invocation& invocation) {
    const GlobalOptions& global = invocation.global;
    const auto& positional = invocation.args.positional;
    if (positional.size() != 2 || operation_of(positional[0]).empty())
        return usage_error(global.lang, "sick-leave", tr(global.lang, "usage.sick_leave"));
    const std::string_view operation = operation_of(positional[0]);
    Exit status = Exit::ok;
    const auto context = make_context(global, "RU", status);
    if (!context)
        return status;
    const auto document = read_file(positional[1], global.lang);
    if (!document)
        return Exit::input;
    const CallResult result = context->call(operation, *document);
    if (!result.ok()) {
        print_error(global.lang, operation, result.error);
        if (!result.output.empty())
            print_problems(global.lang, result.document());
        return exit_for(result.error);
    }
    if (global.json)
        std::cout << pretty_json(result.document());
    else
        print_result(global.lang, result.document());
    return Exit::ok;
}

} // namespace telemed_cli
