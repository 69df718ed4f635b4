#include "common.hpp"

#include "texts.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace telemed_cli {

namespace json = boost::json;

LibraryError LibraryError::last() {
    const tm_error* e = tm_error_last();
    return {e->status, e->code, e->message_en, e->message_ru, e->pointer, e->rule_id};
}

const std::string& LibraryError::message(Lang lang) const {
    return lang == Lang::ru ? message_ru : message_en;
}

json::value CallResult::document() const {
    if (output.empty())
        return json::object{};
    return parse_json(output);
}

namespace {

// The context's clock: the fixed instant the command was given.
std::int64_t fixed_clock(void* user_data) {
    return *static_cast<const std::int64_t*>(user_data);
}

CallResult take_output(int status, char* out, std::size_t out_len) {
    CallResult result;
    result.status = status;
    result.error = LibraryError::last();
    if (out != nullptr)
        result.output.assign(out, out_len);
    tm_string_free(out);
    return result;
}

} // namespace

std::optional<Context> Context::create(const ContextSpec& spec, LibraryError& error) {
    Context context;
    tm_context_options options;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = spec.jurisdiction.c_str();
    options.time_zone = spec.zone.empty() ? nullptr : spec.zone.c_str();
    if (!spec.config_json.empty()) {
        options.config_json = spec.config_json.data();
        options.config_json_len = spec.config_json.size();
    }
    if (spec.now_ms) {
        context.clock_ms_ = std::make_unique<std::int64_t>(*spec.now_ms);
        options.clock = fixed_clock;
        options.clock_user_data = context.clock_ms_.get();
    }
    tm_context* handle = nullptr;
    if (tm_context_new(&handle, &options) != TM_OK) {
        error = LibraryError::last();
        return std::nullopt;
    }
    context.handle_.reset(handle);
    return context;
}

CallResult Context::call(std::string_view operation, std::string_view json_text) const {
    const std::string name(operation);
    char* out = nullptr;
    std::size_t out_len = 0;
    const int status =
        tm_call(get(), name.c_str(), json_text.data(), json_text.size(), &out, &out_len);
    return take_output(status, out, out_len);
}

CallResult Context::call(std::string_view operation, const json::value& value) const {
    return call(operation, json::serialize(value));
}

std::optional<Context> make_context(const GlobalOptions& options, std::string_view default_region,
                                    Exit& exit_status) {
    ContextSpec spec;
    spec.jurisdiction = options.region.empty() ? std::string(default_region) : options.region;
    spec.zone = options.zone;
    if (!options.now.empty()) {
        spec.now_ms = parse_instant_ms(options.now);
        if (!spec.now_ms) {
            print_message(tr(options.lang, "err.now"));
            exit_status = Exit::usage;
            return std::nullopt;
        }
    }
    if (!options.config_path.empty()) {
        auto text = read_file(options.config_path, options.lang);
        if (!text) {
            exit_status = Exit::input;
            return std::nullopt;
        }
        spec.config_json = std::move(*text);
    }
    LibraryError error;
    auto context = Context::create(spec, error);
    if (!context) {
        print_error(options.lang, tr(options.lang, "err.context"), error);
        // A bad --region or --zone is the command line's fault; a bad configuration the file's.
        const bool option_fault =
            error.status == TM_E_TIME_ZONE || error.status == TM_E_INVALID_ARGUMENT;
        exit_status = option_fault ? Exit::usage : Exit::input;
    }
    return context;
}

Exit exit_for(const LibraryError& error) {
    switch (error.status) {
    case TM_OK:
        return Exit::ok;
    case TM_E_VALIDATION:
        // A problem with a rule is the rules saying no; one without is a malformed document.
        return error.rule_id.empty() ? Exit::input : Exit::refused;
    case TM_E_JSON_SYNTAX:
    case TM_E_INVALID_UTF8:
    case TM_E_LIMIT:
    case TM_E_NOT_FOUND:
        return Exit::input;
    default:
        return Exit::failure;
    }
}

