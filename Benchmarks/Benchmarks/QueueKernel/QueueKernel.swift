// Benchmarks of GovLoad's queueing kernel, engine windows and output writing.
// Figures and the commands that reproduce them: ../../../BENCHMARKS.md.

import Benchmark
import Foundation
import GovLoad

/// The peers' "mmc" workload (shared/peers/README.md): λ = 10/min, mean service 3 min, 35 servers.
/// `customers` sets the horizon: 10 arrivals a minute.
func mmcScenario(customers: Int, reportInterval: SimTime = 1_000 * SimClock.hour) -> Scenario {
    Scenario(
        name: "mmc-bench", horizon: Double(customers) / 10 * 60, warmup: 0, replications: 1, seed: 7,
        reportInterval: reportInterval,
        channels: [
            ChannelSpec(
                name: "hotline", kind: .hotline, schedule: ShiftSchedule(constant: 35),
                serviceTime: .exponential(mean: 180),
                arrivals: [ExternalArrivals(process: ArrivalProcess(ratePerSecond: 10.0 / 60))])
        ])
}

let benchmarks: @Sendable () -> Void = {
    GSL.disableAbortOnError()
    // This VM exposes no hardware counters (`perf stat -e instructions` says "not supported"), so
    // instruction counts come from callgrind instead (BENCHMARKS.md).
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10)
    // Per-customer figures: time in nanoseconds, and throughput in customers per second.
    let perCustomer = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], timeUnits: .nanoseconds,
        warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(10), maxIterations: 10)

    // One replication of M/M/c with a million customers, one thread: the kernel the peers run.
    // The scaling factor makes every figure per customer (throughput: customers per second).
    Benchmark("mmc kernel, 1M customers, 1 thread", configuration: perCustomer) { _ in
        blackHole(
            Simulation.run(
                mmcScenario(customers: 1_000_000), policy: "b", replication: 0, seed: 7, threads: 1))
    }

    // The same run with a barrier forced every simulated minute: what the windows would cost if a
    // one-queue run paid them (it does not: stand-alone channels run to the horizon in one window).
    Benchmark("mmc kernel, 1M customers, barrier every minute", configuration: perCustomer) { _ in
        blackHole(
            Simulation.run(
                mmcScenario(customers: 1_000_000), policy: "b", replication: 0, seed: 7, threads: 1,
                lookahead: 60))
    }

    // Eight replications side by side on the machine's cores.
    Benchmark("mmc experiment, 8 × 250k customers, all cores") { benchmark in
        let plan = ExperimentPlan(
            scenario: mmcScenario(customers: 250_000), replications: 8, seed: 7,
            threads: ProcessInfo.processInfo.activeProcessorCount)
        blackHole(Experiment.run(plan))
    }

    // Writing the CSV files of 4 replications with hourly time series (4 × 1,000 h × 11 rows).
    Benchmark("write results, 4 replications × 1,000 h hourly") { benchmark in
        let plan = ExperimentPlan(
            scenario: mmcScenario(customers: 600_000, reportInterval: SimClock.hour), replications: 4,
            seed: 7,
            threads: 1)
        let result = Experiment.run(plan)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "govload-bench-\(getpid())"
        ).path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        benchmark.startMeasurement()
        try? ResultWriter.write(result, to: OutputFolder(path: folder))
        benchmark.stopMeasurement()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
