#!/usr/bin/env bash
# `govload run --mpi` against one process: a city study with --cases on 1, 2 and 3 Open MPI
# ranks, and a sweep whose runs are handed out out of order, must give byte-identical files; bad input stops every rank with exit 2 and writes
# nothing (a failing rank is tested in RankedRunTests, with ranks as threads). Then the cluster
# examples of
# docs/cluster.md: shellcheck, the MPI script with mpirun on this machine, the job-array script
# with the array variables set by hand, and its merge job. Needs ./scripts/build.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh --mpi
mpi=.build-mpi/release/govload
single=.build/release/govload
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpirun_cmd=(mpirun --oversubscribe)
[[ $(id -u) -eq 0 ]] && mpirun_cmd+=(--allow-run-as-root)
study=(scenarios/validation/small-city.yaml --horizon 3d -r 3 --cases -q)
"$single" run "${study[@]}" -o "$work/one"
for ranks in 1 2 3; do
  "${mpirun_cmd[@]}" -n "$ranks" "$mpi" run "${study[@]}" --mpi -o "$work/mpi$ranks"
  for file in summary.csv channels.csv timeseries.csv comparison.csv runs.csv cases.csv; do
    cmp "$work/one/$file" "$work/mpi$ranks/$file"
  done
  [[ ! -e "$work/mpi$ranks.ranks" ]] || { echo "test-mpi: $ranks ranks left their shards" >&2; exit 1; }
  echo "test-mpi: $ranks rank(s): byte-identical to one process"
done
# Runs handed out costliest first: the full-scale point's runs go out before the 0.4 point's, so
# each rank holds its runs out of study order; the joined files must not show it.
printf '%s\n' "extends: $PWD/scenarios/validation/small-city.yaml" "name: sweep-scale" "horizon: 2d" \
  "replications: 2" "sweep:" "  city.scale: [0.4, 1]" >"$work/sweep.yaml"
sweep=("$work/sweep.yaml" --policy baseline --policy merged-grid --cases -q)
"$single" run "${sweep[@]}" -o "$work/sweep-one"
"${mpirun_cmd[@]}" -n 3 "$mpi" run "${sweep[@]}" --mpi -o "$work/sweep-mpi"
for file in summary.csv channels.csv timeseries.csv comparison.csv runs.csv cases.csv; do
  cmp "$work/sweep-one/$file" "$work/sweep-mpi/$file"
done
echo "test-mpi: a sweep handed out costliest first on 3 ranks: byte-identical to one process"
# More ranks than runs: a rank handed nothing is left out of the join.
few=(scenarios/validation/small-city.yaml --horizon 2d -r 2 --policy baseline -q)
"$single" run "${few[@]}" -o "$work/few-one"
"${mpirun_cmd[@]}" -n 3 "$mpi" run "${few[@]}" --mpi -o "$work/few-mpi"
for file in summary.csv channels.csv timeseries.csv comparison.csv runs.csv; do
  cmp "$work/few-one/$file" "$work/few-mpi/$file"
done
echo "test-mpi: 2 runs on 3 ranks: byte-identical to one process"
# Bad input: every rank exits 2, one message, nothing written.
set +e
"${mpirun_cmd[@]}" -n 2 "$mpi" run "${study[@]}" --mpi -o "$work/bad" --set grid.workers_per_cell=-1 2>"$work/bad.err"
status=$?
set -e
[[ $status -ne 0 && ! -e "$work/bad/manifest.json" ]] || { echo "test-mpi: bad input was not refused" >&2; exit 1; }
[[ $(grep -c "grid.workers_per_cell" "$work/bad.err") -eq 1 ]] || { cat "$work/bad.err" >&2; echo "test-mpi: bad input not reported once" >&2; exit 1; }
# The cluster examples.
shellcheck docs/examples/slurm-mpi.sh docs/examples/slurm-array.sh docs/examples/slurm-merge.sh
example=(SCENARIO=scenarios/validation/small-city.yaml ARGS="--horizon 3d")
"$single" run scenarios/validation/small-city.yaml --horizon 3d -q -o "$work/slurm-one"
env "${example[@]}" GOVLOAD="$mpi" MPIRUN="${mpirun_cmd[*]} -n 2" OUT="$work/slurm-mpi" bash docs/examples/slurm-mpi.sh
cmp "$work/slurm-mpi/comparison.csv" "$work/slurm-one/comparison.csv"
for task in 1 2 3; do
  env "${example[@]}" SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 GOVLOAD="$single" OUT="$work/array" \
    bash docs/examples/slurm-array.sh
done
GOVLOAD="$single" OUT="$work/array" SHARDS=3 bash docs/examples/slurm-merge.sh
cmp "$work/array/merged/comparison.csv" "$work/slurm-one/comparison.csv"
echo "test-mpi: the cluster examples run and agree with one process"
