#!/usr/bin/env bash
#SBATCH --job-name=govload-shard
#SBATCH --array=1-8
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
# A job array without MPI: task I of N runs shard I/N of the study's runs into its own folder;
# docs/examples/slurm-merge.sh, submitted to run after the array, joins them (docs/cluster.md):
#   jid=$(sbatch --parsable docs/examples/slurm-array.sh)
#   sbatch --dependency=afterok:"$jid" --export=ALL,SHARDS=8 docs/examples/slurm-merge.sh
set -euo pipefail
GOVLOAD=${GOVLOAD:-.build/release/govload}
SCENARIO=${SCENARIO:-scenarios/shenzhen-typhoon.yaml}
OUT=${OUT:-results/typhoon-shards}
read -r -a extra <<< "${ARGS:-}"
: "${SLURM_ARRAY_TASK_ID:?run as a Slurm job array (or set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT)}"
: "${SLURM_ARRAY_TASK_COUNT:?run as a Slurm job array}"
"$GOVLOAD" run "$SCENARIO" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
  --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" --force --quiet "${extra[@]}"
