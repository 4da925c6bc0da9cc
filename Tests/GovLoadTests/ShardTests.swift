import Foundation
import GovLoadTestSupport
import Testing

/// A sweep split into shards and merged equals the sweep run in one process, byte for byte.
@Suite("Shards and merge", .tags(.slow))
struct ShardTests {
    static let files = ["summary.csv", "channels.csv", "timeseries.csv", "comparison.csv", "runs.csv"]

    static func read(_ folder: String) throws -> [String] {
        try files.map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
    }

    @Test("three shards merged, in any order, are byte-identical to one run; so are single points")
    func mergeMatchesOneRun() throws {
        let scenario = try TestSupport.writeTemporary(SweepTests.scenario)
        let whole = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "--out", whole, "--quiet"]).status == 0)
        let shards = (1...3).map { _ in TestSupport.freshPath() }
        for (index, shard) in shards.enumerated() {
            let result = try Govload.run([
                "run", scenario, "--out", shard, "--quiet", "--shard", "\(index + 1)/3",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merged = TestSupport.freshPath()
        let result = try Govload.run(["merge", shards[2], shards[0], shards[1], "--out", merged])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.read(merged) == Self.read(whole))
        let manifest = try String(contentsOfFile: merged + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"merged_from\""))
        // the same with one folder per --sweep-point
        let points = (0..<4).map { _ in TestSupport.freshPath() }
        for (index, point) in points.enumerated() {
            #expect(
                try Govload.run(["run", scenario, "--out", point, "--quiet", "--sweep-point", "\(index)"])
                    .status == 0)
        }
        let joined = TestSupport.freshPath()
        #expect(try Govload.run(["merge"] + points.reversed() + ["--out", joined]).status == 0)
        #expect(try Self.read(joined) == Self.read(whole))
    }

    @Test("a city sweep with --cases in two shards merges into the one-process files, cases.csv included")
    func citySweepWithCases() throws {
        let file = try TestSupport.writeTemporary(
            """
            extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
            name: sweep-city
            horizon: 4d
            sweep:
              grid.workers_per_cell: [1, 2]
            """)
        let common = ["--cases", "--replications", "2", "--policy", "baseline", "--quiet"]
        let whole = TestSupport.freshPath()
        let first = TestSupport.freshPath()
        let second = TestSupport.freshPath()
        let merged = TestSupport.freshPath()
        #expect(try Govload.run(["run", file, "--out", whole] + common).status == 0)
        #expect(try Govload.run(["run", file, "--out", first, "--shard", "1/2"] + common).status == 0)
        #expect(try Govload.run(["run", file, "--out", second, "--shard", "2/2"] + common).status == 0)
        let merge = try Govload.run(["merge", first, second, "--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        for name in ["cases.csv", "summary.csv", "channels.csv", "timeseries.csv", "comparison.csv"] {
            let a = try String(contentsOfFile: whole + "/" + name, encoding: .utf8)
            let b = try String(contentsOfFile: merged + "/" + name, encoding: .utf8)
            #expect(a == b, "\(name)")
        }
    }

    @Test(
        "a study without a sweep split into shards of runs — policies and replications apart — merges byte for byte, comparison.csv rebuilt from runs.csv"
    )
    func runShards() throws {
        let file = try TestSupport.writeTemporary(
            """
            extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
            name: run-shards
            horizon: 3d
            replications: 3
            """)
        let whole = TestSupport.freshPath()
        #expect(try Govload.run(["run", file, "--out", whole, "-q", "--cases"]).status == 0)
        let shards = (1...4).map { _ in TestSupport.freshPath() }
        for (index, shard) in shards.enumerated() {
            let result = try Govload.run([
                "run", file, "--out", shard, "-q", "--cases", "--shard", "\(index + 1)/4",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            // A shard of runs has no comparison of its own: merge computes it from every run.
            #expect(!FileManager.default.fileExists(atPath: shard + "/comparison.csv"))
            #expect(try CSVTable(shard, "runs.csv").rows.count < 6 * 3)
        }
        let merged = TestSupport.freshPath()
        let merge = try Govload.run(["merge"] + shards.reversed() + ["--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        for name in Self.files + ["cases.csv"] {
            let a = try String(contentsOfFile: whole + "/" + name, encoding: .utf8)
            let b = try String(contentsOfFile: merged + "/" + name, encoding: .utf8)
            #expect(a == b, "\(name)")
        }
        let manifest = try String(contentsOfFile: merged + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"comparison.csv\"") && !manifest.contains("runs_run"))
        // Three of the four shards are not the study.
        let short = try Govload.run(["merge"] + Array(shards.prefix(3)) + ["--out", TestSupport.freshPath()])
        #expect(short.status == 2 && short.stderr.contains("the shards lack "), "\(short.stderr)")
    }

    @Test("merge refuses overlapping, incomplete, unfinished and foreign shards, and writes nothing")
    func refusals() throws {
        let scenario = try TestSupport.writeTemporary(SweepTests.scenario)
        let first = TestSupport.freshPath()
        let second = TestSupport.freshPath()
        let otherSeed = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "--out", first, "--quiet", "--shard", "1/2"]).status == 0)
        #expect(try Govload.run(["run", scenario, "--out", second, "--quiet", "--shard", "2/2"]).status == 0)
        #expect(
            try Govload.run(["run", scenario, "--out", otherSeed, "--quiet", "--shard", "2/2", "--seed", "4"])
                .status == 0)
        let unfinished = TestSupport.temporaryFolder()
        let cases: [([String], String)] = [
            ([first, first], "repeats run 0 (policy "),
            ([first], "the shards lack "),
            ([first, otherSeed], "is a shard of another run than \(first): its seed differs"),
            ([first, unfinished], "has no manifest.json: it is not a finished govload run"),
        ]
        for (folders, message) in cases {
            let out = TestSupport.freshPath()
            let result = try Govload.run(["merge"] + folders + ["--out", out])
            #expect(result.status == 2, "\(folders)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("bad shard arguments are bad input")
    func badArguments() throws {
        let scenario = try TestSupport.writeTemporary(SweepTests.scenario)
        for (arguments, message) in [
            (["--shard", "3/2"], "The value '3/2' is invalid for '--shard <i/n>'"),
            (["--shard", "9999/9999"], "--shard: shard 9999/9999 has no runs (the study has "),
            (
                ["--shard", "1/2", "--replication", "1"],
                "--shard: cannot be combined with --precision or --replication"
            ),
            (["--sweep-point", "4"], "--sweep-point: must be from 0 to 3"),
        ] {
            let out = TestSupport.freshPath()
            let result = try Govload.run(["run", scenario, "--out", out] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
