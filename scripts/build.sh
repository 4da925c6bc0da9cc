#!/usr/bin/env bash
# Builds the release binary, .build/release/govload, with the Swift runtime and Foundation linked
# in statically: a run then starts in about 8 ms instead of 15 (no dynamic symbol lookup in the
# Swift libraries), which is most of a small scenario's time (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product govload --static-swift-stdlib
