#!/usr/bin/env bash
# City-scale measurements for BENCHMARKS.md: wall time and peak memory of the Shenzhen typhoon
# scenario (one replication, one policy) at several scales and horizons, and the 1- vs 2-thread
# speed-up at full scale. Needs a release build (swift build -c release) and GNU time.
#   ./scripts/bench-city.sh            the scale × days table
#   ./scripts/bench-city.sh speedup    full scale, 30 days, 1 and 2 threads, outputs compared
set -euo pipefail
cd "$(dirname "$0")/.."
govload=.build/release/govload
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # scale days threads → "wall_s peak_MB events"
  /usr/bin/time -f "%e %M" -o "$out/time" "$govload" run scenarios/bench/typhoon-bench.yaml --policy baseline \
    --replications 1 --scale "$1" --horizon "$2d" --threads "$3" --out "$out/r-$1-$2-$3" --force --quiet --profile \
    2> "$out/profile"
  read -r wall kb < "$out/time"
  events=$(grep -o '[0-9]* events' "$out/profile" | cut -d' ' -f1)
  residents=$(cut -d, -f30 "$out/r-$1-$2-$3/summary.csv" | tail -1)
  cases=$(cut -d, -f5 "$out/r-$1-$2-$3/summary.csv" | tail -1)
  echo "$wall $((kb / 1024)) $events $residents $cases"
}
if [[ ${1:-table} == speedup ]]; then
  read -r w1 m1 _ _ < <(run 1 30 1)
  read -r w2 m2 _ _ < <(run 1 30 2)
  cmp "$out/r-1-30-1/summary.csv" "$out/r-1-30-2/summary.csv" && cmp "$out/r-1-30-1/timeseries.csv" "$out/r-1-30-2/timeseries.csv"
  echo "1 thread: $w1 s, $m1 MB; 2 threads: $w2 s, $m2 MB; speed-up $(echo "scale=2; $w1 / $w2" | bc); outputs identical"
  exit 0
fi
echo "| scale | days | residents | cases | wall s (2 threads) | peak MB | events | s per M resident-days | s per M cases |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for scale in 0.01 0.1 0.5 1; do
  for days in 7 30 90; do
    read -r wall mb events residents cases < <(run "$scale" "$days" 2)
    per_rd=$(echo "scale=4; $wall * 1000000 / ($residents * $days)" | bc)
    per_case=$(echo "scale=2; $wall * 1000000 / $cases" | bc)
    echo "| $scale | $days | $residents | $cases | $wall | $mb | $events | $per_rd | $per_case |"
  done
done
