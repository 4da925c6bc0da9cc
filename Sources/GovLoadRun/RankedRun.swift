import Foundation
import GovLoadExperiment
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// The processes of one job (MPI ranks): which one this is, how many there are, the two
/// collective steps a ranked run needs, and the requests by which rank 0 hands runs out.
/// `govload run --mpi` provides Open MPI's; tests can provide their own.
public protocol RankGroup: Sendable {
    /// This process's rank, from 0.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// Waits until every rank has called it.
    func barrier()
    /// The largest of every rank's `status`, known to every rank.
    func worst(_ status: Int32) -> Int32
    /// On rank 0: a request from another rank, if one is waiting (its sender and value); never
    /// waits.
    func pollRequest() -> (rank: Int, value: Int64)?
    /// On rank 0: answers `rank`'s request.
    func answer(_ rank: Int, _ value: Int64)
    /// On other ranks: sends `value` to rank 0 as a request and, with `wait`, returns its answer.
    func request(_ value: Int64, wait: Bool) -> Int64
}

/// A rank stopped because another rank found a problem (which that rank reports): exit with `code`.
public struct RankedRunStopped: Error, Sendable {
    /// 2 for bad input, 1 for anything else.
    public var code: Int32
}

/// What a ranked run's rank 0 reports.
public struct RankedRunReport: Sendable {
    /// The joined output folder.
    public var folder: OutputFolder
    /// The shards joined: one per rank that was handed a run.
    public var shards: Int
    /// Runs in the study.
    public var runs: Int
    /// Wall-clock seconds, from the start to the joined manifest.
    public var wallSeconds: Double
}

/// `govload run --mpi`: a study's runs handed out by rank 0, costliest first, one at a time to
/// whichever rank's thread is free (`RankedRun+Dispatch.swift`), each rank writing the runs it
/// was given, in that order, into `OUT.ranks/rank-r` (a folder every rank sees: a shared file
/// system, as on a Slurm cluster); then rank 0 joins them into OUT in run order with `govload
/// merge`'s checks and streaming, and removes the shards. The files are those of one process,
/// byte for byte, for any number of ranks; if any rank fails, OUT gets no manifest.
public enum RankedRun {
    /// The folder of the ranks' shards beside `output`.
    public static func shardRoot(_ output: String) -> String { output + ".ranks" }

    /// Runs this rank's share and, on rank 0, joins every share into `options.output`. Every rank
    /// calls it; bad input is thrown on every rank (rank 0 prints it). Returns rank 0's report,
    /// nil on the others.
    public static func execute(
        _ options: RunOptions, group: some RankGroup, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> RankedRunReport? {
        let start = Date()
        let root = shardRoot(options.output ?? "")
        // Every rank reads and checks the scenario; rank 0 also checks and claims the output
        // folder. Then all agree: one rank's bad input stops every rank.
        var status: Int32 = 0
        var problem: (any Error)?
        var checked: (plan: ExperimentPlan, folder: OutputFolder)?
        do {
            var mine = options
            if group.rank != 0 {
                mine.output = rankFolder(root, group.rank)
                mine.force = true
            }
            let (plan, _, folder) = try Runner.prepare(mine)
            checked = (plan, folder)
            if group.rank == 0 {
                try checkShardRoot(root)
                try folder.claim(force: options.force)
                try? FileManager.default.removeItem(atPath: root)
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            }
        } catch {
            problem = error
            status = error is InputError ? 2 : 1
        }
        let agreed = group.worst(status)
        guard agreed == 0, let (plan, folder) = checked else {
            throw problem ?? RankedRunStopped(code: agreed)
        }
        let total = plan.allRunCount
        let outcome = runShare(options, plan: plan, group: group, root: root, progress: progress)
        let worst = group.worst(outcome)
        guard group.rank == 0 else { return nil }
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard worst == 0 else {
            folder.ledger.abandon()
            throw OutputError("a rank failed (its error is above); \(folder.path) holds no finished run")
        }
        let shards = (0..<group.size).map { rankFolder(root, $0) }
        let merge = try ShardMerge.check(shards, into: folder.path)
        try ShardMerge.merge(merge, into: folder)
        return RankedRunReport(
            folder: folder, shards: merge.shards.count, runs: total,
            wallSeconds: Date().timeIntervalSince(start))
    }

    static func rankFolder(_ root: String, _ rank: Int) -> String { root + "/rank-\(rank)" }

    /// The shards' folder may be left from an interrupted job (only `rank-K` folders in it),
    /// which is replaced; anything else there is the user's, and is refused, never removed.
    static func checkShardRoot(_ root: String) throws(InputError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard isFolder.boolValue, entries.allSatisfy({ $0.hasPrefix("rank-") }) else {
            throw InputError(
                Diagnostic(
                    .argument("--out"),
                    "'\(root)', where the ranks write their shards, holds files that are not GovLoad's; move it away"
                ))
        }
    }

    /// A rank's error, on its standard error, naming the rank.
    static func report(rank: Int, _ message: String) {
        FileHandle.standardError.write(Data("govload: rank \(rank): \(message)\n".utf8))
    }

    /// This rank's share: the runs rank 0 hands it, written into its folder; 0 when done, 1 when
    /// it failed (and said so). Rank 0 also hands the runs out until every rank has finished.
    static func runShare<Group: RankGroup>(
        _ options: RunOptions, plan: ExperimentPlan, group: Group, root: String,
        progress: (@Sendable (Int, Int) -> Void)?
    ) -> Int32 {
        let source: any RunSource
        var dispatcher: RunDispatcher<Group>?
        if group.rank == 0 {
            let queue = RunQueue(plan.costliestFirst)
            source = queue
            dispatcher = RunDispatcher(group: group, queue: queue)
        } else {
            source = RemoteRuns(group: group)
        }
        var outcome: Int32 = 0
        do {
            try runShard(options, rank: group.rank, source: source, root: root, progress: progress)
        } catch {
            report(rank: group.rank, "\(error)")
            outcome = 1
        }
        // Rank 0 waits until every rank has been told there is nothing left (or has stopped);
        // after a failure, nothing more is handed out.
        (source as? RemoteRuns<Group>)?.finish()
        if outcome != 0 { (source as? RunQueue)?.close() }
        dispatcher?.wait()
        return outcome
    }

    /// One rank's share, written into its folder as a part of the study (no comparison).
    static func runShard(
        _ options: RunOptions, rank: Int, source: any RunSource, root: String,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws {
        var shard = options
        shard.output = rankFolder(root, rank)
        shard.force = true
        var (plan, loaded, folder) = try Runner.prepare(shard)
        plan.source = source
        try folder.claim(force: true)
        _ = try Runner.execute(plan, loaded: loaded, folder: folder, options: shard, progress: progress)
    }
}
