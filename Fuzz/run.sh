#!/usr/bin/env bash
# Builds the scenario-reader fuzzer and runs it for SECONDS (default 3600) from the scenarios
# folder (so that `extends` and seed-data paths resolve), on a working corpus seeded with every
# shipped scenario, every documentation example and Fuzz/corpus (inputs that once failed).
# Crashes, leaks and timeouts land in Fuzz/artifacts/. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-3600}"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
work="${FUZZ_WORK:-/tmp/govload-fuzz-corpus}"
mkdir -p "$work" artifacts
cp ../scenarios/*.yaml ../scenarios/*/*.yaml ../docs/examples/*.yaml corpus/* "$work"/ 2>/dev/null || true
fuzzer="$PWD/.build/release/ScenarioReaderFuzzer"
artifacts="$PWD/artifacts/"
cd ../scenarios
exec "$fuzzer" "$work" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 -timeout=30 \
    -artifact_prefix="$artifacts" -print_final_stats=1
