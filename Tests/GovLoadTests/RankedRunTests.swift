import Foundation
import GovLoadTestSupport
import Synchronization
import Testing

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

        init(size: Int) { self.size = size }

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
        for name in ["summary.csv", "channels.csv", "timeseries.csv", "comparison.csv", "runs.csv"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: one + "/" + name))
                    == Data(contentsOf: URL(fileURLWithPath: out + "/" + name)), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: RankedRun.shardRoot(out)))
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
