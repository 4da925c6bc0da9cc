import ArgumentParser
import Foundation
import GovLoad

/// `govload sensitivity`: which of the scenario's uncertain values decide its outputs.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Rank the scenario's uncertain values by what they decide (Morris or Sobol).",
        discussion: """
            Varies the values the scenario declares under 'uncertain:' within their ranges and \
            runs one policy (default 'baseline') at each design point, every point on the same \
            seed and replications (common random numbers). --method morris screens many values \
            with r(k+1) evaluations (mu_star: the mean absolute change of a metric over a value's \
            whole range; sigma: how much that change depends on the other values); --method \
            sobol gives first-order and total indices S1 and ST of a few with N(k+2) \
            evaluations. Writes sensitivity.csv, sensitivity_runs.csv (each point's values and \
            metric means) and the manifest (docs/robustness.md).

            Examples:
              govload sensitivity scenarios/shenzhen-typhoon.yaml --scale 0.02 --replications 2 --trajectories 10
              govload sensitivity scenarios/shenzhen-typhoon.yaml --scale 0.02 --method sobol --samples 64 \\
                  --parameter grid.patrol_find --parameter behaviour.hazard_report_rate
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .long, help: "morris (screening) or sobol (indices).")
    var method: String = "morris"

    @Option(name: .long, help: "Morris trajectories.")
    var trajectories: Int = 10

    @Option(name: .long, help: "Sobol base samples N.")
    var samples: Int = 32

    @Option(name: .long, help: "An uncertain value to vary, by its dotted key (repeatable; default all).")
    var parameter: [String] = []

    @Option(name: .long, help: "A metric to analyse (repeatable; default the headline metrics).")
    var metric: [String] = []

    @Option(name: .long, help: "Seed of the design and the bootstrap.")
    var designSeed: UInt64 = 1

    @Option(
        name: [.customShort("p"), .long], help: "The policy to analyse (default 'baseline', or the first).",
        completion: PolicyCompletion.kind)
    var policy: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Evaluate only part I of N of the design (join the parts with govload merge).", valueName: "i/n"))
    var shard: ShardArgument?

    @OptionGroup var common: StudyOptions

    func run() throws {
        let prepared = try Sensitivity.prepare(try options())
        Interruption.install(folder: prepared.folder)
        try prepared.folder.claim(force: common.force)
        let quiet = common.quiet
        let report = try Sensitivity.execute(prepared) { done, total in
            if !quiet { Console.error("sensitivity: \(done)/\(total) design points") }
        }
        if !quiet { print(SensitivityTable.render(report)) }
    }

    /// The options checked: every problem at once, each naming its option.
    func options() throws(InputError) -> SensitivityOptions {
        var problems: [Diagnostic] = []
        var run = common.runOptions(scenario: scenario, &problems)
        let chosen = SensitivityMethod(rawValue: method)
        if chosen == nil {
            problems.append(Diagnostic(.argument("--method"), "must be morris or sobol, got '\(method)'"))
        }
        let part = shard?.shard
        guard problems.isEmpty, let chosen else { throw InputError(problems) }
        run.policies = policy.map { [$0] } ?? []
        var options = SensitivityOptions(run: run)
        options.method = chosen
        options.trajectories = trajectories
        options.samples = samples
        options.parameters = parameter
        options.metrics = metric
        options.designSeed = designSeed
        options.shard = part
        return options
    }
}
