import Foundation
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

/// Simulated queues against queueing theory: every estimate's 99 % confidence interval across
/// replications must contain the exact value. Seeds are fixed, so the outcome is the same on
/// every run (the intervals were not tuned to pass: a wrong queue misses by many half-widths).
@Suite("Simulation against queueing theory", .tags(.slow))
struct QueueTheoryTests {
    static func interval(_ values: [Double]) -> ConfidenceInterval { ConfidenceInterval(values, level: 0.99) }

    @Test("M/M/1 reproduces P(wait) = ρ and Wq = ρ/(μ − λ)")
    func mm1() throws {
        var scenario = try TestSupport.scenario("validation/mm1.yaml")
        scenario.horizon = 600 * SimClock.hour
        let stats = TestSupport.channelStatistics(scenario, replications: 20)
        let pWait = Self.interval(stats.map(\.waitProbability))
        let wait = Self.interval(stats.map { $0.meanWaitOfAll / 60 })
        #expect(pWait.contains(0.8), "P(wait) \(pWait)")
        #expect(wait.contains(4.0), "mean wait \(wait)")
    }

    @Test("M/M/c reproduces Erlang C")
    func mmc() throws {
        var scenario = try TestSupport.scenario("validation/mmc.yaml")
        scenario.horizon = 300 * SimClock.hour
        scenario.warmup = 20 * SimClock.hour
        let stats = TestSupport.channelStatistics(scenario, replications: 20)
        let theory = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: 35)
        let pWait = Self.interval(stats.map(\.waitProbability))
        let wait = Self.interval(stats.map(\.meanWaitOfAll))
        let utilization = Self.interval(stats.map(\.utilization))
        // P(wait ≤ 20 s) from the histogram of served customers' waits
        let level = Self.interval(stats.map { $0.shareServedWithin(20) })
        #expect(pWait.contains(theory.waitProbability), "P(wait) \(pWait) vs \(theory.waitProbability)")
        #expect(wait.contains(theory.meanWait), "mean wait \(wait) vs \(theory.meanWait)")
        #expect(utilization.contains(theory.occupancy), "utilization \(utilization)")
        #expect(abs(level.mean - theory.serviceLevel(within: 20)) < 0.005, "service level \(level)")
    }

    @Test("M/M/c+M reproduces Erlang A: P(wait), P(abandon) and mean wait")
    func mmcm() throws {
        var scenario = try TestSupport.scenario("validation/mmcm.yaml")
        scenario.horizon = 250 * SimClock.hour
        scenario.warmup = 20 * SimClock.hour
        let stats = TestSupport.channelStatistics(scenario, replications: 20)
        let theory = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: 35, patience: 300)
        let pWait = Self.interval(stats.map(\.waitProbability))
        let pAbandon = Self.interval(stats.map(\.abandonRate))
        let wait = Self.interval(stats.map(\.meanWaitOfAll))
        let utilization = Self.interval(stats.map(\.utilization))
        #expect(pWait.contains(theory.waitProbability), "P(wait) \(pWait) vs \(theory.waitProbability)")
        #expect(
            pAbandon.contains(theory.abandonProbability),
            "P(abandon) \(pAbandon) vs \(theory.abandonProbability)")
        #expect(wait.contains(theory.meanWait), "mean wait \(wait) vs \(theory.meanWait)")
        #expect(
            utilization.contains(theory.utilization), "utilization \(utilization) vs \(theory.utilization)")
    }

    @Test("M/M/c/c with no waiting room reproduces Erlang B blocking")
    func loss() throws {
        var scenario = try TestSupport.scenario("validation/loss.yaml")
        scenario.horizon = 4_000 * SimClock.hour
        let stats = TestSupport.channelStatistics(scenario, replications: 20)
        let blocking = Self.interval(stats.map { Double($0.turnedAway) / Double($0.arrivals) })
        let theory = Erlang.blocking(servers: 27, load: 17)
        #expect(blocking.contains(theory), "blocking \(blocking) vs \(theory)")
        #expect(stats.allSatisfy { $0.waited == 0 && $0.maxQueue == 0 })
    }

    @Test("Little's law holds on every queue, on each sample path and in the mean")
    func littlesLaw() throws {
        for file in [
            "validation/mm1.yaml", "validation/mmc.yaml", "validation/mmcm.yaml", "validation/shifts.yaml",
        ] {
            var scenario = try TestSupport.scenario(file)
            scenario.horizon = min(scenario.horizon, 300 * SimClock.hour)
            scenario.warmup = min(scenario.warmup, 20 * SimClock.hour)
            for s in TestSupport.channelStatistics(scenario, replications: 3) {
                // Sample path: ∫ queue dt (from event-time counts) = Σ each customer's wait in the
                // window (from its own times); likewise for busy servers and service.
                #expect(
                    abs(s.queueArea - s.waitInWindow) <= 1e-9 * s.queueArea + 1e-6,
                    "\(file): ∫Q \(s.queueArea) vs ΣW \(s.waitInWindow)")
                #expect(
                    abs(s.busyArea - s.serviceInWindow) <= 1e-9 * s.busyArea + 1e-6,
                    "\(file): ∫B \(s.busyArea) vs ΣS \(s.serviceInWindow)")
                guard file != "validation/shifts.yaml" else { continue }
                // Stationary queues: Lq = λ·Wq, with λ and Wq estimated from the customers.
                let lambda = Double(s.arrivals) / s.measuredSeconds
                let littleL = lambda * s.meanWaitOfAll
                #expect(
                    abs(s.meanQueueLength - littleL) <= 0.02 * littleL,
                    "\(file): Lq \(s.meanQueueLength) vs λW \(littleL)")
            }
        }
    }

    @Test("every arrival is served, abandoned, turned away, or still waiting or in service at the end")
    func accounting() throws {
        for file in [
            "validation/mm1.yaml", "validation/mmcm.yaml", "validation/loss.yaml", "validation/shifts.yaml",
        ] {
            var scenario = try TestSupport.scenario(file)
            scenario.horizon = min(scenario.horizon, 200 * SimClock.hour)
            scenario.warmup = min(scenario.warmup, 10 * SimClock.hour)
            for s in TestSupport.channelStatistics(scenario, replications: 3) {
                #expect(s.arrivals > 0)
                #expect(
                    s.arrivals == s.served + s.abandoned + s.turnedAway + s.waitingAtEnd + s.inServiceAtEnd,
                    "\(file)")
                #expect(s.waited <= s.arrivals)
            }
        }
    }
}

