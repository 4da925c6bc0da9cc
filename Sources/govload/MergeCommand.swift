import ArgumentParser
import GovLoad

/// `govload merge`: joins the outputs of a study split into shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the output folders of a run, sweep, sensitivity or robustness study made in shards.",
        discussion: """
            The shards must be finished runs (with manifest.json) of the same scenario files, \
            GovLoad version, seed, replications and policies, made with --shard or --sweep-point, \
            and together cover every run (sweep point × policy × replication) once. Every row of \
            every shard is checked before anything is written; a problem names the shard's file \
            and line (exit 2). comparison.csv is computed again from the joined runs.csv. The \
            merged files are byte-identical to the same study run in one process.

            Example:
              govload run big-sweep.yaml --shard 1/2 --out /tmp/part1
              govload run big-sweep.yaml --shard 2/2 --out /tmp/part2
              govload merge /tmp/part1 /tmp/part2 --out results/big-sweep

            Shards of govload sensitivity or robustness (--shard I/N) are merged the same way: \
            their runs files are joined and the indices or win shares computed from all of them, \
            byte-identical to one process.
            """)

    @Argument(help: "The shard folders.")
    var shards: [String]

    @Option(name: .long, help: "Where to write the merged files.")
    var out: String

    @Flag(name: .long, help: "Overwrite a non-empty output folder.")
    var force = false

    func run() throws {
        if StudyMerge.isStudy(shards) {
            let plan = try StudyMerge.check(shards, into: out)
            let folder = try OutputFolder.check(out, force: force)
            Interruption.install(folder: folder)
            try folder.claim(force: force)
            try StudyMerge.merge(plan, into: folder)
            print("merged \(shards.count) shard(s) of a \(plan.study.kind) study into \(out)")
            return
        }
        let plan = try ShardMerge.check(shards, into: out)
        let folder = try OutputFolder.check(out, force: force)
        Interruption.install(folder: folder)
        try folder.claim(force: force)
        try ShardMerge.merge(plan, into: folder)
        print("merged \(shards.count) shard(s) into \(out)")
    }
}
