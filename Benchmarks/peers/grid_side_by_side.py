"""Times the peers' grid workload side by side, whole command against whole command: Mesa
(`python grid_mesa.py 10000 100 1 300`: interpreter start, `import mesa`, building 10,100 agents,
300 steps) and GovLoad (`govload run scenarios/bench/grid-10k.yaml --replications 1 --threads 1`:
process start, reading the scenario, building the city, simulating, writing every file), in
alternation, and prints each one's median wall time and the ratio. Also prints Mesa's own timing
of its 300 steps and GovLoad's building + simulating time from --profile, the like-for-like
figures for the simulation alone.
usage: grid_side_by_side.py PYTHON_WITH_MESA PATH_TO_grid_mesa.py GOVLOAD [ROUNDS]"""
import re
import statistics
import subprocess
import sys
import tempfile
import time

python, mesa_script, govload = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
out = tempfile.mkdtemp()
mesa_cmd = [python, mesa_script, "10000", "100", "1", "300"]
govload_cmd = [govload, "run", "scenarios/bench/grid-10k.yaml", "--replications", "1", "--threads", "1",
               "--out", out, "--force", "--quiet"]


def timed(cmd):
    start = time.perf_counter()
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, result


mesa_whole, mesa_steps, govload_whole, govload_sim = [], [], [], []
for _ in range(rounds):
    wall, result = timed(mesa_cmd)
    mesa_whole.append(wall)
    mesa_steps.append(float(re.search(r"wall_s=([0-9.]+)", result.stdout).group(1)))
    for _ in range(10):  # GovLoad's run is short: ten of them per Mesa run
        wall, _ = timed(govload_cmd)
        govload_whole.append(wall)
    _, result = timed(govload_cmd + ["--profile"])
    build = float(re.search(r"building processes\s+([0-9.]+)", result.stderr).group(1))
    phases = float(re.search(r"parallel phases\s+([0-9.]+)", result.stderr).group(1))
    govload_sim.append(build + phases)

m, g = statistics.median(mesa_whole), statistics.median(govload_whole)
ms, gs = statistics.median(mesa_steps), statistics.median(govload_sim)
print(f"whole command: Mesa {m:.3f} s (median of {rounds}), GovLoad {g * 1000:.1f} ms "
      f"(median of {len(govload_whole)}): GovLoad {m / g:.0f}x faster")
print(f"simulation alone: Mesa's 300 steps {ms:.3f} s, GovLoad building the city and simulating "
      f"{gs * 1000:.1f} ms: {ms / gs:.0f}x")
