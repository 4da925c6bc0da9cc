import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// The confidence intervals are honest: on M/M/c, whose answers are known exactly (Erlang C),
/// about 95 % of 95 % intervals from independent experiments contain the true value.
@Suite("Confidence interval coverage", .tags(.slow))
struct CoverageTests {
    @Test("200 experiments of 10 replications: coverage of P(wait) and utilization within binomial tolerance")
    func coverage() throws {
        var scenario = try TestSupport.scenario("validation/mmc.yaml")
        scenario.horizon = 12 * SimClock.hour
        scenario.warmup = 2 * SimClock.hour
        let theory = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: 35)
        let experiments = 200
        let replications = 10
        // Independent experiments: each has its own seed.
        let results = ParallelExecutor(threads: 2).map(experiments) { [scenario] experiment in
            (0..<replications).map { replication in
                Simulation.run(
                    scenario, policy: "b", replication: replication, seed: 1_000 + UInt64(experiment),
                    threads: 1
                ).channels[0].statistics
            }
        }
        var coveredWait = 0
        var coveredUtilization = 0
        for stats in results {
            if ConfidenceInterval(stats.map(\.waitProbability)).contains(theory.waitProbability) {
                coveredWait += 1
            }
            if ConfidenceInterval(stats.map(\.utilization)).contains(theory.occupancy) {
                coveredUtilization += 1
            }
        }
        // 95 % ± 3 binomial standard deviations (√(0.95·0.05/200) ≈ 1.5 %): [90.4 %, 99.6 %]
        let tolerance = 3 * (0.95 * 0.05 / Double(experiments)).squareRoot()
        for (name, covered) in [("P(wait)", coveredWait), ("utilization", coveredUtilization)] {
            let share = Double(covered) / Double(experiments)
            #expect(
                abs(share - 0.95) <= tolerance,
                "\(name): \(covered) of \(experiments) intervals cover the true value")
        }
    }
}
