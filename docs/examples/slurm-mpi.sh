#!/usr/bin/env bash
#SBATCH --job-name=govload-study
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=16
#SBATCH --time=02:00:00
# One Slurm job: every rank runs a share of the study's runs and rank 0 writes the results,
# byte-identical to one process (docs/cluster.md). Needs the MPI build (./scripts/build.sh --mpi)
# and an output folder every node sees. Submit: sbatch docs/examples/slurm-mpi.sh
set -euo pipefail
GOVLOAD=${GOVLOAD:-.build-mpi/release/govload}
SCENARIO=${SCENARIO:-scenarios/shenzhen-typhoon.yaml}
OUT=${OUT:-results/typhoon-cluster}
read -r -a extra <<< "${ARGS:-}"
read -r -a launcher <<< "${MPIRUN:-srun}"
"${launcher[@]}" "$GOVLOAD" run "$SCENARIO" --mpi --out "$OUT" --force --quiet "${extra[@]}"
