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

/// `govload run` end to end: the real binary on real scenario files.
@Suite("govload run", .serialized)
struct RunCommandTests {
    /// Two channels (so hubs run in parallel within a run), shifts, patience, priorities.
    static let twoChannels = """
        name: two-channels
        horizon: 2w
        warmup: 1d
        replications: 3
        seed: 5
        report_interval: 2h
        channels:
          hotline:
            kind: hotline
            servers: 12
            service_time: {dist: lognormal, mean: 4m, cv: 0.8}
            patience: {dist: exponential, mean: 3m}
            external_arrivals:
              - {rate: 150/h, hourly: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.4, 1.8, 1.8, 1.6, 1.3, 1.5, 1.7, 1.6, 1.4, 1.2, 1.0, 0.8, 0.7, 0.5, 0.4, 0.3]}
          hall:
            kind: hall
            schedule:
              - {days: mon-fri, from: "09:00", to: "17:00", servers: 4}
            service_time: {dist: gamma, mean: 15m, cv: 0.5}
            external_arrivals: {rate: 10/h, daily: [1, 1, 1, 1, 1, 0.5, 0.5]}
        """

    static func read(_ folder: String, _ name: String) throws -> String {
        try String(
            contentsOfFile: URL(fileURLWithPath: folder).appendingPathComponent(name).path, encoding: .utf8)
    }

