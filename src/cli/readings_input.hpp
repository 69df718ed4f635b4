// `telemed readings`: CSV rows and Bluetooth LE hex lines turned into telemed reading documents
// (docs/cli.md, "Input formats"), one NDJSON line each, for the library's reading stream.
#pragma once

#include "common.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telemed_cli {

/// One input line made into a reading, or refused with this program's reason.
struct ConvertedLine {
    std::size_t line = 0;    ///< 1-based line number in the file
    std::string json;        ///< the reading document (one line), empty when refused
    std::string patient_ref; ///< whose, when the line says
    std::string code; ///< why refused: csv_column_count, ble_hex_invalid, … or the library's code
    std::string pointer;    ///< JSON pointer of the library's problem, "" for this program's own
    std::string rule;       ///< the library's rule, if any
    std::string message_en; ///< messages without personal data
    std::string message_ru; ///< idem
};

/// Reads the CSV format: a header naming the columns, then one reading per row.
class CsvReadings {
public:
    /// Reads the header; false (with a message in `error`) when a column is unknown, repeated or a
    /// required one is missing.
    bool read_header(std::string_view line, Lang lang, std::string& error);
    /// One data row as a reading.
    [[nodiscard]] ConvertedLine convert(std::string_view line, std::size_t line_number) const;

private:
    std::vector<std::string> columns_;
};

/// Reads the BLE hex format: "2A35 <hex bytes>", "2A18 <hex bytes>", and "2A34 <hex bytes>" right
/// after a 2A18 line for its context. Each line is decoded with tm_reading_decode_ble_bytes first.
class BleReadings {
public:
    /// Lines of one patient and device (the bytes name neither).
    BleReadings(const Context& context, std::string patient_ref, std::string device_id);
    /// One line: what it completes (a held glucose measurement, this line, both or none).
    std::vector<ConvertedLine> convert(std::string_view line, std::size_t line_number);
    /// The end of the file: a glucose measurement still held.
    std::vector<ConvertedLine> finish();

private:
    struct Pending {
        std::size_t line;
        std::string hex;
    };
    ConvertedLine reading(std::size_t line, std::string_view characteristic, const std::string& hex,
                          const std::string& context_hex) const;
    std::optional<ConvertedLine> decode_error(std::size_t line, unsigned characteristic,
                                              const std::vector<unsigned char>& bytes) const;
    const Context& context_;
    std::string patient_ref_;
    std::string device_id_;
    std::optional<Pending> pending_glucose_;
};

/// A refusal by this program (code and texts from the UI table).
ConvertedLine own_refusal(std::size_t line, std::string patient_ref, std::string_view code);

} // namespace telemed_cli
