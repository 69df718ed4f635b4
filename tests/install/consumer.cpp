// Uses the installed C++ API (static library): a context and a СНИЛС check.
#include <iostream>
#include <telemed/telemed.hpp>

int main() {
    telemed::ContextOptions options;
    options.jurisdiction = "RU-NVS";
    auto context = telemed::Context::create(options);
    if (!context.ok()) {
        std::cerr << "context: " << context.error().problem.code << "\n";
        return 1;
    }
    const auto r = telemed::identity::validate_identifier(
        context.value(), R"({"type":"snils","value":"112-233-445 95"})");
    if (r.status != telemed::Status::ok || r.json.find("\"valid\":true") == std::string::npos) {
        std::cerr << "unexpected: " << r.json << "\n";
        return 1;
    }
    return 0;
}
