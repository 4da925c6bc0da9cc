#!/usr/bin/env bash
# Two govload binaries run at the same moment, N times, which one starts first alternating: on a
# machine whose speed swings by a third within minutes, both runs of a pair see the same spell,
# so the ratio of their times is far steadier than that of runs taken one after the other
# (BENCHMARKS.md). Give each run one thread (--threads 1) so that the pair fills two cores.
# Prints each pair's seconds and the median and range of NEW ÷ OLD.
# usage: scripts/side-by-side.sh N OLD NEW GOVLOAD-ARGUMENTS...
#   e.g. scripts/side-by-side.sh 10 /tmp/govload-old .build/release/govload \
#          run scenarios/bench/typhoon-bench.yaml --policy baseline --threads 1
set -euo pipefail
[[ $# -ge 4 ]] || { echo "usage: scripts/side-by-side.sh N OLD NEW GOVLOAD-ARGUMENTS..." >&2; exit 2; }
pairs=$1 old=$2 new=$3
shift 3
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "side-by-side.sh: N must be a positive whole number" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Runs one binary into its own folder and writes its wall seconds to $work/$2.seconds.
timed() {
  local start end
  start=$(date +%s.%N)
  "$1" "${@:3}" --quiet --force --out "$work/$2" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$work/$2.seconds"
}
for ((pair = 0; pair < pairs; pair++)); do
  if ((pair % 2 == 0)); then first=(old "$old") second=(new "$new"); else first=(new "$new") second=(old "$old"); fi
  timed "${first[1]}" "${first[0]}" "$@" &
  started=$!
  timed "${second[1]}" "${second[0]}" "$@"
  wait "$started"
  printf '%.2f %.2f\n' "$(cat "$work/old.seconds")" "$(cat "$work/new.seconds")" | tee -a "$work/pairs"
done
awk '{ print $2 / $1 }' "$work/pairs" | sort -g | awk '
  { ratio[NR] = $1 }
  END {
    median = NR % 2 ? ratio[(NR + 1) / 2] : (ratio[NR / 2] + ratio[NR / 2 + 1]) / 2
    printf "new ÷ old: median %.3f, range %.3f–%.3f over %d pairs\n", median, ratio[1], ratio[NR], NR
  }'
