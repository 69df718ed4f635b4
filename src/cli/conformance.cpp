// `telemed conformance [--tap|--junit F] DIR…`: runs the vendor harness telemed-conformance that is
// installed beside this program, on the very libtelemed this program loaded.
#include "commands.hpp"
#include "texts.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace telemed_cli {

namespace {

constexpr OptionSpec specs[] = {{"--tap", false}, {"--junit", true}, {"-v", false}};

std::string directory_of_this_program() {
    char path[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        return {};
    const std::string program(path, static_cast<std::size_t>(length));
    return program.substr(0, program.rfind('/'));
}

// The file the dynamic loader mapped tm_version_string from: the library this process uses.
std::string loaded_library() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&tm_version_string), &info) == 0 ||
        info.dli_fname == nullptr)
        return {};
    char resolved[PATH_MAX];
    return realpath(info.dli_fname, resolved) != nullptr ? std::string(resolved)
                                                         : std::string(info.dli_fname);
}

} // namespace

const std::span<const OptionSpec> conformance_specs = specs;

Exit run_conformance(const Invocation& invocation) {
    const Lang lang = invocation.global.lang;
    const ParsedArgs& args = invocation.args;
    if (args.positional.empty())
        return usage_error(lang, "conformance", tr(lang, "usage.conformance"));
    const std::string harness = directory_of_this_program() + "/telemed-conformance";
    const std::string library = loaded_library();
    if (library.empty() || access(harness.c_str(), X_OK) != 0) {
        print_message(std::string(tr(lang, "conformance.missing")) + " " + harness);
        return Exit::failure;
    }
    std::vector<std::string> arguments{"telemed-conformance", "--library", library};
    if (args.has("--tap"))
        arguments.push_back("--tap");
    if (args.has("--junit"))
        arguments.insert(arguments.end(), {"--junit", args.value("--junit")});
    if (args.has("-v"))
        arguments.push_back("-v");
    arguments.insert(arguments.end(), args.positional.begin(), args.positional.end());
    std::vector<char*> argv;
    for (std::string& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::cout.flush();
    execv(harness.c_str(), argv.data());
    print_message(std::string(tr(lang, "conformance.exec")) + " " + harness + ": " +
                  std::strerror(errno));
    return Exit::failure;
}

} // namespace telemed_cli
