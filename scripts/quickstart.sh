#!/usr/bin/env bash
# The main job: set up, build in release mode, and run the headline scenario with every policy.
# Results go to results/<scenario name>/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
scenario=${1:-scenarios/shenzhen-typhoon.yaml}
.build/release/govload run "$scenario" --force
