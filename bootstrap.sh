#!/usr/bin/env bash
# Installs what telemed needs from Debian 12's packages. Idempotent: installs only what is missing,
# so it is cheap to run before every build. Needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
    g++ cmake make pkg-config git
    libboost-json1.81-dev    # Boost.JSON
    libhowardhinnant-date-dev tzdata  # date + tz on the OS tz database
    libicu-dev               # normalisation, case folding, MessageFormat
    libsodium-dev            # constant-time comparison, Ed25519 device signatures, base64
    libgtest-dev libbenchmark-dev
    python3                  # Python binding (ctypes, unittest: standard library only)
    binutils                 # nm, for the exported-symbol test
    clang libclang-rt-14-dev llvm  # the clang build, libFuzzer targets, ThreadSanitizer, llvm-symbolizer
    abigail-tools            # abidw / abidiff: the C ABI against its committed baseline
    gcovr                    # line and branch coverage (tests/coverage.sh)
    time                     # /usr/bin/time -v: peak RSS in benchmarks/readings_rss.sh
    openssl                  # an independent Ed25519 signer and verifier for the protocol tests
    doxygen                  # the C API reference, and the check that every declaration is documented
    chromium                 # headless: the readings report opened in a real browser (tests/cli)
    fonts-dejavu-core        # the report's font in headless screenshots
    dpkg-dev                 # cpack's .deb packages: dpkg-shlibdeps for their dependencies
    python3-venv             # the Python package installed with pip into a virtual environment
)

# Node.js and npm for the Node binding and the MAX bot example: Debian's, when no node is installed
# (a newer Node already on the machine is kept: Debian's npm package would conflict with it).
if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "bootstrap: all ${#packages[@]} packages present"
else
    echo "bootstrap: installing ${missing[*]}"
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The npm packages, exactly as the committed lock files give them (npm ci), again only when a lock
# file changed since the last install: a stamp in node_modules holds the lock file's hash.
# The npm packages need Node 20.19 or later (Debian 12's own Node is 18: then the Node tests are
# skipped, and so is this).
root="$(cd "$(dirname "$0")" && pwd)"
node_version="$(node --version 2>/dev/null | sed 's/^v//')"
if [ "$(printf '%s\n' 20.19.0 "$node_version" | sort -V | head -n1)" != 20.19.0 ]; then
    echo "bootstrap: Node ${node_version:-absent} is older than 20.19: npm packages not installed, Node tests skipped"
    exit 0
fi
for dir in bindings/node examples/max-bot; do
    lock="$root/$dir/package-lock.json"
    stamp="$root/$dir/node_modules/.telemed-lock.sha256"
    want="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "bootstrap: $dir: npm packages present"
        continue
    fi
    echo "bootstrap: $dir: npm ci"
    (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
done
