// The replay driver: a main() for the fuzz targets when they are not built with libFuzzer (GCC, or
// TELEMED_BUILD_FUZZERS off). It feeds every file named on the command line, and every regular file
// inside a directory named there (sorted), to LLVMFuzzerTestOneInput once, as libFuzzer does when
// given files. A broken contract aborts inside the target; the sanitizers of the build report the
// rest. Exit status: 0 when every input ran, 1 when a path cannot be read, 2 for a usage error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

bool run_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
        return false;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    // An exact-size heap copy, as libFuzzer gives, so that AddressSanitizer sees any read past it.
    const std::size_t size = bytes.size();
    const std::unique_ptr<std::uint8_t[]> data(new std::uint8_t[size == 0 ? 1 : size]);
    std::copy(bytes.begin(), bytes.end(), data.get());
    std::printf("replay: %s (%zu bytes)\n", path.string().c_str(), size);
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(data.get(), size);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    bool ok = true;
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        std::error_code ec;
        std::vector<fs::path> files;
        if (fs::is_directory(path, ec)) {
            for (const auto& entry : fs::directory_iterator(path, ec)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(path);
        }
        if (ec) {
            std::fprintf(stderr, "replay: cannot list %s: %s\n", argv[i], ec.message().c_str());
            ok = false;
        }
        for (const auto& file : files) {
            ok = run_file(file) && ok;
            ++count;
        }
    }
    std::printf("replay: %zu inputs, %s\n", count, ok ? "no failure" : "some paths unreadable");
    return ok ? 0 : 1;
}
