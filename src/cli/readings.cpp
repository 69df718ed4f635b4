// `telemed readings FILE…`: home-device readings (NDJSON, CSV or BLE hex lines) streamed through
// the library's reading stream in chunks, summarised per patient, optionally exported as FHIR R4
// Observations and drawn in an HTML report. Memory stays bounded whatever the input's size
// (readings_model.hpp).
#include "commands.hpp"
#include "readings_input.hpp"
#include "readings_model.hpp"
#include "texts.hpp"

#include <deque>
#include <fstream>
#include <functional>
#include <iostream>

namespace telemed_cli {

namespace json = boost::json;

namespace {

constexpr OptionSpec specs[] = {{"--format", true},       {"--fhir", true},    {"--report", true},
                                {"--max-rejected", true}, {"--patient", true}, {"--device", true}};

constexpr std::size_t chunk_bytes = 65'536;

enum class Format { ndjson, csv, ble };

std::optional<Format> format_named(std::string_view name) {
    if (name == "ndjson" || name == "jsonl")
        return Format::ndjson;
    if (name == "csv")
        return Format::csv;
    if (name == "ble" || name == "hex")
        return Format::ble;
    return std::nullopt;
}

std::optional<Format> format_of(const std::string& path, const std::string& forced) {
    if (!forced.empty())
        return format_named(forced);
    const std::size_t dot = path.rfind('.');
    if (path == "-" || dot == std::string::npos)
        return std::nullopt;
    const std::string extension = path.substr(dot + 1);
    return extension == "json" ? Format::ndjson : format_named(extension);
}

// Splits text fed in chunks into lines, each cut at `cap` bytes (longer ones are flagged).
class LineSplitter {
public:
    using Sink = std::function<void(std::string_view line, bool too_long)>;
    explicit LineSplitter(std::size_t cap) : cap_(cap) {}
    void feed(std::string_view chunk, const Sink& sink) {
        std::size_t start = 0;
        for (std::size_t end = chunk.find('\n'); end != std::string_view::npos;
             end = chunk.find('\n', start)) {
            append(chunk.substr(start, end - start));
            sink(partial_, too_long_);
            partial_.clear();
            too_long_ = false;
            start = end + 1;
        }
        append(chunk.substr(start));
    }
    void finish(const Sink& sink) {
        if (!partial_.empty() || too_long_)
            sink(partial_, too_long_);
        partial_.clear();
        too_long_ = false;
    }

private:
    void append(std::string_view piece) {
        const std::size_t room = cap_ - std::min(cap_, partial_.size());
        if (piece.size() > room)
            too_long_ = true;
        partial_.append(piece.substr(0, room));
    }
    std::size_t cap_;
    std::string partial_;
    bool too_long_ = false;
};

// The library's NDJSON reading stream (tm_reading_stream_*), owned.
class ReadingStream {
public:
    explicit ReadingStream(tm_reading_stream* stream) : stream_(stream) {}
    ReadingStream(const ReadingStream&) = delete;
    ReadingStream& operator=(const ReadingStream&) = delete;
    ~ReadingStream() { tm_reading_stream_free(stream_); }
    CallResult feed(std::string_view chunk) {
        char* out = nullptr;
        std::size_t out_len = 0;
        const int status =
            tm_reading_stream_feed(stream_, chunk.data(), chunk.size(), &out, &out_len);
        return take(status, out, out_len);
    }
    CallResult finish() {
        char* out = nullptr;
        std::size_t out_len = 0;
        const int status = tm_reading_stream_finish(stream_, &out, &out_len);
        return take(status, out, out_len);
    }

private:
    static CallResult take(int status, char* out, std::size_t out_len) {
        CallResult result{status, out != nullptr ? std::string(out, out_len) : std::string(),
                          LibraryError::last()};
        tm_string_free(out);
        return result;
    }
    tm_reading_stream* stream_;
};

// A progress bar on stderr, only when it is a terminal and the input is long.
class Progress {
public:
    Progress(std::uint64_t total_bytes, bool stdin_input)
        : enabled_(stderr_is_terminal() && (total_bytes > (1u << 20) || stdin_input)),
          total_(total_bytes) {}
    void update(std::uint64_t bytes, std::size_t lines) {
        if (!enabled_)
            return;
        const int percent = total_ > 0 ? static_cast<int>(bytes * 100 / total_) : -1;
        if (percent == last_percent_ && lines - last_lines_ < 50'000)
            return;
        last_percent_ = percent;
        last_lines_ = lines;
        std::string bar(40, '.');
        if (percent >= 0)
            std::fill(bar.begin(), bar.begin() + percent * 40 / 100, '#');
        std::cerr << "\r[" << (percent >= 0 ? bar : std::string("…")) << "] "
                  << (percent >= 0 ? std::to_string(percent) + "% " : "") << lines << std::flush;
    }
    void done() {
        if (enabled_)
            std::cerr << "\r\033[K" << std::flush;
    }

private:
    bool enabled_;
    std::uint64_t total_;
    int last_percent_ = -2;
    std::size_t last_lines_ = 0;
};

struct Origin {
    std::size_t line;
    std::string patient_ref;
};

// One file's pass: what was fed to the stream, and the results matched back to their lines.
class FilePass {
public:
    FilePass(const Context& context, ReadingsStats& stats, std::ofstream* fhir, std::size_t file)
        : context_(context), stats_(stats), fhir_(fhir), file_(file) {}

