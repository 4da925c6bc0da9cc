#!/usr/bin/env bash
#SBATCH --job-name=govload-merge
#SBATCH --cpus-per-task=1
#SBATCH --time=00:30:00
# Joins the shards of docs/examples/slurm-array.sh into $OUT/merged once every task has
# finished (sbatch --dependency=afterok:<array job>). merge checks every row of every shard
# first and streams in bounded memory (docs/cluster.md).
set -euo pipefail
GOVLOAD=${GOVLOAD:-.build/release/govload}
OUT=${OUT:-results/typhoon-shards}
SHARDS=${SHARDS:?how many shards the array ran}
shards=()
for index in $(seq 1 "$SHARDS"); do shards+=("$OUT/shard-$index"); done
"$GOVLOAD" merge "${shards[@]}" --out "$OUT/merged" --force
