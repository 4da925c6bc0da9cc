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

/// Sweeps: a factorial grid over numeric keys, crossed with policies and replications.
@Suite("Sweeps")
struct SweepTests {
    static let scenario = """
        name: sweep
        horizon: 2d
        warmup: 2h
        replications: 3
        seed: 3
        channels:
          hotline:
            servers: 10
            service_time: {dist: exponential, mean: 4m}
            patience: {dist: exponential, mean: 4m}
            external_arrivals: {rate: 140/h}
        policies:
          baseline: {}
          longer-calls:
            channels:
              hotline:
                service_time: {dist: exponential, mean: 5m}
        sweep:
          channels.hotline.servers: [9, 12]
          channels.hotline.patience.mean: [2m, 4m]
        """

    @Test("every CSV gets one column per swept key, rows for every point × policy × replication")
    func outputs() throws {
        let file = try TestSupport.writeTemporary(Self.scenario)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let channels = try String(contentsOfFile: out + "/channels.csv", encoding: .utf8).split(
            separator: "\n")
        #expect(
            channels.first?.hasSuffix(
                ",staff_hours,max_wait_min,repeat_contacts,work_orders,dispatch_min,overtime_hours,channels.hotline.servers,channels.hotline.patience.mean"
            )
                == true)
        #expect(channels.count == 1 + 4 * 2 * 3)
        #expect(channels[1].hasSuffix(",9,2m") && channels.last?.hasSuffix(",12,4m") == true)
        for name in ["summary.csv", "timeseries.csv", "comparison.csv"] {
            let header = try String(contentsOfFile: out + "/" + name, encoding: .utf8).prefix { $0 != "\n" }
            #expect(header.hasSuffix(",channels.hotline.servers,channels.hotline.patience.mean"), "\(name)")
        }
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"sweep_keys\""))
    }

    @Test("a sweep point gives exactly what a run with those values gives")
    func pointMatchesPlainRun() throws {
        let swept = TestSupport.freshPath()
        let plain = TestSupport.freshPath()
        #expect(
            try Govload.run(["run", try TestSupport.writeTemporary(Self.scenario), "--out", swept, "--quiet"])
                .status == 0)
        let fixed = Self.scenario
            .replacingOccurrences(of: "servers: 10", with: "servers: 12")
            .replacingOccurrences(of: "mean: 4m}\n    external", with: "mean: 2m}\n    external")
            .components(separatedBy: "sweep:")[0]
        #expect(
            try Govload.run(["run", try TestSupport.writeTemporary(fixed), "--out", plain, "--quiet"]).status
                == 0)
        let sweptRows = try String(contentsOfFile: swept + "/channels.csv", encoding: .utf8).split(
            separator: "\n"
        )
        .filter { $0.hasSuffix(",12,2m") }.map { $0.dropLast(",12,2m".count) }
        let plainRows = try String(contentsOfFile: plain + "/channels.csv", encoding: .utf8).split(
            separator: "\n"
        ).dropFirst()
            .map { $0[...] }
        #expect(sweptRows == Array(plainRows))
    }

    @Test("more servers, shorter waits, at every patience and policy")
    func monotone() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        #expect(loaded.points.map(\.values) == [["9", "2m"], ["9", "4m"], ["12", "2m"], ["12", "4m"]])
        let plan = ExperimentPlan(
            scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
            variants: loaded.variants,
            replications: 3, seed: 3, threads: 2)
        let result = Experiment.run(plan)
        func wait(_ point: Int, _ policy: String) -> Double {
            let runs = result.runs.filter { $0.point == point && $0.policy == policy }
            return runs.map { $0.channels[0].statistics.meanWaitOfAll }.reduce(0, +) / Double(runs.count)
        }
        for policy in ["baseline", "longer-calls"] {
            #expect(wait(2, policy) < wait(0, policy))
            #expect(wait(3, policy) < wait(1, policy))
        }
    }

    @Test(
        "sweep mistakes are located",
        arguments: [
            ("  channels.hotline.kind: [1, 2]", "19:3: the scenario has no 'channels.hotline.kind' to sweep"),
            (
                "  channels.hotline.servrs: [9, 12]",
                "19:3: the scenario has no 'channels.hotline.servrs' to sweep; did you mean 'channels.hotline.servers'?"
            ),
            (
                "  channels.hotline.servers: [9, 0]",
                "19:33: 'servers' of channel 'hotline' must be between 1 and 1000000, got 0"
            ),
            ("  channels.hotline.servers: []", "19:29: 'sweep.channels.hotline.servers' lists no values"),
            ("  channels.hotline.servers: [9, many]", "19:33: sweep values must be numbers"),
        ])
    func mistakes(line: String, message: String) throws {
        let yaml = Self.scenario.components(separatedBy: "sweep:")[0] + "sweep:\n" + line
        let file = try TestSupport.writeTemporary(yaml)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("\(file):\(message)"), "\(result.stderr)")
    }

    @Test("a non-numeric key cannot be swept")
    func nonNumeric() throws {
        let yaml =
            Self.scenario.replacingOccurrences(
                of: "    servers: 10", with: "    servers: 10\n    kind: hotline"
            )
            .components(separatedBy: "sweep:")[0] + "sweep:\n  channels.hotline.kind: [hall, center]"
        let file = try TestSupport.writeTemporary(yaml)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "'channels.hotline.kind' is not a number, duration, rate or share, so it cannot be swept"))
    }
}

extension SweepTests {
    @Test("streamed runs arrive in run order, and only their statistics stay in memory")
    func orderedDelivery() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        let plan = ExperimentPlan(
            scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
            variants: loaded.variants,
            replications: 3, seed: 3, threads: 2)
        var delivered: [String] = []
        var samplesSeen = 0
        let result = Experiment.run(
            plan,
            deliver: { run in
                delivered.append("\(run.point) \(run.policy) \(run.replication)")
                samplesSeen += run.channels[0].samples.count
                return true
            })
        let expected = (0..<4).flatMap { point in
            ["baseline", "longer-calls"].flatMap { policy in (0..<3).map { "\(point) \(policy) \($0)" } }
        }
        #expect(delivered == expected)
        #expect(samplesSeen == 24 * 48)  // 24 runs × 48 hourly samples over 2 days
        #expect(result.runs.allSatisfy { $0.channels.allSatisfy { $0.samples.isEmpty } })
        #expect(result.runs.map { "\($0.point) \($0.policy) \($0.replication)" } == expected)
    }

    @Test("a delivery refused (a write error) stops the experiment: no later run starts")
    func refusedDelivery() throws {
        let loaded = try ScenarioLoader.load(path: try TestSupport.writeTemporary(Self.scenario))
        let plan = ExperimentPlan(
            scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
            variants: loaded.variants,
            replications: 3, seed: 3, threads: 1)
        var delivered = 0
        let result = Experiment.run(
            plan,
            deliver: { _ in
                delivered += 1
                return delivered < 2
            })
        #expect(delivered == 2)
        #expect(result.runs.count == 2, "\(result.runs.count) of \(plan.runCount) runs went ahead")
    }
}