    // NDJSON: raw chunks go to the stream as they are; the lines are tracked beside it.
    bool feed_raw(ReadingStream& stream, std::string_view chunk, LineSplitter& lines) {
        lines.feed(chunk, [this](std::string_view line, bool too_long) {
            raw_lines_.emplace_back(too_long ? std::string_view() : line);
        });
        return take(stream.feed(chunk));
    }
    bool finish_raw(ReadingStream& stream, LineSplitter& lines) {
        lines.finish([this](std::string_view line, bool too_long) {
            raw_lines_.emplace_back(too_long ? std::string_view() : line);
        });
        return take(stream.finish());
    }
    // CSV and BLE: converted lines are collected and fed a chunk at a time.
    bool feed_converted(ReadingStream& stream, ConvertedLine converted) {
        if (converted.json.empty()) {
            stats_.take_rejection({file_, converted.line, converted.patient_ref, converted.code,
                                   converted.pointer, converted.rule, converted.message_en,
                                   converted.message_ru});
            return true;
        }
        origins_.push_back({converted.line, converted.patient_ref});
        pending_ += converted.json;
        pending_ += '\n';
        return pending_.size() < chunk_bytes || flush(stream);
    }
    bool flush(ReadingStream& stream) {
        const bool fed = take(stream.feed(pending_));
        pending_.clear();
        return fed;
    }
    bool finish_converted(ReadingStream& stream) { return flush(stream) && take(stream.finish()); }
    [[nodiscard]] const LibraryError& error() const { return error_; }
    [[nodiscard]] std::size_t fhir_written() const { return fhir_written_; }

private:
    bool take(const CallResult& fed) {
        if (!fed.ok())
            return error_ = fed.error, false;
        std::size_t start = 0;
        while (start < fed.output.size()) {
            std::size_t end = fed.output.find('\n', start);
            if (end == std::string::npos)
                end = fed.output.size();
            one_result(parse_json(std::string_view(fed.output).substr(start, end - start)));
            start = end + 1;
        }
        return true;
    }
    void one_result(const json::value& result) {
        const auto index = static_cast<std::size_t>(result.at("index").to_number<std::int64_t>());
        Origin origin{index + 1, ""};
        if (!origins_.empty()) {
            origin = std::move(origins_.front());
            origins_.pop_front();
        } else if (!raw_lines_.empty()) {
            if (!result.at("accepted").as_bool())
                origin.patient_ref = patient_in(raw_lines_.front());
            raw_lines_.pop_front();
        }
        stats_.take_result(result, file_, origin.line, origin.patient_ref);
        if (fhir_ != nullptr && result.at("accepted").as_bool())
            export_fhir(result.at("reading"));
    }
    static std::string patient_in(const std::string& line) {
        const auto value = try_parse_json(line);
        return value ? string_at(*value, "patient_ref") : std::string();
    }
    void export_fhir(json::value reading) {
        reading.as_object().erase(
            "signed"); // an output member: reading.to_fhir reads the input shape
        const CallResult result = context_.call(
            "reading.to_fhir", json::value(json::object{{"reading", std::move(reading)}}));
        if (!result.ok())
            return;
        *fhir_ << json::serialize(result.document().at("observation")) << '\n';
        ++fhir_written_;
    }

