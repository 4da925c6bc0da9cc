#!/usr/bin/env bash
# Installs the system libraries GovLoad needs (GSL, Random123, zlib, zstd, GLPK, pkg-config) where missing.
# Sourced by quickstart.sh and test.sh; safe to run again.
set -euo pipefail
# shellcheck source=scripts/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
mapfile -t missing < <(missing_packages libgsl-dev librandom123-dev zlib1g-dev libzstd-dev libglpk-dev pkg-config)
install_packages setup "" "${missing[@]}"
