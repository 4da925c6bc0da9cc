#!/usr/bin/env bash
# Set up, then run the whole test suite (unit and end-to-end tests; the end-to-end tests run the
# release binary, which this script builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product govload
swift test "$@"
