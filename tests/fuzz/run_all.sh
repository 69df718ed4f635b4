#!/usr/bin/env bash
# Runs every fuzz target (docs/fuzzing.md) for SECONDS each, JOBS at a time (default 1), after
# replaying its regression inputs; exits 1 if any target fails (a crash, a leak, a timeout, a broken
# contract), printing the end of its log. Build first: cmake --preset fuzz && cmake --build --preset fuzz
#
#   tests/fuzz/run_all.sh SECONDS [JOBS] [TARGET...]
#
# Environment: TELEMED_FUZZ_BUILD, the build folder (default build/fuzz). Its fuzz-work/ receives the
# seeds and dictionaries (make_seeds.py, rebuilt on every run), the corpus each target grows
# (corpus/<target>, kept between runs), crash inputs (artifacts/<target>/) and logs (logs/).
# TELEMED_FUZZ_KEEP_GOING=1: fuzz in libFuzzer's fork mode (-fork=1 -ignore_crashes=1), which goes on
# after a crash for the whole time and keeps every crash input; the run still fails if there was one.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
    echo "usage: $0 SECONDS [JOBS] [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
jobs=1
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
    jobs=$1
    shift
fi

build=${TELEMED_FUZZ_BUILD:-build/fuzz}
bin=$build/tests/fuzz
work=$build/fuzz-work
regressions=tests/fuzz/regressions

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for program in "$bin"/fuzz_*; do
        [ -x "$program" ] && targets+=("${program##*/fuzz_}")
    done
fi
if [ "${#targets[@]}" -eq 0 ]; then
    echo "run_all: no fuzz_* programs in $bin; build them with: cmake --preset fuzz && cmake --build --preset fuzz" >&2
    exit 1
fi
help=$("$bin/fuzz_${targets[0]}" -help=1 2>&1 || true)
if [[ "$help" != *max_total_time* ]]; then
    echo "run_all: $bin/fuzz_${targets[0]} is not a libFuzzer program (use the fuzz preset, clang)" >&2
    exit 1
fi

python3 tests/fuzz/make_seeds.py "$work" >/dev/null
mkdir -p "$work/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One target: its regressions once, then fuzzing from its corpus and the seeds. Writes
# logs/<target>.log and logs/<target>.result ("ok" or what failed).
run_target() {
    local target=$1 program=$bin/fuzz_$1 log=$work/logs/$1.log result=$work/logs/$1.result
    local corpus=$work/corpus/$1 artifacts=$work/artifacts/$1/
    rm -rf "$artifacts" # the crash inputs of this run only
    mkdir -p "$corpus" "$artifacts"
    : >"$log"
    local mode=() failed=""
    if [ "${TELEMED_FUZZ_KEEP_GOING:-0}" = 1 ]; then
        mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    if [ -d "$regressions/$target" ] && [ -n "$(ls -A "$regressions/$target")" ]; then
        if ! "$program" "$regressions/$target"/* >>"$log" 2>&1; then
            failed="a regression input fails"
            if [ "${#mode[@]}" -eq 0 ]; then
                echo "$failed" >"$result"
                return
            fi
        fi
    fi
    if ! "$program" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
        -dict="$work/dicts/$target.dict" -artifact_prefix="$artifacts" "${mode[@]}" \
        "$corpus" "$work/seeds/$target" >>"$log" 2>&1 ||
        [ -n "$(ls -A "$artifacts")" ]; then
        failed="${failed:+$failed; }fuzzing: $(ls "$artifacts" | wc -l) crash input(s)"
    fi
    echo "${failed:-ok}" >"$result"
    if [ "${#mode[@]}" -gt 0 ]; then
        # Fork mode prints no comparable coverage: measure the corpus it grew, in one pass.
        "$program" -runs=0 "$corpus" >"$work/logs/$target.coverage" 2>&1 || true
    fi
}

echo "run_all: ${#targets[@]} targets, ${seconds} s each, ${jobs} at a time (logs in $work/logs)"
running=0
for target in "${targets[@]}"; do
    if [ ! -x "$bin/fuzz_$target" ]; then
        echo "run_all: no program $bin/fuzz_$target" >&2
        exit 1
    fi
    rm -f "$work/logs/$target.result"
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait

failed=0
printf '%-26s %8s %12s %8s %s\n' target seconds execs cov result
for target in "${targets[@]}"; do
    log=$work/logs/$target.log
    outcome=$(cat "$work/logs/$target.result" 2>/dev/null || echo "did not finish")
    if [ "${TELEMED_FUZZ_KEEP_GOING:-0}" = 1 ]; then
        execs=$(grep -o '^#[0-9]*: cov' "$log" | tail -1 | tr -dc 0-9 || true)
        cov=$(grep -o 'cov: [0-9]*' "$work/logs/$target.coverage" 2>/dev/null | tail -1 | cut -d' ' -f2 || true)
        took=$(sed -n 's/^INFO: exiting: [0-9]* time: \([0-9]*\)s.*/\1/p' "$log" | tail -1 || true)
    else
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
        took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}' || true)
    fi
    printf '%-26s %8s %12s %8s %s\n' "$target" "${took:--}" "${execs:--}" "${cov:--}" "$outcome"
    if [ "$outcome" != ok ]; then
        failed=$((failed + 1))
    fi
done
for target in "${targets[@]}"; do
    if [ "$(cat "$work/logs/$target.result" 2>/dev/null)" != ok ]; then
        echo "---- $target: the end of $work/logs/$target.log" >&2
        tail -n 60 "$work/logs/$target.log" >&2
        ls "$work/artifacts/$target/" >&2 2>/dev/null || true
    fi
done
echo "fuzz: $(( ${#targets[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
