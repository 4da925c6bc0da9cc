"""Runs the peers' Mesa grid model (../shared/peers/grid_mesa.py, its code unchanged) with several
seeds, for the agreement check of BENCHMARKS.md: the mean wait of served requests per seed, and
their mean with a 95 % interval. With STEP < 1 (minutes), the model's clock advances STEP minutes
per step and each resident asks with probability P × STEP per step: the same model on a finer
time step, to show that the gap between Mesa's waits and GovLoad's is Mesa's one-minute step.
usage: grid_mesa_seeds.py PATH_TO_grid_mesa.py SEEDS [MINUTES] [STEP]"""
import statistics
import sys

source = open(sys.argv[1]).read()
# Everything but the final `main()` call: the model exactly as the peer defines it.
namespace = {"__name__": "grid_mesa"}
exec(compile(source.rsplit("main()", 1)[0], sys.argv[1], "exec"), namespace)
seeds = int(sys.argv[2])
minutes = int(sys.argv[3]) if len(sys.argv) > 3 else 300
step = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
City, Resident, P = namespace["City"], namespace["Resident"], namespace["P"]
if step != 1.0:
    def resident_step(self):
        if self.model.random.random() < P * step:
            self.cell.queue.append(self.model.minute)

    def city_step(self):
        self.minute += step
        self.agents.shuffle_do("step")

    Resident.step = resident_step
    City.step = city_step
waits = []
for seed in range(1, seeds + 1):
    model = City(10000, 100, 1, seed=seed)
    for _ in range(round(minutes / step)):
        model.step()
    waits.append(sum(model.waits) / max(1, len(model.waits)))
mean = statistics.mean(waits)
half = 1.96 * statistics.stdev(waits) / len(waits) ** 0.5 if len(waits) > 1 else 0
print(f"mesa seeds={seeds} minutes={minutes} step={step} mean_wait={mean:.2f} ± {half:.2f} (per seed: "
      + ", ".join(f"{w:.1f}" for w in waits) + ")")
