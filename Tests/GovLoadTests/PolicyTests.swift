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

/// Policies: overlays on a scenario, run under common random numbers and compared in pairs.
@Suite("Policies and comparisons")
struct PolicyTests {
    static let scenario = """
        name: policies
        horizon: 3d
        warmup: 6h
        replications: 8
        seed: 21
        channels:
          hotline:
            kind: hotline
            servers: 10
            service_time: {dist: lognormal, mean: 4m, cv: 0.7}
            patience: {dist: exponential, mean: 4m}
            external_arrivals: {rate: 140/h}
          hall:
            kind: hall
            servers: 3
            service_time: {dist: gamma, mean: 15m, cv: 0.5}
            external_arrivals: {rate: 10/h}
        policies:
          baseline: {description: as written}
          same-again: {description: an empty overlay}
          more-agents:
            description: two more hotline agents
            channels:
              hotline: {servers: 12}
        """

    static func rows(_ text: String, dropping policyColumn: Int) -> [String] {
        text.split(separator: "\n").dropFirst().map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            fields.remove(at: policyColumn)
            return fields.joined(separator: ",")
        }
    }

    @Test("an overlay that changes nothing reproduces the baseline byte for byte")
    func emptyOverlayIsBaseline() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let baseline = TestSupport.freshPath()
        let same = TestSupport.freshPath()
        #expect(
            try Govload.run(["run", file, "--out", baseline, "--quiet", "--policy", "baseline"]).status == 0)
        #expect(
            try Govload.run([
                "run", file, "--out", same, "--quiet", "--policy", "same-again", "--baseline", "same-again",
            ]).status == 0)
        for (name, column) in [("summary.csv", 1), ("channels.csv", 1), ("timeseries.csv", 1)] {
            let a = try String(contentsOfFile: baseline + "/" + name, encoding: .utf8)
            let b = try String(contentsOfFile: same + "/" + name, encoding: .utf8)
            #expect(Self.rows(a, dropping: column) == Self.rows(b, dropping: column), "\(name)")
            #expect(a.contains(",baseline,") && b.contains(",same-again,"))
        }
    }

    @Test("every policy sees the same callers: arrivals are equal replication by replication")
    func commonRandomNumbers() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        let plan = ExperimentPlan(
            scenario: loaded.scenario, policies: loaded.policies, replications: 4, seed: 21, threads: 2)
        let result = Experiment.run(plan)
        for replication in 0..<4 {
            let arrivals = result.runs.filter { $0.replication == replication }.map {
                $0.channels.map(\.statistics.arrivals)
            }
            #expect(Set(arrivals).count == 1)
        }
    }

    @Test("paired intervals are narrower than unpaired ones, and show the effect of two more agents")
    func pairedIsNarrower() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        let plan = ExperimentPlan(
            scenario: loaded.scenario, policies: loaded.policies, replications: 8, seed: 21, threads: 2)
        let result = Experiment.run(plan)
        let rows = PolicyComparison.compare(result)
        let wait = try #require(
            rows.first { $0.policy == "more-agents" && $0.metric == "hotline.mean_wait_all_min" })
        let baseWait = try #require(
            rows.first { $0.policy == "baseline" && $0.metric == "hotline.mean_wait_all_min" })
        // Unpaired (Welch-style) half-width from the two policies' own spreads.
        let unpaired =
            (wait.value.halfWidth * wait.value.halfWidth + baseWait.value.halfWidth * baseWait.value.halfWidth)
            .squareRoot()
        #expect(
            wait.difference.halfWidth < unpaired,
            "paired \(wait.difference.halfWidth) vs unpaired \(unpaired)")
        #expect(wait.difference.high < 0)  // more agents: shorter waits, and the interval says so
        let abandon = try #require(
            rows.first { $0.policy == "more-agents" && $0.metric == "hotline.abandon_rate" })
        #expect(abandon.difference.high < 0)
        let staff = try #require(rows.first { $0.policy == "more-agents" && $0.metric == "staff_hours" })
        #expect(abs(staff.difference.mean - 2 * 66) < 1e-6)  // two agents × 66 measured hours
        // the hall is untouched: its difference is exactly zero
        let hall = try #require(
            rows.first { $0.policy == "more-agents" && $0.metric == "hall.mean_wait_all_min" })
        #expect(hall.difference.mean == 0 && hall.difference.halfWidth == 0)
        // the baseline against itself
        #expect(baseWait.difference.mean == 0 && baseWait.baselineMean == baseWait.value.mean)
    }

    @Test("comparison.csv: one row per policy and metric, baseline first, and --baseline changes it")
    func comparisonFile() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", file, "--out", out, "--quiet", "--replications", "3", "--baseline", "more-agents",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out + "/comparison.csv", encoding: .utf8).split(
            separator: "\n")
        #expect(
            lines.first
                == "scenario,metric,policy,baseline,replications,mean,ci_low,ci_high,baseline_mean,diff,diff_ci_low,diff_ci_high,p_value,p_adjusted"
        )
        // 9 totals (contacts … staff_cost, machine_hours, machine_cost, overtime_hours) + 9 metrics
        // × 2 channels, for 3 policies
        #expect(lines.count == 1 + 3 * (9 + 18))
        #expect(lines[1].hasPrefix("policies,contacts,more-agents,more-agents,3,"))
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[3] == "more-agents" })
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n")
        #expect(summary[1].hasPrefix("policies,more-agents,0,"))
    }

    @Test(
        "mistakes in policies are located in the overlay",
        arguments: [
            ("    horizon: 2d", "23:5: unknown key 'horizon' in policy 'more-agents'"),
            (
                "    channels:\n      hotlin: {servers: 12}",
                "24:7: policy 'more-agents' overrides channel 'hotlin', which the scenario does not define; did you mean 'hotline'?"
            ),
            (
                "    channels:\n      hotline: {servers: 0}",
                "24:26: 'servers' of channel 'hotline' must be between 1 and 1000000, got 0"
            ),
        ])
    func overlayMistakes(overlay: String, message: String) throws {
        let yaml = Self.scenario.replacingOccurrences(
            of: "    description: two more hotline agents\n    channels:\n      hotline: {servers: 12}",
            with: "    description: two more hotline agents\n" + overlay)
        #expect(yaml != Self.scenario)
        let file = try TestSupport.writeTemporary(yaml)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("\(file):\(message)") == true, "\(result.stderr)")
    }

    @Test("the end-of-run table names the best policy per metric and the paired differences")
    func table() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let result = try Govload.run(["run", file, "--out", TestSupport.freshPath(), "--replications", "4"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("best policy per metric (lowest mean; tie: "))
        #expect(result.stdout.contains("hotline.mean_wait_all_min: more-agents\n"))
        #expect(
            result.stdout.contains(
                "against baseline (paired difference, 95% interval; * where Holm-adjusted p < 0.05 over the"))
        #expect(result.stdout.contains("more-agents  staff_hours "))
    }

    @Test("an unknown --baseline is bad input")
    func unknownBaseline() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out, "--baseline", "nobody"])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "--baseline: unknown policy 'nobody'; scenario 'policies' defines: baseline, same-again, more-agents"
            ))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
