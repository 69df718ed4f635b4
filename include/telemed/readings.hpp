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

/// A reading held as numbers, for embedders that already have them (the typed batch, C:
/// tm_readings_check). Values are doubles as the device or the embedder holds them; each is read
/// as the shortest decimal that round-trips (5.6 is 5.6, not its binary expansion), so thresholds
/// compare exactly as in the JSON path.
struct TypedReading {
    enum class Kind : std::uint8_t { blood_pressure = 1, glucose = 2 };
    enum class Unit : std::uint8_t { mmhg = 1, kpa = 2, mg_per_dl = 3, mmol_per_l = 4 };
    enum class Value : std::uint8_t {
        measured = 0,
        below_device_range = 1,
        above_device_range = 2
    };
    enum class Meal : std::uint8_t {
        none = 0,
        preprandial = 1,
        postprandial = 2,
        fasting = 3,
        casual = 4,
        bedtime = 5
    };

    Kind kind = Kind::blood_pressure;
    Unit unit = Unit::mmhg;
    std::int64_t measured_at_ms = 0; ///< Unix time in milliseconds
    double systolic = 0;             ///< blood pressure
    double diastolic = 0;
    double mean = 0;    ///< NaN when absent
    double pulse = 0;   ///< NaN when absent
    double glucose = 0; ///< glucose; not read when value is not measured
    Value value = Value::measured;
    Meal meal = Meal::none;
    std::uint32_t flags = 0;    ///< device flags: bit i is the i-th of docs/readings.md's table
    std::string_view device_id; ///< for duplicates; may be empty
};

/// What became of one typed reading.
struct TypedResult {
    Status status = Status::validation; ///< ok (accepted) or validation (rejected)
    std::uint8_t category = 0;          ///< 0 none, 1 optimal … 6 grade_3
    std::uint8_t band = 0;              ///< 0 none, 1 hypoglycaemia_level_2 … (docs/readings.md)
    std::uint8_t severity = 0;          ///< the highest alert: 0 none, 1 info, 2 warning, 3 urgent
    std::uint32_t alerts = 0;           ///< alert bits (docs/readings.md)
    std::uint32_t reasons = 0; ///< problem bits, rejections and warnings (docs/readings.md)
};

/// Checks and classifies readings held as numbers, one result per reading, in order (the typed
/// batch). `patient_json` ("" for none) is the JSON patient object of reading.validate. The whole
/// call fails (its status returned, no result written) only when the patient object or the rules
/// are wrong; `results` must be as long as `readings`.
Status check_typed(const Context& context, std::string_view patient_json,
                   std::span<const TypedReading> readings, std::span<TypedResult> results,
                   Problem* failure = nullptr);

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