/// The MSER-5 warm-up rule and `warmup: auto`.
@Suite("Warm-up")
struct WarmupTests {
    @Test("MSER-5 cuts an initial transient and leaves a stationary series alone")
    func mser() {
        let stream = RandomStream(
            StreamKey(seed: 1, replication: 0, kind: .channel, entity: 0, purpose: .choice))
        let noise = (0..<1_000).map { _ in stream.uniform() - 0.5 }
        // a ramp from 10 down to 0 over the first 200 observations, then noise around 0
        let transient = noise.enumerated().map { index, e in
            (index < 200 ? 10 * Double(200 - index) / 200 : 0) + e
        }
        let cut = MSER.truncation(transient)
        #expect((150...260).contains(cut), "cut \(cut)")
        #expect(MSER.truncation(noise) < 100)
        #expect(MSER.truncation([1, 2, 3]) == 0)
    }
}

extension WarmupTests {
    @Test("warmup: auto runs a pilot, applies the largest MSER-5 truncation, and records it")
    func auto() throws {
        let yaml = try String(
            contentsOfFile: TestSupport.path("scenarios/validation/mm1.yaml"), encoding: .utf8
        )
        .replacingOccurrences(of: "warmup: 100h", with: "warmup: auto")
        .replacingOccurrences(of: "horizon: 2000h", with: "horizon: 300h")
        let file = try TestSupport.writeTemporary(yaml)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let choice = try #require(manifest["warmup_auto"] as? [String: Any])
        let perReplication = try #require(choice["per_replication_h"] as? [Double])
        let chosen = try #require(choice["chosen_h"] as? Double)
        #expect(perReplication.count == 10)
        #expect(chosen == perReplication.max())
        #expect(chosen < 150)  // MSER never cuts more than half
        let resolved = try #require(manifest["resolved_scenario"] as? [String: Any])
        #expect(resolved["warmup"] as? Double == chosen * 3_600)
        let described = try Govload.run(["describe", file])
        #expect(described.stdout.contains("warm-up chosen by MSER-5"))
    }
}
