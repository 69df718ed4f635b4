#!/bin/sh
# Peak memory of a million readings streamed through the C API (tm_reading_stream_feed), measured by
# /usr/bin/time -v: "Maximum resident set size". Fails when the peak exceeds the limit (64 MiB), or
# when the driver's checks of the results fail (one result line per reading, in order).
#
# Usage: benchmarks/readings_rss.sh [build-dir] [count] [chunk-bytes] [stream-options-json]
#        (defaults: build/default, 1000000, 65536, none; LIMIT_KIB=65536 sets the limit)
# The build dir must hold the benchmarks (TELEMED_BUILD_BENCHMARKS=ON), e.g.:
#   cmake --preset release -B build/h-bench -DTELEMED_BUILD_BENCHMARKS=ON
#   cmake --build build/h-bench -j2 --target telemed_readings_rss
#   benchmarks/readings_rss.sh build/h-bench
#
# Three runs of the same driver (benchmarks/readings_rss.c), so that the figure can be read against
# what the process needs before streaming anything:
#   floor: a trivial C program linked to libtelemed (the shared library and its dependencies,
#          ICU, Boost.JSON, libsodium, libstdc++, loaded; nothing called but tm_version_string);
#   warm:  a context created, a stream opened and one reading streamed (rule sets parsed, ICU
#          message formats compiled, the tz database loaded);
#   run:   `count` readings.
set -eu

build=${1:-build/default}
count=${2:-1000000}
chunk=${3:-65536}
options=${4:-}
limit_kib=${LIMIT_KIB:-65536}
driver="$build/benchmarks/telemed_readings_rss"

if [ ! -x "$driver" ]; then
    echo "readings_rss.sh: $driver not found; build the target telemed_readings_rss in $build" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "readings_rss.sh: /usr/bin/time is needed (Debian package: time)" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs the driver under /usr/bin/time -v with the given arguments; prints its output; leaves the
# peak in KiB in $tmp/peak. Fails when the driver fails.
measure() {
    if ! /usr/bin/time -v -o "$tmp/time" "$driver" "$@" >"$tmp/out" 2>"$tmp/err"; then
        cat "$tmp/out" "$tmp/err" >&2
        echo "readings_rss.sh: the driver failed ($driver $*)" >&2
        exit 1
    fi
    sed 's/^/    /' "$tmp/out"
    awk -F': *' '/Maximum resident set size/ { print $2 }' "$tmp/time" >"$tmp/peak"
    if [ ! -s "$tmp/peak" ]; then
        echo "readings_rss.sh: no 'Maximum resident set size' in /usr/bin/time -v output" >&2
        exit 1
    fi
}

mib() {
    awk -v k="$1" 'BEGIN { printf "%.1f MiB (%.1f MB)", k / 1024, k * 1.024 / 1000 }'
}

echo "floor (trivial C program linked to libtelemed):"
measure --floor
floor=$(cat "$tmp/peak")
echo "warm (context + stream + 1 reading):"
measure --warm
warm=$(cat "$tmp/peak")
echo "run ($count readings in $chunk-byte chunks${options:+, stream options $options}):"
if [ -n "$options" ]; then
    measure "$count" "$chunk" "$options"
else
    measure "$count" "$chunk"
fi
peak=$(cat "$tmp/peak")
wall=$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$tmp/time")

echo
echo "floor peak RSS: $floor KiB = $(mib "$floor")"
echo "warm peak RSS:  $warm KiB = $(mib "$warm")"
echo "run peak RSS:   $peak KiB = $(mib "$peak"), wall $wall; above the floor: $((peak - floor)) KiB, above warm: $((peak - warm)) KiB"
if [ "$peak" -gt "$limit_kib" ]; then
    echo "FAIL: peak RSS $peak KiB exceeds the limit of $limit_kib KiB ($(mib "$limit_kib"))"
    exit 1
fi
echo "PASS: peak RSS $peak KiB <= $limit_kib KiB ($(mib "$limit_kib"))"
