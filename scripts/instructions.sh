#!/usr/bin/env bash
# Instruction counts (callgrind) of govload binaries on the two speed workloads of BENCHMARKS.md:
# the M/M/c kernel with 2 M customers, and Shenzhen at scale 0.25 for 10 days, one thread each.
# usage: scripts/instructions.sh BINARY...   (copies each, strips its DWARF 5, which valgrind 3.19
# cannot read, and prints "binary kernel city")
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[[ $# -gt 0 ]] || { echo "usage: scripts/instructions.sh BINARY..." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^horizon: .*/horizon: 200000m/; s/^warmup: .*/warmup: 20000m/' scenarios/bench/mmc-20m.yaml >"$work/mmc-2m.yaml"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" --out "$work/out" --force --quiet \
    --threads 1 2>&1 | awk '/refs:/ { print $NF }'
}
for binary in "$@"; do
  cp "$binary" "$work/govload" && strip -g "$work/govload"
  kernel=$(count "$work/govload" run "$work/mmc-2m.yaml")
  city=$(count "$work/govload" run scenarios/bench/typhoon-bench.yaml --scale 0.25 --horizon 10d \
    --policy baseline --replications 1)
  echo "$binary $kernel $city"
done
