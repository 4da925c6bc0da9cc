#!/usr/bin/env bash
# Builds the release binary, .build/release/govload, with the Swift runtime and Foundation linked
# in statically: a run then starts in about 8 ms instead of 15 (no dynamic symbol lookup in the
# Swift libraries), which is most of a small scenario's time (BENCHMARKS.md).
#
# With --mpi: installs Open MPI where missing (libopenmpi-dev, openmpi-bin) and builds
# .build-mpi/release/govload with the MPI package trait, for `govload run --mpi` (docs/cluster.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--mpi" ]]; then
  # shellcheck source=scripts/apt.sh
  source scripts/apt.sh
  mapfile -t missing < <(missing_packages libopenmpi-dev openmpi-bin)
  install_packages build "" "${missing[@]}"
  swift build -c release --product govload --traits MPI --scratch-path .build-mpi
  exit
fi
swift build -c release --product govload --static-swift-stdlib
