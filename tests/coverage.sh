#!/usr/bin/env bash
# Line and branch coverage of src/ and capi/ by the whole test suite (gcovr, from Debian).
#
#   tests/coverage.sh [BUILD_DIR]     default build/coverage
#
# Builds the library and the tests with gcc --coverage (Debug, no optimisation, so that lines and
# branches map to the source; atomic counters, since the threads test runs the library on eight
# threads at once and plain counters would lose updates), runs ctest, and prints gcovr's summary
# and per-file table. Writes BUILD_DIR/coverage.txt (per file) and BUILD_DIR/coverage/index.html (annotated sources).
# A report, not a gate: the figures go into the closing note of each change that moves them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/coverage}"
cd "$root"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTELEMED_WERROR=ON \
    -DTELEMED_BUILD_BENCHMARKS=OFF -DTELEMED_BUILD_EXAMPLES=ON \
    -DCMAKE_C_FLAGS="--coverage -fprofile-update=atomic" -DCMAKE_CXX_FLAGS="--coverage -fprofile-update=atomic" \
    -DCMAKE_EXE_LINKER_FLAGS="--coverage" -DCMAKE_SHARED_LINKER_FLAGS="--coverage"
cmake --build "$build" -j2
find "$build" -name '*.gcda' -delete
# install_consumer links the installed static library into a fresh consumer, which would need gcov's
# runtime too; it is about packaging, not coverage, and runs in every other build.
ctest --test-dir "$build" --output-on-failure -E '^install_consumer$'

# Branches the compiler adds for exceptions (every call that may throw) are not decisions in our
# code: they are left out, so that the branch figure counts the code's own ifs and loops.
gcov_options=(--root "$root" --filter "$root/src/" --filter "$root/capi/"
    --exclude-throw-branches --exclude-unreachable-branches --object-directory "$build")
mkdir -p "$build/coverage"
gcovr "${gcov_options[@]}" --txt "$build/coverage.txt" --html-details "$build/coverage/index.html" \
    --print-summary
echo "per file: $build/coverage.txt; annotated: $build/coverage/index.html"