    const Context& context_;
    ReadingsStats& stats_;
    std::ofstream* fhir_;
    std::size_t file_;
    std::deque<Origin> origins_;
    std::deque<std::string> raw_lines_;
    std::string pending_;
    LibraryError error_;
    std::size_t fhir_written_ = 0;
};

struct ReadingsRun {
    const Invocation& invocation;
    const Context& context;
    ReadingsStats& stats;
    std::ofstream* fhir;
    std::size_t fhir_written = 0;
};

std::optional<std::unique_ptr<ReadingStream>> open_stream(const ReadingsRun& run) {
    const std::string options = R"({"max_line_bytes": 65536})";
    tm_reading_stream* stream = nullptr;
    if (tm_reading_stream_open(run.context.get(), options.data(), options.size(), &stream) !=
        TM_OK) {
        print_error(run.invocation.global.lang, "tm_reading_stream_open", LibraryError::last());
        return std::nullopt;
    }
    return std::make_unique<ReadingStream>(stream);
}

std::uint64_t size_of(const std::string& path) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    return file ? static_cast<std::uint64_t>(file.tellg()) : 0;
}

// Reads a file in chunks and hands each to `chunk`; false when it cannot be read.
bool read_chunks(const std::string& path, Lang lang,
                 const std::function<bool(std::string_view)>& chunk) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file)
            return print_message(std::string(tr(lang, "err.read")) + " " + path), false;
        in = &file;
    }
    std::string buffer(chunk_bytes, '\0');
    while (in->read(buffer.data(), static_cast<std::streamsize>(buffer.size())).gcount() > 0)
        if (!chunk(std::string_view(buffer.data(), static_cast<std::size_t>(in->gcount()))))
            return false;
    if (in->bad())
        return print_message(std::string(tr(lang, "err.read")) + " " + path), false;
    return true;
}

Exit stream_failed(const ReadingsRun& run, const FilePass& pass) {
    print_error(run.invocation.global.lang, "tm_reading_stream_feed", pass.error());
    return Exit::failure;
}

Exit run_ndjson(ReadingsRun& run, const std::string& path, std::size_t file, Progress& progress) {
    auto stream = open_stream(run);
    if (!stream)
        return Exit::failure;
    FilePass pass(run.context, run.stats, run.fhir, file);
    LineSplitter lines(ReadingsLimits::line_bytes + 1);
    std::uint64_t bytes = 0;
    bool fed = true;
    const bool read = read_chunks(path, run.invocation.global.lang, [&](std::string_view chunk) {
        bytes += chunk.size();
        progress.update(bytes, run.stats.lines());
        return fed = pass.feed_raw(**stream, chunk, lines);
    });
    if (!fed)
        return stream_failed(run, pass);
    if (!read)
        return Exit::input;
    if (!pass.finish_raw(**stream, lines))
        return stream_failed(run, pass);
    run.fhir_written += pass.fhir_written();
    return Exit::ok;
}

