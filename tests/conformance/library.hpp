// The build of telemed that telemed-conformance certifies, loaded at run time (docs/conformance.md,
// "Running"). The harness never links libtelemed: a linked copy with the same SONAME would make
// dlopen() hand back that copy instead of the vendor's build. Every C function is reached through
// dlsym() into a telemed_threads::Api, the table the vector adapters also call through.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../robustness/conformance_cases.hpp"

namespace telemed_conformance {

// Why the library cannot be used, as one line for stderr (the harness then exits with 2).
struct LoadError {
    std::string message;
};

// The oldest library the harness can drive: 0.4.0 added tm_operation_list and tm_call.
constexpr int required_version = 400;

// A loaded telemed: its C functions, its operations and its status names, checked once.
class Library {
public:
    // Loads `name` (a path, or a file name the dynamic linker looks for) with dlopen(RTLD_NOW |
    // RTLD_LOCAL) and checks, before anything else, that it is a telemed of this header's major
    // version, at least 0.4.0, with the tm_context_options layout this harness was compiled with,
    // and that it has every function the vectors need. Throws LoadError.
    static std::unique_ptr<const Library> load(const std::string& name);

    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    // The file that was loaded, absolute (dlinfo), and its version ("0.4.0").
    const std::string& path() const { return path_; }
    const std::string& version() const { return version_; }

    const telemed_threads::Api& api() const { return api_; }

    // The operation of the vector files with that name, or nullptr (context.new is none).
    const telemed_threads::Operation* find_operation(std::string_view name) const;

    // Whether the library knows the status name (tm_status_name over its table).
    bool knows_status(const std::string& name) const { return status_names_.count(name) != 0; }

private:
    Library() = default;

    std::string path_;
    std::string version_;
    telemed_threads::Api api_;
    std::vector<telemed_threads::Operation> operations_; // each points at api_
    std::set<std::string> status_names_;
};

// "MAJOR.MINOR.PATCH" of a version number MAJOR * 10000 + MINOR * 100 + PATCH.
std::string version_text(int number);

} // namespace telemed_conformance
