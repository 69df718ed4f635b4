#include "core/response.hpp"

#include <algorithm>

#include "i18n/i18n.hpp"

namespace telemed::core {

json::Writer begin() {
    json::Writer out;
    out.begin_object();
    return out;
}

void write_problems(json::Writer& out, const std::vector<Problem>& problems) {
    out.key("problems").begin_array();
    for (const auto& p : problems) {
        const auto message = i18n::render(p);
        out.begin_object()
            .member("code", p.code)
            .member("severity", p.severity == Severity::error ? "error" : "warning")
            .member("pointer", p.pointer)
            .member("rule", p.rule)
            .key("message")
            .begin_object()
            .member("en", message.en)
            .member("ru", message.ru)
            .end_object()
            .end_object();
    }
    out.end_array();
}

namespace {
std::string finish(json::Writer out, const rules::Trace& trace) {
    trace.write(out);
    out.end_object();
    return out.take();
}
} // namespace

Response succeed(json::Writer out, const rules::Trace& trace) {
    return Response{Status::ok, finish(std::move(out), trace), {}};
}

Response fail(const Error& error) {
    return Response{error.status, {}, error.problem};
}

const Problem& first_error(const std::vector<Problem>& problems) {
    const auto it = std::find_if(problems.begin(), problems.end(),
                                 [](const Problem& p) { return p.severity == Severity::error; });
    return it != problems.end() ? *it : problems.front();
}

Response reject(json::Writer out, const rules::Trace& trace, const std::vector<Problem>& problems) {
    return Response{Status::validation, finish(std::move(out), trace), first_error(problems)};
}

Response reject(const rules::Trace& trace, const std::vector<Problem>& problems) {
    json::Writer out = begin();
    out.key("valid").boolean(false);
    write_problems(out, problems);
    return reject(std::move(out), trace, problems);
}

} // namespace telemed::core
