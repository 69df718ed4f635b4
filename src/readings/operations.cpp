// The readings domain's JSON operations and its NDJSON stream (docs/readings.md). Each reading
// goes through the same named steps: read (any shape) → plausibility → classification → result.
#include <variant>

#include "core/response.hpp"
#include "readings/ble.hpp"
#include "readings/internal.hpp"
#include "readings/interop.hpp"
#include "readings/ndjson.hpp"
#include "telemed/readings.hpp"

namespace telemed::readings {

namespace {

using detail::Patient;
using detail::Pointers;
using json::ObjectReader;

using detail::evaluate;
using detail::Outcome;

// The members of one result: accepted, and the reading with its meaning or the reasons.
void write_outcome(json::Writer& out, const Outcome& o) {
    out.key("accepted").boolean(o.accepted());
    if (o.accepted()) {
        detail::write_accepted(out, *o.reading, o.classification);
    }
    core::write_problems(out, o.problems.all());
}

void reject_duplicate(Outcome& o, const rules::View& view, rules::Trace& trace,
                      detail::Duplicates& duplicates, std::size_t index, const std::string& pointer,
                      const std::string& first_pointer_base) {
    if (o.accepted() && detail::check_duplicate(*o.reading, view, trace, duplicates, index, pointer,
                                                first_pointer_base, o.problems)) {
        o.reading.reset();
    }
}

// A request that cannot be read: {"accepted": false, "problems"}, the shape of a rejected reading.
Response reject_request(const rules::Trace& trace, json::Problems& problems) {
    const auto all = problems.take();
    json::Writer out = core::begin();
    out.key("accepted").boolean(false);
    core::write_problems(out, all);
    return core::reject(std::move(out), trace, all);
}

Result<rules::View> select_rules(const Context& context) {
    return rules::View::select(context, "readings", context.today());
}

// A request {member, "patient"?} read: the rules, the member's value and the patient.
struct Request {
    rules::View view;
    rules::Trace trace;
    const json::bj::value* member = nullptr; // the reading, or the array of readings
    Patient patient;
    json::Problems problems; // the request's own (only warnings remain once it is read)
};

// The steps every readings request begins with: parse into `arena`, select the rules, read the
// request. A request that cannot go on gets its response instead: the parse or rules failure,
// or the report of its problems ({"accepted": false} for one reading, {"valid": false} for an
// array).
std::variant<Request, Response> read_request(const Context& context, std::string_view text,
                                             json::Arena& arena, std::string_view member) {
    auto parsed = json::parse(text, arena);
    if (!parsed.ok()) {
        return core::fail(parsed.error());
    }
    auto view = select_rules(context);
    if (!view.ok()) {
        return core::fail(view.error());
    }
    Request q;
    q.view = view.value();
    ObjectReader r(parsed.value(), "", q.problems);
    const bool array = member == "readings";
    q.member = array ? (r.array(member, true) != nullptr ? r.value(member, false) : nullptr)
                     : r.value(member, true);
    q.patient = detail::read_patient(r.value("patient", false), "/patient", context, q.problems);
    r.finish();
    if (q.problems.has_errors() || q.member == nullptr) {
        return array ? core::reject(q.trace, q.problems.take())
                     : reject_request(q.trace, q.problems);
    }
    return q;
}

} // namespace

Response validate(const Context& context, std::string_view text) {
    json::Arena arena;
    auto request = read_request(context, text, arena, "reading");
    if (auto* response = std::get_if<Response>(&request)) {
        return std::move(*response);
    }
    auto& [view, trace, reading, patient, request_problems] = std::get<Request>(request);
    Outcome o = evaluate(context, view, trace, *reading, "/reading", patient);
    if (o.error) {
        return core::fail(*o.error);
    }
    for (const auto& p : request_problems.all()) {
        o.problems.add(p.code, p.pointer, p.rule, p.args, p.severity);
    }
    json::Writer out = core::begin();
    write_outcome(out, o);
    if (!o.accepted()) {
        return core::reject(std::move(out), trace, o.problems.all());
    }
    return core::succeed(std::move(out), trace);
}

Response validate_batch(const Context& context, std::string_view text) {
    json::Arena arena;
    auto request = read_request(context, text, arena, "readings");
    if (auto* response = std::get_if<Response>(&request)) {
        return std::move(*response);
    }
    auto& [view, trace, member, patient, request_problems] = std::get<Request>(request);
    const auto* list = &member->get_array();
    json::Writer out = core::begin();
    detail::Duplicates duplicates(list->size());
    std::size_t accepted = 0;
    out.key("results").begin_array();
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string pointer = json::pointer_index("/readings", i);
        Outcome o = evaluate(context, view, trace, (*list)[i], pointer, patient);
        if (o.error) {
            return core::fail(*o.error);
        }
        reject_duplicate(o, view, trace, duplicates, i, pointer, "/readings/");
        accepted += o.accepted() ? 1u : 0u;
        out.begin_object().key("index").integer(static_cast<std::int64_t>(i));
        write_outcome(out, o);
        out.end_object();
    }
    out.end_array();
    out.key("accepted").integer(static_cast<std::int64_t>(accepted));
    out.key("rejected").integer(static_cast<std::int64_t>(list->size() - accepted));
    return core::succeed(std::move(out), trace);
}

