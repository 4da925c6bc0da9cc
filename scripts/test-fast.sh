#!/usr/bin/env bash
# The fast lane: every suite but those tagged `.slow` (statistical checks over many replications,
# signal trials, city runs through the binary), for a quick answer while working. CI runs the whole
# suite (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
slow=$(grep -l "tags(.slow)" Tests/GovLoadTests/*.swift | xargs -n1 basename | sed 's/\.swift$//' | paste -sd'|')
swift test --skip "$slow" "$@"