// CSV and BLE files: lines converted here (`convert` gives what each line completes) and fed.
Exit run_converted(
    ReadingsRun& run, const std::string& path, std::size_t file, Progress& progress,
    const std::function<std::vector<ConvertedLine>(std::string_view, std::size_t)>& convert,
    const std::function<std::vector<ConvertedLine>()>& finish) {
    auto stream = open_stream(run);
    if (!stream)
        return Exit::failure;
    FilePass pass(run.context, run.stats, run.fhir, file);
    LineSplitter lines(ReadingsLimits::line_bytes + 1);
    std::size_t line_number = 0;
    std::uint64_t bytes = 0;
    bool fed = true;
    const auto take_line = [&](std::string_view line, bool too_long) {
        ++line_number;
        std::vector<ConvertedLine> converted =
            too_long ? std::vector<ConvertedLine>{own_refusal(line_number, "", "line_too_long")}
                     : convert(line, line_number);
        for (ConvertedLine& each : converted)
            fed = fed && pass.feed_converted(**stream, std::move(each));
    };
    const bool read = read_chunks(path, run.invocation.global.lang, [&](std::string_view chunk) {
        bytes += chunk.size();
        progress.update(bytes, run.stats.lines());
        lines.feed(chunk, take_line);
        return fed;
    });
    lines.finish(take_line);
    for (ConvertedLine& each : finish())
        fed = fed && pass.feed_converted(**stream, std::move(each));
    if (!fed || !pass.finish_converted(**stream))
        return stream_failed(run, pass);
    if (!read)
        return Exit::input;
    run.fhir_written += pass.fhir_written();
    return Exit::ok;
}

Exit run_csv(ReadingsRun& run, const std::string& path, std::size_t file, Progress& progress) {
    CsvReadings csv;
    bool have_header = false;
    std::string header_error;
    const auto convert = [&](std::string_view line,
                             std::size_t number) -> std::vector<ConvertedLine> {
        if (line.find_first_not_of(" \t\r") == std::string_view::npos || line.front() == '#')
            return {};
        if (!have_header) {
            have_header = true;
            if (!csv.read_header(line, run.invocation.global.lang, header_error))
                header_error += " (" + std::to_string(number) + ")";
            return {};
        }
        if (!header_error.empty())
            return {};
        return {csv.convert(line, number)};
    };
    const Exit status = run_converted(run, path, file, progress, convert,
                                      [] { return std::vector<ConvertedLine>{}; });
    if (!header_error.empty()) {
        print_message(path + ": " + header_error);
        return Exit::input;
    }
    return status;
}

Exit run_ble(ReadingsRun& run, const std::string& path, std::size_t file, Progress& progress) {
    const ParsedArgs& args = run.invocation.args;
    BleReadings ble(run.context, args.value("--patient", "ble-patient"),
                    args.value("--device", "ble-device"));
    return run_converted(
        run, path, file, progress,
        [&](std::string_view line, std::size_t number) { return ble.convert(line, number); },
        [&] { return ble.finish(); });
}

// The charts' thresholds as the library's rules give them today (rule.explain).
ChartThresholds thresholds_of(const Context& context) {
    ChartThresholds thresholds;
    const auto param = [&](std::string_view rule, std::string_view name, double& into) {
        const CallResult result =
            context.call("rule.explain", json::value(json::object{{"rule", rule}}));
        if (!result.ok())
            return;
        const json::value explained = result.document(); // kept: the pointer below points into it
        const json::value* value = find_pointer(explained, "/rule/params/" + std::string(name));
        if (value != nullptr && value->is_number())
            into = value->to_number<double>();
    };
    param("readings.units.conversion", "mg_dl_per_mmol_l", thresholds.mg_dl_per_mmol_l);
    param("readings.bp.target_default", "systolic_below", thresholds.bp_systolic_target);
    param("readings.bp.target_default", "diastolic_below", thresholds.bp_diastolic_target);
    param("readings.bp.urgent", "systolic_from", thresholds.bp_urgent_systolic);
    double low = 70;
    double high = 180;
    param("readings.glucose.time_in_range", "low", low);
    param("readings.glucose.time_in_range", "high", high);
    thresholds.glucose_low = low / thresholds.mg_dl_per_mmol_l;
    thresholds.glucose_high = high / thresholds.mg_dl_per_mmol_l;
    return thresholds;
}

bool write_report(const std::string& path, const ReadingsStats& stats,
                  const std::vector<std::string>& files, Lang lang) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out)
        render_report(out, stats, files, lang);
    if (!out.flush()) {
        print_message(std::string(tr(lang, "err.write")) + " " + path);
        return false;
    }
    return true;
}

} // namespace

