#!/usr/bin/env bash
# The concurrency suites (engine, work crew, experiments side by side, sweeps, policies, random
# streams) under ThreadSanitizer, in a build folder of their own. scripts/test.sh runs this after
# the whole suite; pass "address" to run the same suites under AddressSanitizer instead, or
# "--all" after the sanitizer's name to run every suite (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:-thread}"
filter="EngineTests|WorkCrewTests|SweepTests|PolicyTests|RandomStreamTests|PhiloxSwiftTests"
if [[ "${2:-}" == "--all" ]]; then filter=""; fi
scratch=".build/sanitize-$sanitizer"
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
# halt_on_error: the first report fails the run (ThreadSanitizer otherwise only warns).
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
export ASAN_OPTIONS="detect_leaks=0"
if [[ -n "$filter" ]]; then
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --filter "$filter"
else
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch"
fi
