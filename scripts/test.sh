#!/usr/bin/env bash
# Set up, then run the whole test suite (unit and end-to-end tests; the end-to-end tests run the
# release binary, which this script builds first; the plotting test uses .venv-tools), after
# checking that the code follows the checked-in .swift-format and that the benchmark package
# loads; then the concurrency suites under
# ThreadSanitizer (scripts/test-sanitizers.sh; docs/reliability.md), and a package that depends on
# GovLoad by version (scripts/test-consumer.sh; docs/architecture.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/setup-tools.sh
swift format lint --strict --recursive Sources Tests Benchmarks/Benchmarks Plugins Package.swift
shellcheck scripts/*.sh docs/examples/*.sh
# The benchmark package (Benchmarks/, BENCHMARKS.md) must still load: a target name that clashes
# with one of its dependencies' broke it once without any test noticing.
swift package --package-path Benchmarks show-dependencies >/dev/null
./scripts/build.sh
swift test "$@"
./scripts/test-sanitizers.sh thread
./scripts/test-consumer.sh
./scripts/test-mpi.sh