    @Test("writes the contract's files and columns, and a complete manifest")
    func outputs() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", scenario, "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let summary = try Self.read(out, "summary.csv").split(separator: "\n")
        #expect(
            summary.first.map(String.init)?.hasPrefix(
                "scenario,policy,replication,seed,cases_created,cases_closed,closure_rate,on_time_rate,mean_close_h,p90_close_h,contacts,abandoned,repeat_contacts,false_closures,reopened,escalations,mean_trust,staff_hours,staff_cost"
            ) == true)
        #expect(summary.count == 1 + 3)
        let channels = try Self.read(out, "channels.csv").split(separator: "\n")
        #expect(
            channels.first.map(String.init)?.hasPrefix(
                "scenario,policy,replication,channel,arrivals,served,abandoned,p_wait,mean_wait_min,mean_wait_all_min,p90_wait_min,abandon_rate,max_queue,utilization"
            ) == true)
        #expect(channels.count == 1 + 3 * 2)
        let series = try Self.read(out, "timeseries.csv").split(separator: "\n")
        #expect(series.first == "scenario,policy,replication,time_h,scope,metric,value")
        // 14 days at 2 h = 168 reporting times × (2 channels × 8 metrics + 3 city metrics) × 3 replications
        #expect(series.count == 1 + 168 * 19 * 3)
        let manifestData = try Data(
            contentsOf: URL(fileURLWithPath: out).appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        #expect(manifest["complete"] as? Bool == true)
        #expect(manifest["seed"] as? Int == 5)
        // Versions: GovLoad's, the GSL linked in, the compiler, the platform; --version says the same.
        let gsl = try #require(manifest["gsl_version"] as? String)
        #expect(gsl.split(separator: ".").count >= 2)
        #expect((manifest["swift_version"] as? String)?.hasPrefix("6.") == true)
        #expect(manifest["platform"] as? String != nil)
        let version = try Govload.run(["--version"])
        #expect(version.stdout.contains("GSL \(gsl), Swift"), "\(version.stdout)")
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect((files.first?["sha256"] as? String)?.count == 64)
        let started = try #require(manifest["start_time"] as? String)
        #expect(ISO8601DateFormatter().date(from: started) != nil, "start_time \(started)")
        #expect(Manifest.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Manifest.timestamp(Date(timeIntervalSince1970: 1_796_080_326.7)) == "2026-11-30T23:12:06Z")
        // no temporary files left behind
        let names = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(
            Set(names) == [
                "manifest.json", "summary.csv", "channels.csv", "timeseries.csv", "comparison.csv",
                "runs.csv",
            ])
    }

    @Test("results are byte-identical for 1, 2 and 4 threads, across and within runs")
    func determinism() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        for replications in ["3", "1"] {  // 3 runs: side by side; 1 run: hubs in parallel inside it
            var outputs: [[String]] = []
            for threads in ["1", "2", "4"] {
                let out = TestSupport.freshPath()
                let result = try Govload.run([
                    "run", scenario, "--out", out, "--quiet", "--threads", threads, "--replications",
                    replications,
                ])
                #expect(result.status == 0, "\(result.stderr)")
                outputs.append(
                    try ["summary.csv", "channels.csv", "timeseries.csv", "runs.csv"].map {
                        try Self.read(out, $0)
                    })
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0] == outputs[2])
        }
    }

    @Test(
        "the manifest's scenario_yaml runs again, from another folder, to the same files; it records the commit"
    )
    func scenarioYAMLRunsAgain() throws {
        let first = TestSupport.freshPath()
        let run = try Govload.run([
            "run", "scenarios/validation/small-city.yaml", "-o", first, "-q", "--horizon", "3d", "-r", "2",
            "-p",
            "baseline", "--set", "behaviour.retry_probability=40%",
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: first + "/manifest.json")))
        let fields = try #require(manifest as? [String: Any])
        let yaml = try #require(fields["scenario_yaml"] as? String)
        #expect(yaml.contains("retry_probability: 40%") && yaml.contains("horizon: 3d"))
        #expect((fields["git_commit"] as? String)?.count ?? 40 >= 40)  // absent outside a checkout
        let elsewhere = TestSupport.temporaryFolder()
        try yaml.write(toFile: elsewhere + "/again.yaml", atomically: true, encoding: .utf8)
        let second = TestSupport.freshPath()
        let again = try Govload.run(
            ["run", "again.yaml", "-o", second, "-q", "-p", "baseline"], in: elsewhere)
        try #require(again.status == 0, "\(again.stderr)")
        for name in ["summary.csv", "channels.csv", "timeseries.csv", "comparison.csv"] {
            #expect(try Self.read(first, name) == Self.read(second, name), "\(name)")
        }
    }

    @Test("runs.csv holds every compared metric of every run, exactly: its means are comparison.csv's")
    func runsFile() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", "scenarios/validation/small-city.yaml", "-o", out, "-q", "--horizon", "3d", "-r", "3",
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let runs = try CSVTable(out, "runs.csv")
        let comparison = try CSVTable(out, "comparison.csv")
        #expect(runs.rows.count == 6 * 3)
        #expect(Array(runs.columns.prefix(3)) == ["scenario", "policy", "replication"])
        var checked = 0
        for row in comparison.rows {
            let metric = comparison.value(row, "metric")
            let policy = comparison.value(row, "policy")
            let values = runs.rows(where: "policy", is: policy).compactMap { Double(runs.value($0, metric)) }
            #expect(values.count == Int(comparison.value(row, "replications")), "\(policy) \(metric)")
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let expected = try #require(Double(comparison.value(row, "mean")))
            #expect(
                abs(mean - expected) <= 1e-9 * max(1, abs(expected)),
                "\(policy) \(metric): \(mean) vs \(expected)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test("another seed gives other results; replications differ from each other")
    func seedsAndReplications() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        let first = TestSupport.freshPath()
        let second = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "--out", first, "--quiet"]).status == 0)
        #expect(try Govload.run(["run", scenario, "--out", second, "--quiet", "--seed", "6"]).status == 0)
        let a = try Self.read(first, "channels.csv")
        let b = try Self.read(second, "channels.csv")
        #expect(a != b)
        // strip the scenario/policy/replication columns: replications' numbers must differ
        let table = try CSVTable(first, "channels.csv")
        let rows = table.rows(where: "channel", is: "hotline").map { $0.dropFirst(4).joined(separator: ",") }
        #expect(rows.count == 3 && Set(rows).count == rows.count)
    }

    @Test("--force replaces an earlier run; without it a non-empty folder is refused")
    func force() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        let out = TestSupport.temporaryFolder()
        try "old".write(toFile: out + "/cases.csv", atomically: true, encoding: .utf8)
        let refused = try Govload.run(["run", scenario, "--out", out, "--quiet"])
        #expect(refused.status == 2)
        let forced = try Govload.run([
            "run", scenario, "--out", out, "--quiet", "--force", "--replications", "1",
        ])
        #expect(forced.status == 0)
        // the stale cases.csv of another run is gone
        #expect(!FileManager.default.fileExists(atPath: out + "/cases.csv"))
    }

    @Test("--profile reports events per second and the time of each phase")
    func profile() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        let result = try Govload.run([
            "run", scenario, "--out", TestSupport.freshPath(), "--quiet", "--profile",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("profile: 3 runs on ") })
        #expect(header.contains(" events, ") && header.hasSuffix("M events/s"))
        for phase in [
            "read and check input", "simulation", "building processes", "parallel phases", "processes busy",
            "threads waiting",
            "between windows", "collecting results", "output", "total",
        ] {
            #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(phase) }, "\(phase)")
        }
        // stand-alone channels: one window per run, no messages
        #expect(lines.contains { $0.contains("3 window(s), 0 message(s)") })
        #expect(lines.contains { $0.hasPrefix("        channels") && $0.hasSuffix("2 process(es)") })
    }

    @Test("--profile splits a city's work into partitions, channel hubs and the back office")
    func cityProfile() throws {
        let result = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--out", TestSupport.freshPath(),
            "--quiet", "--profile", "--replications", "1", "--horizon", "2d", "--policy", "baseline",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for (group, count) in [("partitions", 3), ("channel hubs", 4), ("back office", 1)] {
            let line = try #require(lines.first { $0.hasPrefix("        " + group) }, "\(group)")
            #expect(line.hasSuffix("\(count) process(es)"), "\(line)")
        }
    }

    @Test("the end-of-run table shows each channel with intervals and where the files are")
    func table() throws {
        let scenario = try TestSupport.writeTemporary(Self.twoChannels)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", scenario, "--out", out])
        #expect(result.status == 0)
        #expect(result.stdout.contains("hotline"))
        #expect(result.stdout.contains("hall"))
        #expect(result.stdout.contains("±"))
        #expect(result.stdout.contains(out))
        // progress lines when stderr is not a terminal: runs and simulated days (3 × 14)
        #expect(result.stderr.contains("3/3 runs done, 42 simulated days"))
    }
}

