#!/usr/bin/env bash
# Proves that another package can depend on GovLoad by version: clones this repository (its
# committed state), tags the clone with the version in Sources/GovLoadSupport/Version.swift, builds
# Tests/Consumer against it (SwiftPM refuses a versioned dependency that uses unsafe flags), and
# runs a validation scenario through GovLoad's public API.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
version=$(sed -n 's/.*string = "\(.*\)".*/\1/p' Sources/GovLoadSupport/Version.swift)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$root" "$work/govload"
git -C "$work/govload" tag "$version"
cp -R Tests/Consumer "$work/consumer"
cd "$work/consumer"
GOVLOAD_URL="$work/govload" swift build --quiet
out=$(GOVLOAD_URL="$work/govload" swift run --quiet GovLoadConsumer "$root/scenarios/validation/mm1.yaml")
echo "$out"
lines=$(echo "$out" | wc -l)
[[ "$lines" -eq 2 ]] || { echo "expected two runs, got: $out" >&2; exit 1; }
echo "consumer of GovLoad $version by version: built and ran"
