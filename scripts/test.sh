#!/usr/bin/env bash
# Set up, then run the whole test suite (unit and end-to-end tests; the end-to-end tests run the
# release binary, which this script builds first; the plotting test uses .venv-tools), after
# checking that the code follows the checked-in .swift-format; then the concurrency suites under
# ThreadSanitizer (scripts/test-sanitizers.sh; docs/reliability.md), and a package that depends on
# GovLoad by version (scripts/test-consumer.sh; docs/architecture.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/setup-tools.sh
swift format lint --strict --recursive Sources Tests Benchmarks/Benchmarks Plugins Package.swift
shellcheck scripts/*.sh docs/examples/*.sh
./scripts/build.sh
swift test "$@"
./scripts/test-sanitizers.sh thread
./scripts/test-consumer.sh
./scripts/test-mpi.sh
