// Loading and checking the telemed build under test (library.hpp).
#include "library.hpp"

#include <bit>
#include <dlfcn.h>
#include <exception>
#include <filesystem>
#include <link.h>
#include <type_traits>

namespace telemed_conformance {

namespace {

// dlsym() as the member's own function-pointer type; nullptr when the symbol is absent.
template <class Fn> void resolve(void* handle, const char* name, Fn& fn) {
    static_assert(sizeof(Fn) == sizeof(void*), "function and object pointers differ in size");
    fn = std::bit_cast<Fn>(dlsym(handle, name));
}

// The file the dynamic linker actually opened: a bare file name is looked for on its search
// path, so the name given says little about which build runs.
std::string loaded_path(void* handle, const std::string& name) {
    link_map* map = nullptr;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr || map->l_name == nullptr ||
        *map->l_name == '\0') {
        return name;
    }
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(map->l_name, ec);
    return ec ? std::string(map->l_name) : absolute.lexically_normal().string();
}

// The version checks: a library of another major version has another ABI; one older than 0.4.0
// cannot list or call its operations by name.
void check_version(const std::string& path, int number) {
    const std::string found = version_text(number);
    if (number / 10000 != TM_VERSION_MAJOR) {
        throw LoadError{path + " is telemed " + found + ", but this harness was built for major " +
                        "version " + std::to_string(TM_VERSION_MAJOR) + " (telemed.h " +
                        version_text(TM_VERSION_NUMBER) + ")"};
    }
    if (number < required_version) {
        throw LoadError{path + " is telemed " + found + ", older than " +
                        version_text(required_version) +
                        ", which this harness needs (tm_operation_list, tm_call)"};
    }
}

// The option struct the harness fills must be the one the library reads.
void check_options_layout(const std::string& path, const telemed_threads::Api& api) {
    const std::size_t size = api.context_options_size();
    if (size != sizeof(tm_context_options)) {
        throw LoadError{path + ": tm_context_options_size() is " + std::to_string(size) +
                        ", but this harness was built with sizeof(tm_context_options) = " +
                        std::to_string(sizeof(tm_context_options)) + ": not the same C ABI"};
    }
    const unsigned version = api.context_options_version();
    if (version != TM_CONTEXT_OPTIONS_VERSION) {
        throw LoadError{path + ": tm_context_options_version() is " + std::to_string(version) +
                        ", but this harness was built with TM_CONTEXT_OPTIONS_VERSION " +
                        std::to_string(TM_CONTEXT_OPTIONS_VERSION)};
    }
}

// Every name tm_status_name() gives, from 0 up to the first unknown value.
std::set<std::string> status_names(const telemed_threads::Api& api) {
    std::set<std::string> names;
    constexpr int max_statuses = 256; // far above the 13 of today; the loop stops at the first gap
    for (int i = 0; i < max_statuses; ++i) {
        const char* name = api.status_name(i);
        if (name == nullptr || std::string_view(name) == "TM_E_UNKNOWN") {
            break;
        }
        names.insert(name);
    }
    return names;
}

} // namespace

std::string version_text(int number) {
    return std::to_string(number / 10000) + "." + std::to_string(number / 100 % 100) + "." +
           std::to_string(number % 100);
}

std::unique_ptr<const Library> Library::load(const std::string& name) {
    // Never closed: the library's thread-local caches and static data live until the process ends.
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        throw LoadError{"cannot load the library: " + std::string(why != nullptr ? why : name)};
    }
    std::unique_ptr<Library> library(new Library());
    library->path_ = loaded_path(handle, name);
    auto& api = library->api_;
    const std::string& path = library->path_;

    resolve(handle, "tm_version_number", api.version_number);
    if (api.version_number == nullptr) {
        throw LoadError{path + " is not telemed: it has no tm_version_number"};
    }
    check_version(path, api.version_number());
    library->version_ = version_text(api.version_number());
    resolve(handle, "tm_context_options_size", api.context_options_size);
    resolve(handle, "tm_context_options_version", api.context_options_version);
    if (api.context_options_size == nullptr || api.context_options_version == nullptr) {
        throw LoadError{path + " (telemed " + library->version_ +
                        ") lacks tm_context_options_size or tm_context_options_version"};
    }
    check_options_layout(path, api);

    telemed_threads::Api::for_each(
        api, [&](const char* symbol, auto& fn) { resolve(handle, symbol, fn); });
    if (const char* hole = api.missing()) {
        throw LoadError{path + " (telemed " + library->version_ + ") lacks " + hole};
    }
    try {
        library->operations_ = telemed_threads::list_operations(api);
    } catch (const std::exception& e) {
        throw LoadError{path + " (telemed " + library->version_ +
                        "): its operation list cannot be read: " + e.what()};
    }
    library->status_names_ = status_names(api);
    return library;
}

const telemed_threads::Operation* Library::find_operation(std::string_view name) const {
    return telemed_threads::find_operation(operations_, name);
}

} // namespace telemed_conformance
