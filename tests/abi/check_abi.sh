#!/usr/bin/env bash
# The C ABI check: compares a built libtelemed.so against the committed baseline of the public
# header's types and functions (tests/abi/libtelemed.so.0.abi) with libabigail's abidiff.
#
#   tests/abi/check_abi.sh LIBRARY            fail (exit 1) on any change to what the baseline has:
#                                             a removed function, a changed signature, a changed
#                                             layout of tm_error or tm_context_options, a changed
#                                             enum value. Added functions are fine (--no-added-syms).
#   tests/abi/check_abi.sh --update LIBRARY   rewrite the baseline (a deliberate ABI change: append
#                                             fields to a versioned options struct, bump the version
#                                             and say so in the changelog).
#
# Only the types declared in capi/include count (--headers-dir, --drop-private-types): the private
# state behind the opaque tm_context is not ABI. The library must carry debug info (-g: the default
# preset's RelWithDebInfo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
baseline="${TELEMED_ABI_BASELINE:-$here/libtelemed.so.0.abi}"
update=0
self_test=0
case "${1:-}" in
--update) update=1; shift ;;
--self-test) self_test=1; shift ;;
esac
library="${1:?usage: check_abi.sh [--update | --self-test] LIBRARY}"

# --self-test: the check must fail on a baseline whose tm_context_options has two members the other
# way round (config_json_len before config_json), a change a caller compiled against it would
# not survive. It proves the check can fail.
if [ "$self_test" = 1 ]; then
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    python3 - "$baseline" "$tmp/reordered.abi" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
a = re.search(r"<var-decl name='config_json' type-id='([^']*)'", text)
b = re.search(r"<var-decl name='config_json_len' type-id='([^']*)'", text)
assert a and b, "baseline lacks the members the self-test swaps"
swapped = (text[:a.start()] + b.group(0) + text[a.end():b.start()] + a.group(0) + text[b.end():])
assert swapped != text
open(sys.argv[2], "w").write(swapped)
PY
    if TELEMED_ABI_BASELINE="$tmp/reordered.abi" "$0" "$library" >"$tmp/out" 2>&1; then
        cat "$tmp/out"
        echo "ABI self-test: the check did not notice reordered members" >&2
        exit 1
    fi
    grep -q "offset changed" "$tmp/out" || { cat "$tmp/out"; echo "ABI self-test: no offset change reported" >&2; exit 1; }
    echo "ABI self-test: a reordered tm_context_options is caught"
    exit 0
fi

if [ "$update" = 1 ]; then
    abidw --headers-dir "$root/capi/include" --drop-private-types --exported-interfaces-only \
        --no-show-locs --no-corpus-path --no-comp-dir-path --type-id-style hash \
        "$library" --out-file "$baseline"
    echo "ABI baseline written: $baseline"
    exit 0
fi

# The baseline holds only public types, so the library's private ones have nothing to be compared
# with (the opaque tm_context is declaration-only there, which abidiff counts as harmless).
set +e
abidiff --no-added-syms "$baseline" "$library"
status=$?
set -e
# abidiff's exit status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if [ "$status" -ne 0 ]; then
    echo "ABI check: $library differs from $baseline (abidiff status $status)" >&2
    exit 1
fi
echo "ABI check: $library matches the baseline"