const std::span<const OptionSpec> readings_specs = specs;

namespace {

// The format of every file, or nothing (after a usage error) when one cannot be told.
std::optional<std::vector<Format>> formats_of(const Invocation& invocation) {
    std::vector<Format> formats;
    for (const std::string& path : invocation.args.positional) {
        const auto format = format_of(path, invocation.args.value("--format"));
        if (!format) {
            usage_error(invocation.global.lang, "readings",
                        std::string(tr(invocation.global.lang, "usage.format")) + " " + path);
            return std::nullopt;
        }
        formats.push_back(*format);
    }
    return formats;
}

std::optional<std::size_t> max_rejected_of(const ParsedArgs& args) {
    if (!args.has("--max-rejected"))
        return ReadingsLimits::rejected_default;
    const std::string text = args.value("--max-rejected");
    if (text.empty() || text.size() > 6 ||
        text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(text) > ReadingsLimits::rejected_max)
        return std::nullopt;
    return std::stoul(text);
}

Exit run_files(ReadingsRun& run, const std::vector<Format>& formats) {
    const std::vector<std::string>& paths = run.invocation.args.positional;
    std::uint64_t total = 0;
    for (const std::string& path : paths)
        total += path == "-" ? 0 : size_of(path);
    Progress progress(total, std::find(paths.begin(), paths.end(), "-") != paths.end());
    Exit status = Exit::ok;
    for (std::size_t i = 0; i < paths.size() && status == Exit::ok; ++i)
        status = formats[i] == Format::ndjson ? run_ndjson(run, paths[i], i, progress)
                 : formats[i] == Format::csv  ? run_csv(run, paths[i], i, progress)
                                              : run_ble(run, paths[i], i, progress);
    progress.done();
    return status;
}

void print_outcome(const ReadingsRun& run) {
    const GlobalOptions& global = run.invocation.global;
    const ParsedArgs& args = run.invocation.args;
    if (global.json) {
        json::value out = readings_json(run.stats, args.positional);
        if (run.fhir != nullptr)
            out.as_object()["fhir_observations"] = run.fhir_written;
        std::cout << pretty_json(out);
        return;
    }
    print_readings_text(run.stats, args.positional, global.lang);
    if (run.fhir != nullptr)
        std::cout << tr(global.lang, "readings.fhir") << ": " << run.fhir_written << " → "
                  << args.value("--fhir") << '\n';
    if (args.has("--report"))
        std::cout << tr(global.lang, "readings.report") << ": " << args.value("--report") << '\n';
}

} // namespace

Exit run_readings(const Invocation& invocation) {
    const GlobalOptions& global = invocation.global;
    const ParsedArgs& args = invocation.args;
    if (args.positional.empty())
        return usage_error(global.lang, "readings", tr(global.lang, "usage.readings"));
    const auto formats = formats_of(invocation);
    if (!formats)
        return Exit::usage;
    const auto max_rejected = max_rejected_of(args);
    if (!max_rejected)
        return usage_error(global.lang, "readings", tr(global.lang, "usage.max_rejected"));
    Exit status = Exit::ok;
    const auto context = make_context(global, "RU", status);
    if (!context)
        return status;
    std::ofstream fhir;
    if (args.has("--fhir")) {
        fhir.open(args.value("--fhir"), std::ios::binary | std::ios::trunc);
        if (!fhir) {
            print_message(std::string(tr(global.lang, "err.write")) + " " + args.value("--fhir"));
            return Exit::input;
        }
    }
    ReadingsStats stats(*max_rejected, args.has("--report") ? ReadingsLimits::report_patients : 0,
                        thresholds_of(*context));
    ReadingsRun run{invocation, *context, stats, args.has("--fhir") ? &fhir : nullptr};
    status = run_files(run, *formats);
    if (status != Exit::ok)
        return status;
    if (args.has("--report") &&
        !write_report(args.value("--report"), stats, args.positional, global.lang))
        return Exit::input;
    print_outcome(run);
    return stats.rejected() == 0 ? Exit::ok : Exit::refused;
}

} // namespace telemed_cli