void print_error(Lang lang, std::string_view what, const LibraryError& error) {
    std::ostringstream line;
    line << "telemed: " << what << ": " << tm_status_name(error.status);
    if (!error.code.empty())
        line << ' ' << error.code;
    line << ' ' << tr(lang, "err.at") << " \"" << error.pointer << '"';
    if (!error.rule_id.empty())
        line << " (" << tr(lang, "err.rule") << ' ' << error.rule_id << ')';
    const std::string& message = error.message(lang);
    if (!message.empty())
        line << ": " << message;
    std::cerr << line.str() << '\n';
}

void print_problems(Lang lang, const json::value& report, std::size_t limit) {
    const json::value* problems = find_pointer(report, "/problems");
    if (problems == nullptr || !problems->is_array())
        return;
    std::size_t shown = 0;
    for (const json::value& problem : problems->as_array()) {
        if (shown == limit)
            break;
        const json::value* message =
            find_pointer(problem, lang == Lang::ru ? "/message/ru" : "/message/en");
        std::cerr << "  - " << string_at(problem, "severity") << ' ' << string_at(problem, "code")
                  << ' ' << tr(lang, "err.at") << " \"" << string_at(problem, "pointer") << '"';
        const std::string rule = string_at(problem, "rule");
        if (!rule.empty())
            std::cerr << " (" << tr(lang, "err.rule") << ' ' << rule << ')';
        if (message != nullptr && message->is_string())
            std::cerr << ": " << message->as_string().c_str();
        std::cerr << '\n';
        ++shown;
    }
    if (problems->as_array().size() > shown)
        std::cerr << "  … " << problems->as_array().size() - shown << ' ' << tr(lang, "err.more")
                  << '\n';
}

void print_message(std::string_view message) {
    std::cerr << "telemed: " << message << '\n';
}

std::optional<std::string> read_file(const std::string& path, Lang lang, std::size_t max_bytes) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            print_message(std::string(tr(lang, "err.read")) + " " + path);
            return std::nullopt;
        }
        in = &file;
    }
    std::string text;
    char buffer[65536];
    while (text.size() < max_bytes && in->read(buffer, sizeof buffer).gcount() > 0) {
        const auto got = static_cast<std::size_t>(in->gcount());
        text.append(buffer, std::min(got, max_bytes - text.size()));
    }
    if (in->bad()) {
        print_message(std::string(tr(lang, "err.read")) + " " + path);
        return std::nullopt;
    }
    return text;
}

bool write_file(const std::string& path, std::string_view text, Lang lang) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!file.flush()) {
        print_message(std::string(tr(lang, "err.write")) + " " + path);
        return false;
    }
    return true;
}

json::value parse_json(std::string_view text) {
    return json::parse(text);
}

std::optional<json::value> try_parse_json(std::string_view text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec)
        return std::nullopt;
    return value;
}

namespace {

void pretty_into(std::string& out, const json::value& value, int depth) {
    const auto indent = [&out](int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); };
    if (value.is_object() && !value.as_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& member : value.as_object()) {
            if (!first)
                out += ",\n";
            first = false;
            indent(depth + 1);
            out += json::serialize(json::string(member.key()));
            out += ": ";
            pretty_into(out, member.value(), depth + 1);
        }
        out += '\n';
        indent(depth);
        out += '}';
    } else if (value.is_array() && !value.as_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& element : value.as_array()) {
            if (!first)
                out += ",\n";
            first = false;
            indent(depth + 1);
            pretty_into(out, element, depth + 1);
        }
        out += '\n';
        indent(depth);
        out += ']';
    } else {
        out += json::serialize(value);
    }
}

} // namespace

std::string pretty_json(const json::value& value) {
    std::string out;
    pretty_into(out, value, 0);
    out += '\n';
    return out;
}

