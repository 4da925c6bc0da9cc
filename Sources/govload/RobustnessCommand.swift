import ArgumentParser
import Foundation
import GovLoad

/// `govload robustness`: whether each policy's advantage survives the scenario's uncertain values.
struct RobustnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract: "Does each policy beat the baseline across the plausible range of what we do not know?",
        discussion: """
            Draws the values the scenario declares under 'uncertain:' by Latin hypercube; in each \
            draw every policy runs with those values on the same seed and replications (common \
            random numbers), and is compared with the baseline. Writes robustness.csv (policy, \
            metric, samples, win_share and quantiles of the paired difference), \
            robustness_runs.csv (each draw's values and each policy's means) and the manifest \
            (docs/robustness.md).

            Example:
              govload robustness scenarios/shenzhen-typhoon.yaml --scale 0.02 --replications 2 --samples 50
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .long, help: "Latin-hypercube draws.")
    var samples: Int = 50

    @Option(name: .long, help: "A metric to judge (repeatable; default the headline metrics).")
    var metric: [String] = []

    @Option(name: .long, help: "Seed of the draws.")
    var designSeed: UInt64 = 1

    @Option(
        name: [.customShort("p"), .long], help: "A policy to compare (repeatable; default all).",
        completion: PolicyCompletion.kind)
    var policy: [String] = []

    @Option(name: .long, help: "The policy the others are compared with (default 'baseline', or the first).")
    var baseline: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Evaluate only part I of N of the design (join the parts with govload merge).", valueName: "i/n"))
    var shard: ShardArgument?

    @OptionGroup var common: StudyOptions

    func run() throws {
        var problems: [Diagnostic] = []
        var run = common.runOptions(scenario: scenario, &problems)
        let part = shard?.shard
        guard problems.isEmpty else { throw InputError(problems) }
        run.policies = policy
        run.baseline = baseline
        var options = RobustnessOptions(run: run)
        options.samples = samples
        options.metrics = metric
        options.designSeed = designSeed
        options.shard = part
        let prepared = try Robustness.prepare(options)
        Interruption.install(folder: prepared.folder)
        try prepared.folder.claim(force: common.force)
        let quiet = common.quiet
        let report = try Robustness.execute(prepared) { done, total in
            if !quiet { Console.error("robustness: \(done)/\(total) draws") }
        }
        if !quiet { print(RobustnessTable.render(report)) }
    }
}
