import Foundation
import GovLoadTestSupport
import Synchronization
import Testing

@testable import GovLoadExperiment
@testable import GovLoadOutput
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// `govload run --mpi`'s logic with ranks as threads of this process (scripts/test-mpi.sh runs the
/// real thing under mpirun): the ranks' shards joined equal one process; a failing rank leaves no
/// finished result.
@Suite("Ranked runs", .serialized)
struct RankedRunTests {
    /// Ranks as threads: a reusable barrier and a max-reduction over it.
    final class ThreadRanks: @unchecked Sendable {
        let size: Int
        private let condition = NSCondition()
        private var arrived = 0
        private var generation = 0
        private var accumulated: Int32 = 0
        private var results: [Int32] = []
        /// Called once, by the last rank to reach the first collective, before any rank goes on.
        var onFirstCollective: (@Sendable () -> Void)?

        /// Requests to rank 0 not yet taken, and answers not yet taken, by rank.
        private var requests: [(rank: Int, value: Int64)] = []
        private var answers: [Int: Int64] = [:]

        init(size: Int) { self.size = size }

        func pollRequest() -> (rank: Int, value: Int64)? {
            condition.lock()
            defer { condition.unlock() }
            return requests.isEmpty ? nil : requests.removeFirst()
        }

        func answer(_ rank: Int, _ value: Int64) {
            condition.lock()
            defer { condition.unlock() }
            answers[rank] = value
            condition.broadcast()
        }

        func request(from rank: Int, _ value: Int64, wait: Bool) -> Int64 {
            condition.lock()
            defer { condition.unlock() }
            requests.append((rank, value))
            guard wait else { return -1 }
            while answers[rank] == nil { condition.wait() }
            return answers.removeValue(forKey: rank) ?? -1
        }

        func collective(_ status: Int32) -> Int32 {
            condition.lock()
            defer { condition.unlock() }
            let mine = generation
            accumulated = max(accumulated, status)
            arrived += 1
            if arrived == size {
                if mine == 0 { onFirstCollective?() }
                results.append(accumulated)
                accumulated = 0
                arrived = 0
                generation += 1
                condition.broadcast()
            } else {
                while generation == mine { condition.wait() }
            }
            return results[mine]
        }
    }

    struct ThreadRank: RankGroup {
        let rank: Int
        let ranks: ThreadRanks
        var size: Int { ranks.size }
        func barrier() { _ = ranks.collective(0) }
        func worst(_ status: Int32) -> Int32 { ranks.collective(status) }
        func pollRequest() -> (rank: Int, value: Int64)? { ranks.pollRequest() }
        func answer(_ rank: Int, _ value: Int64) { ranks.answer(rank, value) }
        func request(_ value: Int64, wait: Bool) -> Int64 { ranks.request(from: rank, value, wait: wait) }
    }

