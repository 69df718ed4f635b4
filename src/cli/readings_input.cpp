#include "readings_input.hpp"

#include "texts.hpp"

#include <algorithm>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr std::string_view known_columns[] = {
    "patient_ref", "device_id", "device_model", "kind",    "measured_at", "setting", "systolic",
    "diastolic",   "mean",      "pulse",        "glucose", "meal",        "unit",    "flags"};
constexpr std::string_view required_columns[] = {"patient_ref", "device_id", "kind", "measured_at",
                                                 "unit"};

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// Splits one CSV line (RFC 4180 quoting within the line); nothing when a quote is left open.
std::optional<std::vector<std::string>> split_csv(std::string_view line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            cells.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells.emplace_back();
        } else if (c != '\r' || quoted) {
            cells.back() += c;
        }
    }
    if (quoted)
        return std::nullopt;
    for (std::string& cell : cells)
        cell = std::string(trim(cell));
    return cells;
}

// The JSON number grammar (RFC 8259): such a cell goes to the library as written, so that it reads
// the exact decimal.
bool is_json_number(std::string_view text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < text.size() && text[i] == '-')
        ++i;
    if (i < text.size() && text[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < text.size() && text[i] == '.' && (++i, !digits()))
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == text.size() && !text.empty();
}

// Writes one JSON object member by member, numbers as their text.
class ObjectText {
public:
    void text(std::string_view key, std::string_view value) {
        member(key, json::serialize(json::string(value)));
    }
    void number_or_text(std::string_view key, std::string_view value) {
        member(key,
               is_json_number(value) ? std::string(value) : json::serialize(json::string(value)));
    }
    void member(std::string_view key, std::string_view raw) {
        out_ += out_.size() > 1 ? "," : "";
        out_ += json::serialize(json::string(key)) + ":" + std::string(raw);
    }
    std::string done() { return out_ + "}"; }

private:
    std::string out_ = "{";
};

class Row {
public:
    Row(const std::vector<std::string>& columns, const std::vector<std::string>& cells)
        : columns_(columns), cells_(cells) {}
    [[nodiscard]] std::string at(std::string_view column) const {
        const auto found = std::find(columns_.begin(), columns_.end(), column);
        return found == columns_.end() ? std::string()
                                       : cells_[static_cast<std::size_t>(found - columns_.begin())];
    }

private:
    const std::vector<std::string>& columns_;
    const std::vector<std::string>& cells_;
};

void add_if(ObjectText& object, const Row& row, std::string_view column, std::string_view key,
            bool numeric) {
    const std::string cell = row.at(column);
    if (cell.empty())
        return;
    if (numeric)
        object.number_or_text(key, cell);
    else
        object.text(key, cell);
}

std::string flags_array(const std::string& cell) {
    std::string out = "[";
    std::size_t start = 0;
    while (start <= cell.size()) {
        const std::size_t end = std::min(cell.find(';', start), cell.size());
        const std::string_view flag = trim(std::string_view(cell).substr(start, end - start));
        if (!flag.empty()) {
            if (out.size() > 1)
                out += ',';
            out += json::serialize(json::string(flag));
        }
        start = end + 1;
    }
    return out + "]";
}

std::string reading_of(const Row& row) {
    ObjectText device;
    device.text("id", row.at("device_id"));
    add_if(device, row, "device_model", "model", false);
    ObjectText reading;
    reading.text("patient_ref", row.at("patient_ref"));
    reading.member("device", device.done());
    const std::string kind = row.at("kind");
    reading.text("kind", kind);
    reading.text("measured_at", row.at("measured_at"));
    add_if(reading, row, "setting", "setting", false);
    ObjectText values;
    if (kind == "blood_pressure") {
        add_if(values, row, "systolic", "systolic", true);
        add_if(values, row, "diastolic", "diastolic", true);
        add_if(values, row, "mean", "mean", true);
        add_if(values, row, "pulse", "pulse", true);
        add_if(values, row, "unit", "unit", false);
        reading.member("blood_pressure", values.done());
    } else if (kind == "glucose") {
        add_if(values, row, "glucose", "value", true);
        add_if(values, row, "unit", "unit", false);
        add_if(values, row, "meal", "meal", false);
        reading.member("glucose", values.done());
    }
    if (!row.at("flags").empty())
        reading.member("flags", flags_array(row.at("flags")));
    return reading.done();
}

// The bytes of hex digits with optional white space between pairs; nothing when malformed.
std::optional<std::vector<unsigned char>> hex_bytes(std::string_view text,
                                                    std::string& normalised) {
    std::vector<unsigned char> bytes;
    int high = -1;
    for (const char c : text) {
        if (c == ' ' || c == '\t') {
            if (high >= 0)
                return std::nullopt; // white space inside a byte
            continue;
        }
        const int digit = hex_digit(c);
        if (digit < 0)
            return std::nullopt;
        normalised += static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
        if (high < 0) {
            high = digit;
        } else {
            bytes.push_back(static_cast<unsigned char>(high * 16 + digit));
            high = -1;
        }
    }
    if (high >= 0 || bytes.empty())
        return std::nullopt;
    return bytes;
}

unsigned characteristic_of(std::string_view token) {
    std::string upper(token);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    if (upper == "2A35")
        return TM_BLE_BLOOD_PRESSURE_MEASUREMENT;
    if (upper == "2A18")
        return TM_BLE_GLUCOSE_MEASUREMENT;
    if (upper == "2A34")
        return TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT;
    return 0;
}

} // namespace

