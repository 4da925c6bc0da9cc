import ArgumentParser
import Foundation
import GovLoad

/// `govload run`: runs a scenario's policies and replications and writes the CSV results.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its results.",
        discussion: """
            Runs every policy in the scenario (or those named with --policy) for the scenario's \
            replications, and writes manifest.json, summary.csv, channels.csv, timeseries.csv, \
            comparison.csv and runs.csv (every compared metric of every run) to --out (default results/<scenario name>). Policies share their random \
            numbers, so comparison.csv gives paired 95% intervals for each policy's difference from \
            the baseline. Results are byte-identical for any --threads.

            Examples:
              govload run scenarios/validation/mmc.yaml
              govload run scenarios/validation/mmc.yaml --replications 20 --seed 11 --force
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(
        name: [.customShort("p"), .long], help: "Run only this policy (repeatable).",
        completion: PolicyCompletion.kind)
    var policy: [String] = []

    @Option(name: .long, help: "The policy the others are compared with (default: 'baseline', or the first).")
    var baseline: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Add replications until every headline 95% interval is within this share of its mean, e.g. 5%.",
            valueName: "share"))
    var precision: String?

    @Option(name: .long, help: "The most replications --precision may use (default 200).")
    var maxReplications: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Run only this sweep point (from 0), e.g. on another machine.", valueName: "k"))
    var sweepPoint: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only this replication (from 0) of each policy, as in the full run.", valueName: "k"))
    var replication: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only shard I of N of the runs (sweep point × policy × replication), dealt costliest first: I/N (join the shards with 'govload merge').",
            valueName: "i/n"))
    var shard: ShardArgument?

    @Option(
        name: .long,
        help:
            ArgumentHelp(
                "The most memory the run may need, as estimated before it starts, e.g. 16GiB (default: 80% of RAM).",
                valueName: "size"))
    var maxMemory: String?

    @Option(name: .long, help: "The most rows of timeseries.csv the run may write (default 200000000).")
    var maxRows: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write timeseries.csv and cases.csv compressed: gzip (timeseries.csv.gz, read directly by pandas, R and DuckDB) or zstd (timeseries.csv.zst: smaller, faster).",
            valueName: "gzip|zstd"))
    var compress: String?

    @Flag(name: .long, help: "Also write cases.csv, one row per case (scenarios with a city).")
    var cases = false

    @OptionGroup var common: StudyOptions

    @Flag(
        name: .long,
        help: """
            Print where the time went to stderr: events per second; building the processes, the \
            parallel phases (work by kind of process, waiting at barriers), output.
            """)
    var profile = false

    @Flag(
        name: .long,
        help: """
            Run as one rank of an Open MPI job (mpirun, srun): the ranks share the runs and rank 0 \
            writes --out, byte-identical to one process. Needs a build with the MPI trait.
            """)
    var mpi = false

    func run() throws {
        let options = try runOptions()
        if mpi { runRanked(options) }
        let loadStart = Date()
        let (plan, loaded, folder) = try Runner.prepare(options)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        Interruption.install(folder: folder)
        try folder.claim(force: common.force)
        let progress =
            common.quiet
            ? nil
            : ProgressReporter(
                total: plan.runCount, scenario: plan.scenario.name, daysPerRun: plan.scenario.horizon / 86_400
            )
        let report = try Runner.execute(
            plan, loaded: loaded, folder: folder, options: options,
            progress: progress.map { reporter in
                { @Sendable done, total in reporter.update(done: done, total: total) }
            })
        progress?.finish()
        if !common.quiet { print(RunSummaryTable.render(report)) }
        if profile { Console.error(RunProfileReport.render(report, loadSeconds: loadSeconds)) }
    }
}
