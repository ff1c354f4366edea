#!/usr/bin/env bash
# A Python 3.11 base image made from Debian's own packages, for a machine whose container
# engine cannot pull `python:3.11-slim-bookworm` (no registry reachable, only a Debian
# mirror and a package index). Build the image on it with:
#
#   docker build --build-arg PYTHON_IMAGE="$(deploy/local-base.sh)" -t bloxtr8 .
#
# It prints the base's name on stdout. The name carries a digest of what the base is made
# from (this script, the suite, the mirror, the packages and the extra CA certificates), so
# a base is made once and kept: a second call finds it and returns at once; a change to
# any input makes (and names) a new one. Needs root (debootstrap, chroot) and debootstrap.
#
# Settings (environment): ENGINE (podman or docker; the first that answers),
# DEBIAN_MIRROR (http://deb.debian.org/debian), EXTRA_CA_DIR (certificates, *.crt, this
# machine trusts besides Debian's: a package index behind a TLS-inspecting proxy or a
# private mirror; /usr/local/share/ca-certificates; empty for none).
set -euo pipefail

SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="python3,python3-venv,python-is-python3,ca-certificates"
EXTRA_CA_DIR="${EXTRA_CA_DIR-/usr/local/share/ca-certificates}"
NAME=localhost/bloxtr8-python

say() { echo "local-base: $*" >&2; }

ENGINE="${ENGINE:-}"
if [ -z "$ENGINE" ]; then
    for candidate in podman docker; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then
            ENGINE="$candidate"
            break
        fi
    done
fi
[ -n "$ENGINE" ] || { say "no container engine answers (podman info, docker info)"; exit 2; }

cas=()
if [ -n "$EXTRA_CA_DIR" ] && [ -d "$EXTRA_CA_DIR" ]; then
    while IFS= read -r -d '' f; do cas+=("$f"); done \
        < <(find "$EXTRA_CA_DIR" -name '*.crt' -type f -print0 | sort -z)
fi

digest="$(
    {
        cat "${BASH_SOURCE[0]}"
        echo "$SUITE $MIRROR $PACKAGES"
        if [ "${#cas[@]}" -gt 0 ]; then cat "${cas[@]}"; fi
    } | sha256sum | cut -c1-12
)"
TAG="$NAME:3.11-$SUITE-$digest"

if "$ENGINE" image inspect "$TAG" >/dev/null 2>&1; then
    echo "$TAG"
    exit 0
fi

command -v debootstrap >/dev/null 2>&1 || { say "needs debootstrap (apt-get install debootstrap)"; exit 2; }
[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap and chroot)"; exit 2; }

root="$(mktemp -d /var/tmp/bloxtr8-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
say "making $TAG from $MIRROR ($SUITE, minbase + $PACKAGES)"
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >&2
if [ "${#cas[@]}" -gt 0 ]; then
    cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >&2
fi
# What a container image leaves out: package lists and downloaded archives, logs.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/dev/* "$root"/run/* "$root"/tmp/*
versions="$(chroot "$root" dpkg-query -W -f '${Version}' python3)"

tar --numeric-owner -C "$root" -c . | "$ENGINE" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL org.opencontainers.image.description=\"Debian $SUITE minbase, python3 $versions, from $MIRROR\"" \
    --change 'CMD ["python3"]' \
    - "$TAG" >&2
echo "$TAG"
