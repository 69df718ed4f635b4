#include "core/response.hpp"

#include <algorithm>

#include "i18n/i18n.hpp"

namespace telemed::core {

json::bj::object problem_json(const Problem& problem) {
    const auto message = i18n::render(problem);
    return json::bj::object{
        {"code", problem.code},
        {"severity", problem.severity == Severity::error ? "error" : "warning"},
        {"pointer", problem.pointer},
        {"rule", problem.rule},
        {"message", json::bj::object{{"en", message.en}, {"ru", message.ru}}},
    };
}

json::bj::array problems_json(const std::vector<Problem>& problems) {
    json::bj::array out;
    out.reserve(problems.size());
    for (const auto& p : problems) {
        out.push_back(problem_json(p));
    }
    return out;
}

namespace {
std::string finish(json::bj::object out, const rules::Trace& trace) {
    out["rule_sets"] = trace.rule_sets_json();
    out["trace"] = trace.rules_json();
    return json::bj::serialize(out); // the object itself: a value would be a deep copy
}
} // namespace

Response succeed(json::bj::object out, const rules::Trace& trace) {
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

Response reject(json::bj::object out, const rules::Trace& trace,
                const std::vector<Problem>& problems) {
    return Response{Status::validation, finish(std::move(out), trace), first_error(problems)};
}

} // namespace telemed::core
