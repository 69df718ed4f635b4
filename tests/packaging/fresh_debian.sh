#!/usr/bin/env bash
# The Debian packages and the Python package on a FRESH Debian 12 (docs/install.md): debootstraps
# bookworm from Debian's mirror into a scratch directory, copies the .deb files and bindings/python in,
# and inside that chroot
#   - apt-get installs libtelemed0, libtelemed-dev and telemed-tools (apt takes their Depends from
#     Debian), then gcc and python3-venv;
#   - builds and runs a C consumer with `pkg-config --cflags --libs telemed`, and one with
#     `pkg-config --static --cflags --libs telemed` linked against libtelemed.a;
#   - runs telemed-conformance on the installed vectors when telemed-tools has it;
#   - installs bindings/python with pip into a virtual environment and imports it.
# Not a CTest test: it needs root, the mirror and several minutes.
#
#   tests/packaging/fresh_debian.sh [--build DIR | --debs DIR] [--mirror URL] [--keep]
#
#   --build DIR   make the packages with cpack from this build tree (default: build/default)
#   --debs DIR    use the three .deb files already in DIR
#   --mirror URL  Debian mirror (default: http://deb.debian.org/debian)
#   --keep        keep the chroot (its path is printed)
# Exit status 0 when every step passed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root_src="$(cd "$here/../.." && pwd)"
build="$root_src/build/default"
debs=""
mirror="http://deb.debian.org/debian"
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build="$2"; shift 2 ;;
    --debs) debs="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--build DIR | --debs DIR] [--mirror URL] [--keep]" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "fresh_debian: run as root (debootstrap and chroot need it)" >&2
    exit 2
fi
if ! command -v debootstrap >/dev/null; then
    echo "fresh_debian: debootstrap is missing: apt-get install debootstrap" >&2
    exit 2
fi

work="$(mktemp -d /tmp/telemed-fresh-debian.XXXXXX)"
chroot_dir="$work/bookworm"
cleanup() {
    # Unmount /proc before anything is removed, and remove nothing while a mount remains.
    if mountpoint -q "$chroot_dir/proc" 2>/dev/null; then umount "$chroot_dir/proc" || umount -l "$chroot_dir/proc"; fi
    if grep -q " $chroot_dir/" /proc/mounts; then
        echo "fresh_debian: something is still mounted under $chroot_dir: not removed" >&2
    elif [ "$keep" = 1 ]; then
        echo "fresh_debian: chroot kept in $chroot_dir"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

step() { echo "=== fresh_debian: $*"; }

if [ -z "$debs" ]; then
    step "making the packages with cpack from $build"
    debs="$work/debs"
    cpack -G DEB --config "$build/CPackConfig.cmake" -B "$debs" >"$work/cpack.log" 2>&1 || {
        cat "$work/cpack.log"
        # cpack first builds the tree (target preinstall); its log goes with the scratch directory.
        find "$debs" -name PreinstallOutput.log -exec tail -n 40 {} \;
        exit 1; }
fi
shopt -s nullglob
packages=("$debs"/libtelemed0_*.deb "$debs"/libtelemed-dev_*.deb "$debs"/telemed-tools_*.deb)
shopt -u nullglob
if [ "${#packages[@]}" -ne 3 ]; then
    echo "fresh_debian: expected libtelemed0, libtelemed-dev and telemed-tools in $debs" >&2
    exit 1
fi

step "debootstrap bookworm from $mirror (minbase)"
debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log"; exit 1; }
grep -o 'PRETTY_NAME=.*' "$chroot_dir/etc/os-release"

mkdir -p "$chroot_dir/src/debs" "$chroot_dir/src/bindings"
cp "${packages[@]}" "$chroot_dir/src/debs/"
cp "$root_src/tests/install/consumer.c" "$chroot_dir/src/"
# The package's sources only: no caches, no build output.
tar -C "$root_src/bindings" --exclude=__pycache__ --exclude='*.pyc' -cf - python | tar -C "$chroot_dir/src/bindings" -xf -
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mount -t proc proc "$chroot_dir/proc"

step "inside the chroot"
chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c '
step() { echo "=== chroot: $*"; }
cd /src
step "apt-get install the three packages (their Depends come from Debian)"
apt-get update -qq
apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends ./debs/libtelemed0_*.deb ./debs/libtelemed-dev_*.deb \
    ./debs/telemed-tools_*.deb >/tmp/apt.log || { tail -n 30 /tmp/apt.log; exit 1; }
dpkg-query -W -f="\${Package} \${Version} \${Status}\n" libtelemed0 libtelemed-dev telemed-tools
step "gcc and python3-venv from Debian"
apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends gcc libc6-dev python3-venv >/tmp/apt2.log || {
    tail -n 30 /tmp/apt2.log; exit 1; }

step "C consumer: pkg-config --cflags --libs telemed"
echo "flags: $(pkg-config --cflags --libs telemed)"
gcc -std=c99 -Wall -Wextra -pedantic -Werror consumer.c $(pkg-config --cflags --libs telemed) -o shared_consumer
./shared_consumer
readelf -d shared_consumer | grep -q "libtelemed.so.0" && echo "shared_consumer needs libtelemed.so.0"

step "C consumer: pkg-config --static --cflags --libs telemed, against libtelemed.a"
static_flags="$(pkg-config --static --cflags --libs telemed)"
echo "flags: $static_flags"
# -ltelemed would take libtelemed.so, which libtelemed-dev also installs: name the archive.
gcc -std=c99 -Wall -Wextra -pedantic -Werror consumer.c ${static_flags/-ltelemed /-l:libtelemed.a } -o static_consumer
./static_consumer
if readelf -d static_consumer | grep -q libtelemed; then echo "static_consumer needs libtelemed" >&2; exit 1; fi
echo "static_consumer needs no libtelemed"

if command -v telemed-conformance >/dev/null; then
    step "telemed-conformance on the installed vectors"
    telemed-conformance | tail -n 3
fi
if command -v telemed >/dev/null; then
    step "telemed --help"
    telemed --help | head -n 3
fi

step "the Python package: pip install into a virtual environment, offline"
python3 -m venv /tmp/v
/tmp/v/bin/pip install --no-index --disable-pip-version-check /src/bindings/python | tail -n 1
cd /tmp
/tmp/v/bin/python -c "import telemed; print(telemed.__version__, telemed.Context().describe()[\"jurisdiction\"])"
/tmp/v/bin/python -c "import telemed; print(\"library\", telemed.library_version(), \"zone\", telemed.default_time_zone())"
step "all passed"
'
step "passed on a fresh Debian 12"
