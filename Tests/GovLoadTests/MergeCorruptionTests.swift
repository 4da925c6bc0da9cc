import Foundation
import GovLoadTestSupport
import Testing

/// `govload merge` reads every row of every shard before it writes anything: a corrupt, cut,
/// edited or foreign shard is bad input (exit 2) naming the shard's file and line, and the output
/// folder is left as it was. Each case here was merged with exit 0, or failed half-way, before.
@Suite("Merging corrupt shards", .serialized, .tags(.slow))
struct MergeCorruptionTests {
    /// Two shards of `SweepTests.scenario` (and, for cases, of a small city swept), made once.
    static let shards: (plain: [String], cases: [String], casesScenario: String) = {
        let scenario = (try? TestSupport.writeTemporary(SweepTests.scenario)) ?? ""
        let plain = (1...2).map { index in
            let out = TestSupport.freshPath()
            _ = try? Govload.run(["run", scenario, "--out", out, "--quiet", "--shard", "\(index)/2"])
            return out
        }
        let city =
            (try? TestSupport.writeTemporary(
                """
                extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
                name: sweep-city
                horizon: 3d
                sweep:
                  grid.workers_per_cell: [1, 2]
                """)) ?? ""
        let cases = (1...2).map { index in
            let out = TestSupport.freshPath()
            _ = try? Govload.run([
                "run", city, "--out", out, "--quiet", "--cases", "--replications", "2", "--policy",
                "baseline",
                "--shard", "\(index)/2",
            ])
            return out
        }
        return (plain, cases, city)
    }()

    /// A copy of `folder`, to corrupt.
    static func copy(_ folder: String) throws -> String {
        let copy = TestSupport.freshPath()
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        return copy
    }

    /// Rewrites the lines of `file` in `folder`.
    static func edit(_ folder: String, _ file: String, _ change: (inout [String]) -> Void) throws {
        let path = folder + "/" + file
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        change(&lines)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    struct Corruption: Sendable, CustomTestStringConvertible {
        var name: String
        var cases = false
        /// The file changed in the second shard, and where the error must point.
        var file: String
        var line: Int?
        var message: String
        var change: @Sendable (String) throws -> Void
        var testDescription: String { name }
    }

    static let corruptions: [Corruption] = [
        Corruption(name: "an extra column", file: "summary.csv", line: 3, message: "fields; the header has") {
            try edit($0, "summary.csv") { $0[2] += ",extra" }
        },
        Corruption(
            name: "a word in a number column", file: "channels.csv", line: 4, message: "holds 'banana'"
        ) {
            try edit($0, "channels.csv") { lines in
                var fields = lines[3].components(separatedBy: ",")
                fields[4] = "banana"
                lines[3] = fields.joined(separator: ",")
            }
        },
        Corruption(name: "a deleted row", file: "timeseries.csv", message: "rows deleted or repeated") {
            try edit($0, "timeseries.csv") { $0.remove(at: 5) }
        },
        Corruption(name: "a duplicated row", file: "summary.csv", line: 3, message: "repeats an earlier row")
        {
            try edit($0, "summary.csv") { $0.insert($0[1], at: 2) }
        },
        Corruption(
            name: "a row of a run the manifest does not claim", file: "summary.csv", line: 2,
            message: "replication 0, sweep point 0: a run the shard's manifest does not claim"
        ) {
            // Shard 2/2 ran the odd runs: its first is replication 1 of the baseline at point 0.
            try edit($0, "summary.csv") { lines in
                var fields = lines[1].components(separatedBy: ",")
                fields[2] = "0"
                lines[1] = fields.joined(separator: ",")
            }
        },
        Corruption(
            name: "a run's rows split by another's", file: "timeseries.csv",
            message: "whose rows ended above: a run's rows must be together"
        ) {
            // The first run's first row again at the end, after every other run's rows.
            try edit($0, "timeseries.csv") { lines in lines.insert(lines[1], at: lines.count - 1) }
        },
        Corruption(
            name: "CRLF line ends", file: "runs.csv", line: 1, message: "ends its line with \\r\\n"
        ) {
            try edit($0, "runs.csv") { lines in lines = lines.map { $0.isEmpty ? $0 : $0 + "\r" } }
        },
        Corruption(name: "a file cut short", file: "timeseries.csv", message: "the last line has no line end")
        {
            let path = $0 + "/timeseries.csv"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count - 7).write(to: URL(fileURLWithPath: path))
        },
        Corruption(
            name: "a missing file", file: "channels.csv", message: "is missing: the shard is not complete"
        ) {
            try FileManager.default.removeItem(atPath: $0 + "/channels.csv")
        },
        Corruption(
            name: "a renamed column", file: "summary.csv", line: 1, message: "its columns are not those"
        ) {
            try edit($0, "summary.csv") {
                $0[0] = $0[0].replacingOccurrences(of: "mean_trust", with: "trust")
            }
        },
        Corruption(
            name: "a case row removed", cases: true, file: "cases.csv", message: "and summary.csv says"
        ) {
            try edit($0, "cases.csv") { $0.remove(at: 3) }
        },
        Corruption(
            name: "cases.csv in one shard only", cases: true, file: "", message: "has no cases.csv, but"
        ) {
            try FileManager.default.removeItem(atPath: $0 + "/cases.csv")
        },
    ]

    @Test("each corruption: exit 2, the shard's file and line named, nothing written", arguments: corruptions)
    func corrupt(_ c: Corruption) throws {
        let pair = c.cases ? Self.shards.cases : Self.shards.plain
        let healthy = pair[0]
        let broken = try Self.copy(pair[1])
        try c.change(broken)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["merge", healthy, broken, "--out", out])
        #expect(result.status == 2, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        if !c.file.isEmpty {
            let prefix = broken + "/" + c.file + (c.line.map { ":\($0):1: " } ?? "")
            #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
        } else {
            #expect(result.stderr.contains(broken), "\(result.stderr)")
        }
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a failed merge --force leaves the earlier merge as it was; a good one replaces it wholly")
    func mergeOverMerge() throws {
        let out = TestSupport.freshPath()
        let withCases = try Govload.run(["merge"] + Self.shards.cases + ["--out", out])
        #expect(withCases.status == 0, "\(withCases.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map {
            try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))
        }
        let broken = try Self.copy(Self.shards.plain[1])
        try Self.edit(broken, "summary.csv") { $0.remove(at: 2) }
        let failed = try Govload.run(["merge", Self.shards.plain[0], broken, "--out", out, "--force"])
        #expect(failed.status == 2)
        let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map {
            try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))
        }
        #expect(before == after, "the earlier merge changed")
        let replaced = try Govload.run(["merge"] + Self.shards.plain + ["--out", out, "--force"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(
            names == [
                "channels.csv", "comparison.csv", "manifest.json", "runs.csv", "summary.csv",
                "timeseries.csv",
            ])
    }

    @Test("merging into one of the shards is refused")
    func intoAShard() throws {
        let shard = try Self.copy(Self.shards.plain[0])
        let result = try Govload.run(["merge", shard, Self.shards.plain[1], "--out", shard, "--force"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is the output folder too"), "\(result.stderr)")
    }
}