/// `--set PATH=VALUE`: any scenario value from the command line, checked as the file's are.
@Suite("--set")
struct SetOptionTests {
    @Test(
        "a value set on the command line is the run's, in every file and the manifest; validate and describe take it too"
    )
    func valid() throws {
        let scenario = TestSupport.path("scenarios/validation/mm1.yaml")
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", scenario, "--set", "channels.counter.servers=2", "--replications", "2", "--horizon",
            "300h",
            "--out", out, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let channels = try CSVTable(out, "channels.csv")
        // M/M/1 at load 0.8 with a second server: utilisation halves to about 0.4.
        let utilization = channels.rows.compactMap { Double(channels.value($0, "utilization")) }
        #expect(!utilization.isEmpty && utilization.allSatisfy { $0 < 0.5 })
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("--set"))
        let validate = try Govload.run(["validate", scenario, "--set", "channels.counter.servers=2"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let describe = try Govload.run(["describe", scenario, "--set", "channels.counter.servers=3"])
        #expect(describe.status == 0 && describe.stdout.contains("3"), "\(describe.stderr)")
    }

    @Test(
        "a malformed --set, an unknown key or a bad value: exit 2, named at --set, nothing written",
        arguments: [
            ("nonsense", "--set: must be PATH=VALUE"),
            ("channels.counter.servrs=2", "--set channels.counter.servrs: unknown key"),
            ("channels.counter.servers=-1", "--set channels.counter.servers:"),
            ("=2", "--set: must be PATH=VALUE with a dotted key"),
        ])
    func invalid(text: String, expected: String) throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "--set", text, "--out", out,
        ])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(expected), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// `--replication K`: one replication rerun alone, exactly as it ran among the others.
@Suite("--replication", .tags(.slow))
struct ReplicationOptionTests {
    @Test("replication K alone writes the same rows as replication K of the full run, in every file")
    func same() throws {
        let scenario = TestSupport.path("scenarios/validation/small-city.yaml")
        let full = TestSupport.freshPath()
        let one = TestSupport.freshPath()
        let common = [
            "--horizon", "4d", "--replications", "3", "--policy", "baseline", "--policy", "integrated",
            "--quiet",
        ]
        #expect(try Govload.run(["run", scenario, "--out", full] + common).status == 0)
        let rerun = try Govload.run(["run", scenario, "--out", one, "--replication", "1"] + common)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        for file in ["summary.csv", "channels.csv", "timeseries.csv"] {
            let all = try CSVTable(full, file)
            let alone = try CSVTable(one, file)
            let kept = all.rows.filter { all.value($0, "replication") == "1" }
            #expect(!kept.isEmpty)
            #expect(kept == alone.rows, "\(file): replication 1 differs when run alone")
        }
        let manifest = try String(contentsOfFile: one + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"replication\" : 1"))
        let merge = try Govload.run(["merge", one, full, "--out", TestSupport.freshPath()])
        #expect(merge.status == 2 && merge.stderr.contains("--replication"), "\(merge.stderr)")
        let outside = try Govload.run(
            ["run", scenario, "--replication", "3", "--out", TestSupport.freshPath()] + common)
        #expect(
            outside.status == 2 && outside.stderr.hasPrefix("--replication: must be from 0 to 2"),
            "\(outside.stderr)")
    }
}

/// The default thread count respects the machine: Slurm's allocation, then the affinity mask.
@Suite("Default threads")
struct DefaultThreadsTests {
    @Test("SLURM_CPUS_PER_TASK, then the affinity mask, then every core")
    func rule() {
        #expect(MachineThreads.available(environment: ["SLURM_CPUS_PER_TASK": "3"], affinity: 8) == 3)
        #expect(MachineThreads.available(environment: ["SLURM_CPUS_PER_TASK": "16"], affinity: 8) == 8)
        #expect(MachineThreads.available(environment: ["SLURM_CPUS_PER_TASK": "x"], affinity: 2) == 2)
        #expect(MachineThreads.available(environment: [:], affinity: 1) == 1)
        #expect(MachineThreads.available(environment: [:], affinity: nil) >= 1)
    }

    @Test("taskset -c 0 runs one thread, as the manifest records")
    func taskset() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else { return }
        let out = TestSupport.freshPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = [
            "-c", "0", Govload.binary, "run", TestSupport.path("scenarios/validation/mm1.yaml"), "-r", "2",
            "--horizon", "200h", "-o", out, "-q",
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"threads\" : 1"))
    }
}
