#!/usr/bin/env bash
# Whether two govload binaries write byte-identical files on every shipped scenario (manifests
# aside): the seven Shenzhen scenarios at scale 0.05 for 12 days with --cases, small-city, the
# validation queues, typhoon-bench for 4 days and grid-10k. For speed work that must not change a
# result (BENCHMARKS.md). usage: scripts/same-outputs.sh OLD NEW
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 2 ]] || { echo "usage: scripts/same-outputs.sh OLD NEW" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
outputs() {
  local binary=$1 out=$2 scenario name
  mkdir -p "$out"
  for scenario in scenarios/shenzhen-*.yaml; do
    name=$(basename "$scenario" .yaml)
    # A scenario without a city (the hotline alone) refuses --scale and --cases: run it without.
    "$binary" run "$scenario" --scale 0.05 --horizon 12d --replications 2 --cases -q -o "$out/$name" --threads 2 2>/dev/null \
      || "$binary" run "$scenario" --horizon 12d --replications 2 -q -o "$out/$name" --threads 2 --force
  done
  "$binary" run scenarios/validation/small-city.yaml --replications 2 --cases -q -o "$out/small-city" --threads 2
  for name in mm1 mmc mmcm loss shifts isa-sinusoid; do
    "$binary" run "scenarios/validation/$name.yaml" -q -o "$out/$name" --threads 2
  done
  "$binary" run scenarios/bench/typhoon-bench.yaml --horizon 4d --policy baseline --replications 1 -q -o "$out/tb" --threads 2
  "$binary" run scenarios/bench/grid-10k.yaml -q -o "$out/grid" --threads 2
  rm -f "$out"/*/manifest.json
}
outputs "$1" "$work/old"
outputs "$2" "$work/new"
diff -r "$work/old" "$work/new" && echo "same-outputs: byte-identical"
