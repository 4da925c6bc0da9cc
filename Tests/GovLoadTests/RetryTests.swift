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

/// Redials: callers who give up call again (`retry`).
@Suite("Redials")
struct RetryTests {
    static let scenario = """
        name: redials
        horizon: 3d
        warmup: 6h
        replications: 4
        seed: 8
        channels:
          hotline:
            servers: 10
            service_time: {dist: exponential, mean: 4m}
            patience: {dist: exponential, mean: 3m}
            external_arrivals: {rate: 150/h}
        policies:
          no-redials: {}
          redials:
            channels:
              hotline:
                retry: {probability: 70%, delay: {dist: exponential, mean: 10m}, max_attempts: 3}
        """

    @Test("first calls are the same with or without redials; the extra calls are exactly the redials")
    func redialsAddLoad() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        let result = Experiment.run(
            ExperimentPlan(
                scenario: loaded.scenario, policies: loaded.policies, replications: 4, seed: 8, threads: 2))
        for replication in 0..<4 {
            let runs = result.runs.filter { $0.replication == replication }
            let without = try #require(runs.first { $0.policy == "no-redials" })
            let with = try #require(runs.first { $0.policy == "redials" })
            #expect(without.repeatContacts == 0)
            #expect(with.repeatContacts > 100)
            // Common random numbers: the first calls are identical, so the difference is the redials
            // (arrival counts include calls at or after the warm-up).
            #expect(with.contacts - without.contacts == with.repeatContacts)
            let s = with.channels[0].statistics
            #expect(s.arrivals == s.served + s.abandoned + s.turnedAway + s.waitingAtEnd + s.inServiceAtEnd)
            // Redials happen at their own times: the sample-path Little identity (exact) holds.
            #expect(abs(s.queueArea - s.waitInWindow) <= 1e-9 * s.queueArea + 1e-6)
            #expect(abs(s.busyArea - s.serviceInWindow) <= 1e-9 * s.busyArea + 1e-6)
            // More load: more abandonment than without redials.
            #expect(s.abandonRate > without.channels[0].statistics.abandonRate)
        }
    }

    @Test("repeat_contacts reaches summary.csv, channels.csv and the comparison")
    func outputs() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let out = TestSupport.freshPath()
        #expect(try Govload.run(["run", file, "--out", out, "--quiet"]).status == 0)
        let values = try CSVTable(out, "summary.csv").column("repeat_contacts").map { Int($0) ?? -1 }
        #expect(values.prefix(4).allSatisfy { $0 == 0 } && values.suffix(4).allSatisfy { $0 > 0 })
        let channels = try String(contentsOfFile: out + "/channels.csv", encoding: .utf8)
        #expect(
            channels.split(separator: "\n")[0].hasSuffix(
                ",max_wait_min,repeat_contacts,work_orders,dispatch_min,overtime_hours"))
        let comparison = try String(contentsOfFile: out + "/comparison.csv", encoding: .utf8)
        #expect(comparison.contains(",repeat_contacts,redials,no-redials,"))
    }

    @Test("retry needs patience, and its values are checked")
    func mistakes() throws {
        let noPatience = Self.scenario.replacingOccurrences(
            of: "    patience: {dist: exponential, mean: 3m}\n", with: "")
        let result = try Govload.run(["validate", try TestSupport.writeTemporary(noPatience)])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "'retry' of channel 'hotline' needs 'patience': only callers who give up call again"))
        let oneAttempt = Self.scenario.replacingOccurrences(of: "max_attempts: 3", with: "max_attempts: 1")
        let second = try Govload.run(["validate", try TestSupport.writeTemporary(oneAttempt)])
        #expect(second.status == 2)
        #expect(
            second.stderr.contains(
                "'max_attempts' of 'retry' of channel 'hotline' must be between 2 and 100, got 1"))
    }
}