std::string display_number(const json::value& value, Lang lang) {
    if (value.is_string())
        return std::string(value.as_string());
    if (!value.is_double())
        return json::serialize(value);
    char text[64];
    const auto written = std::to_chars(text, text + sizeof text, value.as_double());
    std::string out(text, written.ptr);
    if (lang == Lang::ru)
        std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

std::string masked_number(std::string number) {
    for (std::size_t i = 2; i + 2 < number.size(); ++i)
        number[i] = '*';
    return number;
}

std::string string_at(const json::value& value, std::string_view key) {
    if (!value.is_object())
        return {};
    const json::value* member = value.as_object().if_contains(key);
    if (member == nullptr || !member->is_string())
        return {};
    return std::string(member->as_string());
}

const json::value* find_pointer(const json::value& value, std::string_view pointer) {
    boost::system::error_code ec;
    const json::value* found = value.find_pointer(pointer, ec);
    return ec ? nullptr : found;
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
    // Howard Hinnant's days_from_civil: the era arithmetic of the proleptic Gregorian calendar.
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string civil_date(std::int64_t ms, int offset_minutes) {
    std::int64_t seconds = ms / 1000 + static_cast<std::int64_t>(offset_minutes) * 60;
    std::int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
    char text[32];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    return text;
}

std::string utc_instant_text(std::int64_t ms) {
    const std::int64_t seconds = (ms >= 0 ? ms : ms - 999) / 1000;
    const std::int64_t of_day = ((seconds % 86400) + 86400) % 86400;
    char text[16];
    std::snprintf(text, sizeof text, "T%02d:%02d:%02dZ", static_cast<int>(of_day / 3600),
                  static_cast<int>(of_day / 60 % 60), static_cast<int>(of_day % 60));
    return civil_date(ms, 0) + text;
}

namespace {

// Reads `count` digits at `pos`; nothing when any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size())
        return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// The position just after the seconds and their optional fraction.
std::size_t after_fraction(std::string_view text, std::size_t pos) {
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;
    }
    return pos;
}

std::optional<int> parse_offset(std::string_view tail) {
    if (tail == "Z" || tail == "z")
        return 0;
    if (tail.size() != 6 || (tail[0] != '+' && tail[0] != '-') || tail[3] != ':')
        return std::nullopt;
    const auto hours = digits(tail, 1, 2);
    const auto minutes = digits(tail, 4, 2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59)
        return std::nullopt;
    const int total = *hours * 60 + *minutes;
    return tail[0] == '-' ? -total : total;
}

} // namespace

std::optional<int> instant_offset_minutes(std::string_view text) {
    if (text.size() < 20)
        return std::nullopt;
    return parse_offset(text.substr(after_fraction(text, 19)));
}

std::optional<std::int64_t> parse_instant_ms(std::string_view text) {
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 ||
        *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    const std::size_t end = after_fraction(text, 19);
    std::int64_t millis = 0;
    if (end > 20) {
        // Milliseconds from the fraction's first three digits (further digits are cut, as the
        // library does).
        std::string fraction(text.substr(20, std::min<std::size_t>(3, end - 20)));
        fraction.resize(3, '0');
        millis = std::stoll(fraction);
    }
    const auto offset = parse_offset(text.substr(end));
    if (!offset)
        return std::nullopt;
    const std::int64_t days =
        days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    const std::int64_t seconds =
        days * 86400 + *hour * 3600 + *minute * 60 + *second - *offset * 60;
    return seconds * 1000 + millis;
}

Lang locale_language() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (value != nullptr && *value != '\0') {
            const std::string_view text(value);
            return text.substr(0, 2) == "ru" ? Lang::ru : Lang::en;
        }
    }
    return Lang::en;
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

namespace {

std::size_t code_points(std::string_view text) {
    std::size_t points = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++points;
    return points;
}

} // namespace

std::string pad_right(std::string text, std::size_t width) {
    const std::size_t points = code_points(text);
    if (points < width)
        text.append(width - points, ' ');
    return text;
}

std::string pad_left(std::string text, std::size_t width) {
    const std::size_t points = code_points(text);
    if (points < width)
        text.insert(0, width - points, ' ');
    return text;
}

} // namespace telemed_cli
