// Home-device readings (blood-pressure monitors and glucometers): decode, check plausibility,
// classify and alert, in batches and streams, summarised for the doctor and for eligibility
// (docs/readings.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::readings {

/// Checks and classifies one reading (JSON operation "reading.validate"): input {"reading",
/// "patient"}; an accepted reading is Status::ok with its normalised form, classification and
/// alerts, a rejected one Status::validation with every reason.
Response validate(const Context& context, std::string_view json);

/// Decodes Bluetooth LE characteristic bytes given as hex (JSON operation "reading.decode_ble"):
/// input {"characteristic": "2A35" | "2A18" | "2A34", "value": hex}; every field, flag and
/// status bit, SFLOAT special values named. No rules apply: it says what the bytes hold.
Response decode_ble(const Context& context, std::string_view json);

/// decode_ble() for raw bytes of one of the three characteristics (0x2A35, 0x2A18, 0x2A34; another
/// is Status::invalid_argument).
Response decode_ble_bytes(const Context& context, std::uint16_t characteristic,
                          std::span<const std::uint8_t> bytes);

/// Checks and classifies an array of readings (JSON operation "readings.validate_batch"): input
/// {"readings": [...], "patient"}; one result per element, in order, with its index; duplicates
/// are rejected pointing at the first. Status::ok whenever the request itself was readable.
Response validate_batch(const Context& context, std::string_view json);

/// Exports one reading as a FHIR R4 Observation (JSON operation "reading.to_fhir"): input
/// {"reading", "patient"}; the reading must be plausible.
Response to_fhir(const Context& context, std::string_view json);

/// Summarises a patient's readings over a window (JSON operation "readings.summary"): the home
/// blood-pressure protocol average, glucose time in range, gaps, alerts (also in the shape of
/// eligibility.evaluate's facts.alerts) and a stable-course assessment with its evidence.
Response summarize(const Context& context, std::string_view json);

/// An NDJSON stream of readings, fed in chunks of any size: each line's result is produced as
/// soon as the line is complete. Memory is bounded by the longest line allowed and the duplicate
/// window, not by the stream. Not thread-safe: one stream per thread (many streams may share a
/// context).
class Stream {
public:
    /// Opens a stream; options JSON {"patient", "max_line_bytes", "duplicate_window"} ("" means
    /// none). A bad option is Status::validation.
    static Result<Stream> open(const Context& context, std::string_view options_json);

    /// Feeds a chunk; appends one NDJSON result line per input line completed by it to `out`.
    /// Status::invalid_argument after finish().
    Status feed(std::string_view chunk, std::string& out);
    /// Ends the stream: a last line without a final newline gets its result. Status::
    /// invalid_argument when already finished.
    Status finish(std::string& out);

    /// Lines whose results were produced so far.
    std::size_t lines() const noexcept;

    Stream(Stream&&) noexcept;
    Stream& operator=(Stream&&) noexcept;
    ~Stream();

private:
    struct State;
    explicit Stream(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace telemed::readings