ConvertedLine own_refusal(std::size_t line, std::string patient_ref, std::string_view code) {
    const std::string key = "refusal." + std::string(code);
    return {line, "", std::move(patient_ref), std::string(code),
            "",   "", tr(Lang::en, key),      tr(Lang::ru, key)};
}

bool CsvReadings::read_header(std::string_view line, Lang lang, std::string& error) {
    const auto cells = split_csv(line);
    if (!cells)
        return error = tr(lang, "readings.csv_header"), false;
    for (const std::string& cell : *cells) {
        const bool known = std::find(std::begin(known_columns), std::end(known_columns), cell) !=
                           std::end(known_columns);
        const bool repeated = std::find(columns_.begin(), columns_.end(), cell) != columns_.end();
        if (!known || repeated)
            return error = std::string(tr(lang, repeated ? "readings.csv_repeated"
                                                         : "readings.csv_unknown")) +
                           " " + cell,
                   false;
        columns_.push_back(cell);
    }
    for (const std::string_view column : required_columns)
        if (std::find(columns_.begin(), columns_.end(), column) == columns_.end())
            return error =
                       std::string(tr(lang, "readings.csv_missing")) + " " + std::string(column),
                   false;
    return true;
}

ConvertedLine CsvReadings::convert(std::string_view line, std::size_t line_number) const {
    const auto cells = split_csv(line);
    if (!cells)
        return own_refusal(line_number, "", "csv_quote");
    if (cells->size() != columns_.size()) {
        const Row row(columns_, *cells);
        return own_refusal(line_number,
                           cells->size() > columns_.size() ? row.at("patient_ref") : std::string(),
                           "csv_column_count");
    }
    const Row row(columns_, *cells);
    ConvertedLine converted;
    converted.line = line_number;
    converted.patient_ref = row.at("patient_ref");
    converted.json = reading_of(row);
    return converted;
}

BleReadings::BleReadings(const Context& context, std::string patient_ref, std::string device_id)
    : context_(context), patient_ref_(std::move(patient_ref)), device_id_(std::move(device_id)) {}

std::optional<ConvertedLine>
BleReadings::decode_error(std::size_t line, unsigned characteristic,
                          const std::vector<unsigned char>& bytes) const {
    char* out = nullptr;
    const int status = tm_reading_decode_ble_bytes(context_.get(), characteristic, bytes.data(),
                                                   bytes.size(), &out, nullptr);
    tm_string_free(out);
    if (status == TM_OK)
        return std::nullopt;
    const LibraryError error = LibraryError::last();
    return ConvertedLine{line,
                         "",
                         patient_ref_,
                         error.code,
                         error.pointer,
                         error.rule_id,
                         error.message_en,
                         error.message_ru};
}

ConvertedLine BleReadings::reading(std::size_t line, std::string_view characteristic,
                                   const std::string& hex, const std::string& context_hex) const {
    ObjectText ble;
    ble.text("characteristic", characteristic);
    ble.text("value", hex);
    if (!context_hex.empty())
        ble.text("context", context_hex);
    ObjectText device;
    device.text("id", device_id_);
    ObjectText reading;
    reading.text("patient_ref", patient_ref_);
    reading.member("device", device.done());
    reading.member("ble", ble.done());
    ConvertedLine converted;
    converted.line = line;
    converted.patient_ref = patient_ref_;
    converted.json = reading.done();
    return converted;
}

std::vector<ConvertedLine> BleReadings::convert(std::string_view text, std::size_t line_number) {
    const std::string_view line = trim(text);
    if (line.empty() || line.front() == '#')
        return {};
    const std::size_t space = line.find_first_of(" \t");
    const unsigned characteristic = characteristic_of(line.substr(0, space));
    std::vector<ConvertedLine> out;
    if (characteristic != TM_BLE_GLUCOSE_MEASUREMENT_CONTEXT) {
        auto held = finish();
        out.insert(out.end(), held.begin(), held.end());
    }
    std::string hex;
    const auto bytes =
        space == std::string_view::npos ? std::nullopt : hex_bytes(line.substr(space + 1), hex);
    if (characteristic == 0)
        return out.push_back(own_refusal(line_number, patient_ref_, "ble_characteristic_unknown")),
               out;
    if (!bytes)
        return out.push_back(own_refusal(line_number, patient_ref_, "ble_hex_invalid")), out;
    if (auto error = decode_error(line_number, characteristic, *bytes))
        return out.push_back(std::move(*error)), out;
    if (characteristic == TM_BLE_BLOOD_PRESSURE_MEASUREMENT) {
        out.push_back(reading(line_number, "2A35", hex, ""));
    } else if (characteristic == TM_BLE_GLUCOSE_MEASUREMENT) {
        pending_glucose_ = Pending{line_number, hex}; // its context may follow on the next line
    } else if (pending_glucose_) {
        out.push_back(reading(pending_glucose_->line, "2A18", pending_glucose_->hex, hex));
        pending_glucose_.reset();
    } else {
        out.push_back(own_refusal(line_number, patient_ref_, "ble_context_alone"));
    }
    return out;
}

std::vector<ConvertedLine> BleReadings::finish() {
    if (!pending_glucose_)
        return {};
    std::vector<ConvertedLine> out{
        reading(pending_glucose_->line, "2A18", pending_glucose_->hex, "")};
    pending_glucose_.reset();
    return out;
}

} // namespace telemed_cli
