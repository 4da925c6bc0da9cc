// Benchmarks of the city model at scale: generating the city, and simulating a day of the
// Shenzhen typhoon scenario. Figures and the commands that reproduce them: ../../../BENCHMARKS.md.

import Benchmark
import Foundation
import GovLoad

/// The repository's root, from this file's path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The typhoon scenario at `scale`, run for `horizon` from the start.
func typhoon(scale: Double, horizon: SimTime) -> Scenario {
    guard
        let loaded = try? ScenarioLoader.load(
            path: root.appendingPathComponent("scenarios/shenzhen-typhoon.yaml").path)
    else { fatalError("cannot load scenarios/shenzhen-typhoon.yaml") }
    var scenario = loaded.scenario
    scenario.city?.layout.scale = scale
    scenario.horizon = horizon
    scenario.warmup = 0
    return scenario
}

let benchmarks: @Sendable () -> Void = {
    GSL.disableAbortOnError()
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)

    // Start-up at full scale: the city's structure and 17.56 M residents drawn by 16 partitions,
    // on two threads (a one-minute run: almost nothing happens in it).
    Benchmark("city start-up, full Shenzhen, 2 threads") { _ in
        let scenario = typhoon(scale: 1, horizon: 60)
        blackHole(Simulation.run(scenario, policy: "b", replication: 0, seed: 1, threads: 2))
    }

    // One simulated day (Monday) of the typhoon scenario at scale 0.1 (1.76 M residents).
    Benchmark("one day at scale 0.1, 1 thread") { _ in
        let scenario = typhoon(scale: 0.1, horizon: SimClock.day)
        blackHole(Simulation.run(scenario, policy: "b", replication: 0, seed: 1, threads: 1))
    }

    Benchmark("one day at scale 0.1, 2 threads") { _ in
        let scenario = typhoon(scale: 0.1, horizon: SimClock.day)
        blackHole(Simulation.run(scenario, policy: "b", replication: 0, seed: 1, threads: 2))
    }
}
