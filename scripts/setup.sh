#!/usr/bin/env bash
# Installs the system libraries GovLoad needs (GSL, Random123, zlib, zstd, GLPK, pkg-config) where missing.
# Sourced by quickstart.sh and test.sh; safe to run again.
set -euo pipefail
missing=()
for pkg in libgsl-dev librandom123-dev zlib1g-dev libzstd-dev libglpk-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