    /// Runs `options` on `size` thread ranks; rank 0's outcome.
    static func run(_ options: RunOptions, size: Int, ranks: ThreadRanks) -> Result<
        RankedRunReport?, any Error
    > {
        // One thread each, all at once (Dispatch could hold a rank back until another finishes,
        // and ranks wait for each other).
        let outcomes = Mutex<[Int: Result<RankedRunReport?, any Error>]>([:])
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            let thread = Thread {
                let outcome = Result {
                    try RankedRun.execute(options, group: ThreadRank(rank: rank, ranks: ranks))
                }
                outcomes.withLock { $0[rank] = outcome }
                done.leave()
            }
            thread.start()
        }
        done.wait()
        return outcomes.withLock { $0[0] ?? .success(nil) }
    }

    /// The per-run files and the comparison, and `cases.csv` with `cases`.
    static func files(cases: Bool = false) -> [String] {
        ["summary.csv", "channels.csv", "timeseries.csv", "comparison.csv", "runs.csv"]
            + (cases ? ["cases.csv"] : [])
    }

    /// Expects each of `names` to hold the same bytes in folders `a` and `b`.
    static func expectSameFiles(_ a: String, _ b: String, _ names: [String]) throws {
        for name in names {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
                    == Data(contentsOf: URL(fileURLWithPath: b + "/" + name)), "\(name)")
        }
    }

    static func options(_ out: String) -> RunOptions {
        var options = RunOptions(
            scenarioPath: TestSupport.path("scenarios/validation/small-city.yaml"), threads: 1)
        options.output = out
        options.overrides = [
            ScenarioOverride("horizon", "2d", argument: "--horizon"),
            ScenarioOverride("replications", "2", argument: "--replications"),
        ]
        return options
    }

    @Test("three ranks' shards joined are one process's files, byte for byte; the shards are removed")
    func joined() throws {
        let one = TestSupport.freshPath()
        #expect(
            try Govload.run([
                "run", "scenarios/validation/small-city.yaml", "--horizon", "2d", "-r", "2", "-o", one, "-q",
            ]).status == 0)
        let out = TestSupport.freshPath()
        let outcome = Self.run(Self.options(out), size: 3, ranks: ThreadRanks(size: 3))
        let report = try #require(try outcome.get())
        #expect(report.shards == 3 && report.runs == 6 * 2)
        try Self.expectSameFiles(one, out, Self.files())
        #expect(!FileManager.default.fileExists(atPath: RankedRun.shardRoot(out)))
    }

    /// A sweep whose second point (full scale) costs more than its first (scale 0.4).
    static let scaleSweep = """
        extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
        name: sweep-scale
        horizon: 2d
        replications: 2
        sweep:
          city.scale: [0.4, 1]
        """

    @Test(
        "runs are handed out costliest first, so ranks hold them out of order; joined, they are one process's files, cases.csv included"
    )
    func handedOutCostliestFirst() throws {
        let file = try TestSupport.writeTemporary(Self.scaleSweep)
        let common = ["--policy", "baseline", "--policy", "merged-grid"]
        var options = RunOptions(scenarioPath: file, threads: 1)
        options.policies = ["baseline", "merged-grid"]
        options.cases = true
        let (plan, _, _) = try Runner.prepare(options)
        // 2 points × 2 policies × 2 replications: the full-scale point's four runs first.
        #expect(plan.costliestFirst == [4, 5, 6, 7, 0, 1, 2, 3])
        // --shard deals them to the least-loaded shard: two full-scale runs against one and two
        // at 0.4 each.
        #expect(plan.shardRuns(index: 1, count: 3) == [4, 7])
        #expect(plan.shardRuns(index: 2, count: 3) == [0, 2, 5])
        #expect(plan.shardRuns(index: 3, count: 3) == [1, 3, 6])
        let one = TestSupport.freshPath()
        #expect(try Govload.run(["run", file, "-o", one, "-q", "--cases"] + common).status == 0)
        let out = TestSupport.freshPath()
        options.output = out
        let report = try #require(try Self.run(options, size: 3, ranks: ThreadRanks(size: 3)).get())
        #expect(report.shards == 3 && report.runs == 8)
        try Self.expectSameFiles(one, out, Self.files(cases: true))
    }

    @Test("more ranks than runs: a rank handed nothing is left out of the join, which is one process's files")
    func idleRank() throws {
        let one = TestSupport.freshPath()
        #expect(
            try Govload.run([
                "run", "scenarios/validation/small-city.yaml", "--horizon", "2d", "-r", "2", "--policy",
                "baseline",
                "-o", one, "-q",
            ]).status == 0)
        var options = Self.options(TestSupport.freshPath())
        options.policies = ["baseline"]
        let report = try #require(try Self.run(options, size: 3, ranks: ThreadRanks(size: 3)).get())
        #expect(report.runs == 2 && report.shards <= 2)
        try Self.expectSameFiles(one, report.folder.path, Self.files())
    }

    @Test(
        "a part whose runs came in any order (runs.csv and every file in that order) merges into one process's files"
    )
    func mergeOutOfOrder() throws {
        let file = try TestSupport.writeTemporary(Self.scaleSweep)
        let one = TestSupport.freshPath()
        #expect(
            try Govload.run(["run", file, "-o", one, "-q", "--cases", "--policy", "baseline"]).status == 0)
        var options = RunOptions(scenarioPath: file, threads: 2)
        options.policies = ["baseline"]
        options.cases = true
        options.output = TestSupport.freshPath()
        var (plan, loaded, folder) = try Runner.prepare(options)
        plan.source = RunQueue([2, 0, 3, 1])
        try folder.claim(force: false)
        _ = try Runner.execute(plan, loaded: loaded, folder: folder, options: options)
        let runs = try CSVTable(folder.path, "runs.csv")
        #expect(runs.column("replication") == ["0", "0", "1", "1"])
        #expect(runs.column("city.scale") == ["1", "0.4", "1", "0.4"])
        let merged = TestSupport.freshPath()
        let merge = try Govload.run(["merge", folder.path, "--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        try Self.expectSameFiles(one, merged, Self.files(cases: true))
    }

    @Test("a rank that fails leaves no finished result, and rank 0 says so")
    func failingRank() throws {
        let out = TestSupport.freshPath()
        let ranks = ThreadRanks(size: 2)
        let blocked = RankedRun.shardRoot(out) + "/rank-1"
        // Where rank 1's shard must go, a file: its folder cannot be made.
        ranks.onFirstCollective = {
            FileManager.default.createFile(atPath: blocked, contents: Data("x".utf8))
        }
        let outcome = Self.run(Self.options(out), size: 2, ranks: ranks)
        #expect(throws: OutputError.self) { try outcome.get() }
        #expect(!FileManager.default.fileExists(atPath: out + "/manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: RankedRun.shardRoot(out)))
    }

    @Test("a folder of the user's where the shards would go is refused, never removed")
    func foreignShardRoot() throws {
        let out = TestSupport.freshPath()
        let root = RankedRun.shardRoot(out)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "mine".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        let outcome = Self.run(Self.options(out), size: 2, ranks: ThreadRanks(size: 2))
        #expect(throws: InputError.self) { try outcome.get() }
        #expect(FileManager.default.fileExists(atPath: root + "/notes.txt"))
    }
}
