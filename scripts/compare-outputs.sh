#!/usr/bin/env bash
# Runs every shipped scenario with two govload binaries — cities at --scale 0.01, two replications,
# the shortest horizon from a list that passes the warm-up — and compares their CSV files byte for
# byte. A refactor must leave them identical (docs/architecture.md).
# Usage: scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"
new="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for file in $(find scenarios -name '*.yaml' | sort); do
    name=$(echo "$file" | tr '/' '_')
    scale=()
    if "$new" describe "$file" 2>/dev/null | grep -qi 'residents'; then scale=(--scale 0.01); fi
    chosen=""
    for horizon in 3d 9d 10d 400h 4000h 300m 2000000m; do
        if "$new" run "$file" --out "$work/new/$name" --replications 2 --quiet --force --horizon "$horizon" \
            "${scale[@]}" > /dev/null 2>&1; then
            chosen=$horizon
            break
        fi
    done
    if [[ -z "$chosen" ]]; then echo "no horizon runs: $file"; status=1; continue; fi
    "$old" run "$file" --out "$work/old/$name" --replications 2 --quiet --force --horizon "$chosen" \
        "${scale[@]}" > /dev/null 2>&1 || { echo "old failed: $file"; status=1; continue; }
    for csv in summary.csv channels.csv timeseries.csv comparison.csv; do
        if ! cmp -s "$work/old/$name/$csv" "$work/new/$name/$csv"; then
            echo "DIFFERENT: $file $csv (--horizon $chosen ${scale[*]})"
            status=1
        fi
    done
    echo "identical: $file (--horizon $chosen ${scale[*]})"
done
exit $status