Response to_fhir(const Context& context, std::string_view text) {
    json::Arena arena;
    auto request = read_request(context, text, arena, "reading");
    if (auto* response = std::get_if<Response>(&request)) {
        return std::move(*response);
    }
    auto& [view, trace, reading, patient, request_problems] = std::get<Request>(request);
    Outcome o = evaluate(context, view, trace, *reading, "/reading", patient);
    if (o.error) {
        return core::fail(*o.error);
    }
    if (!o.accepted()) {
        return core::reject(trace, o.problems.all());
    }
    json::Writer out = core::begin();
    out.key("observation");
    write_fhir_observation(out, *o.reading);
    core::write_problems(out, o.problems.all());
    return core::succeed(std::move(out), trace);
}

// ---------------------------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------------------------

struct Stream::State {
    Context context;
    rules::View view;
    Patient patient;
    LineSplitter lines;
    detail::Duplicates duplicates;
    bool finished = false;
    std::size_t produced = 0;

    // One result line for one input line.
    void result(const LineSplitter::Line& line, std::string& out) {
        rules::Trace trace;
        json::Writer w(512);
        w.begin_object().key("index").integer(static_cast<std::int64_t>(line.index));
        // Built in two steps: GCC 12 -O3 reports a false -Wrestrict on "/" + std::string.
        std::string pointer = "/";
        pointer += std::to_string(line.index);
        Outcome o;
        json::Arena arena;
        if (line.too_long) {
            o.problems.add("line_too_long", pointer, {},
                           {{"limit", std::to_string(max_line_bytes)}});
        } else if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) {
            o.problems.add("empty_line", pointer);
        } else if (auto parsed = json::parse(line.text, arena); !parsed.ok()) {
            const auto& p = parsed.error().problem;
            o.problems.add(p.code, pointer + p.pointer, p.rule, p.args, p.severity);
        } else {
            o = evaluate(context, view, trace, parsed.value(), pointer, patient);
            if (o.error) {
                // A rule the checks need is missing: this line cannot be judged; say so on it.
                o.problems.add(o.error->problem.code, pointer, o.error->problem.rule);
                o.error.reset();
            }
            reject_duplicate(o, view, trace, duplicates, line.index, pointer, "/");
        }
        write_outcome(w, o);
        w.raw_members(trace_members(trace));
        w.end_object();
        out += w.take();
        out += '\n';
        ++produced;
    }

    std::size_t max_line_bytes;

    // The "rule_sets" and "trace" members of a trace, written once: a stream's lines apply only a
    // few distinct traces, and writing them is a tenth of a line's cost.
    std::vector<std::pair<rules::Trace, std::string>> traces;
    std::string_view trace_members(const rules::Trace& trace) {
        for (const auto& [known, text] : traces) {
            if (known == trace) {
                return text;
            }
        }
        json::Writer w(256);
        w.begin_object();
        trace.write(w);
        w.end_object();
        std::string text = w.take();
        text = text.substr(1, text.size() - 2); // the members, without the braces
        if (traces.size() == max_cached_traces) {
            traces.erase(traces.begin());
        }
        traces.emplace_back(trace, std::move(text));
        return traces.back().second;
    }
    static constexpr std::size_t max_cached_traces = 32;
};

Result<Stream> Stream::open(const Context& context, std::string_view options_json) {
    auto view = select_rules(context);
    if (!view.ok()) {
        return view.error();
    }
    json::Problems problems;
    Patient patient = detail::read_patient(nullptr, "/patient", context, problems);
    std::size_t max_line = 64u * 1024u;
    std::size_t window = 4096;
    if (!options_json.empty()) {
        json::Arena arena;
        auto parsed = json::parse(options_json, arena);
        if (!parsed.ok()) {
            return parsed.error();
        }
        ObjectReader r(parsed.value(), "", problems);
        patient = detail::read_patient(r.value("patient", false), "/patient", context, problems);
        const auto limit = [&](std::string_view key, std::size_t& into, std::int64_t max) {
            if (const auto* v = r.value(key, false)) {
                if (!v->is_int64() || v->get_int64() < 1 || v->get_int64() > max) {
                    problems.add("out_of_range", r.at(key), {},
                                 {{"min", "1"}, {"max", std::to_string(max)}});
                } else {
                    into = static_cast<std::size_t>(v->get_int64());
                }
            }
        };
        limit("max_line_bytes", max_line, 1024 * 1024);
        // 65 536 remembered readings take about 15 MB: the bound keeps a stream's memory small.
        limit("duplicate_window", window, 65536);
        r.finish();
    }
    if (problems.has_errors()) {
        const auto all = problems.take();
        return Error{Status::validation, core::first_error(all)};
    }
    auto state = std::unique_ptr<State>(new State{context,
                                                  view.value(),
                                                  std::move(patient),
                                                  LineSplitter(max_line),
                                                  detail::Duplicates(window),
                                                  false,
                                                  0,
                                                  max_line,
                                                  {}});
    // The view refers to the context it was selected with: select it again against the
    // stream's own copy, so that the stream outlives the caller's context (tm_context_free).
    state->view = select_rules(state->context).value();
    return Stream(std::move(state));
}

Status Stream::feed(std::string_view chunk, std::string& out) {
    if (state_->finished) {
        return Status::invalid_argument;
    }
    state_->lines.feed(chunk, [&](const LineSplitter::Line& line) { state_->result(line, out); });
    return Status::ok;
}

Status Stream::finish(std::string& out) {
    if (state_->finished) {
        return Status::invalid_argument;
    }
    state_->finished = true;
    state_->lines.finish([&](const LineSplitter::Line& line) { state_->result(line, out); });
    return Status::ok;
}

std::size_t Stream::lines() const noexcept {
    return state_->produced;
}

Stream::Stream(std::unique_ptr<State> state) : state_(std::move(state)) {}
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

} // namespace telemed::readings
