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

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "morris (screening) or sobol (indices); default morris.")
    var method: String = "morris"

    @Option(name: .long, help: "Morris trajectories (default 10).")
    var trajectories: Int = 10

    @Option(name: .long, help: "Sobol base samples N (default 32).")
    var samples: Int = 32

    @Option(name: .long, help: "An uncertain value to vary, by its dotted key (repeatable; default all).")
    var parameter: [String] = []

    @Option(name: .long, help: "A metric to analyse (repeatable; default the headline metrics).")
    var metric: [String] = []

    @Option(name: .long, help: "Seed of the design and the bootstrap (default 1).")
    var designSeed: UInt64 = 1

    @Option(name: .long, help: "Output folder (default results/<scenario name>-sensitivity).")
    var out: String?

    @Option(name: .long, help: "The policy to analyse (default 'baseline', or the first).")
    var policy: String?

    @Option(name: .long, parsing: .unconditional, help: "Replications (overrides the scenario).")
    var replications: String?

    @Option(
        name: .long, parsing: .unconditional, help: "Seed of every random stream (overrides the scenario).")
    var seed: String?

    @Option(name: .long, parsing: .unconditional, help: "Threads to use (default: all cores).")
    var threads: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Simulated time to run, e.g. 30d (overrides the scenario).")
    var horizon: String?

    @Option(name: .long, parsing: .unconditional, help: "Population factor (scenarios with a city).")
    var scale: String?

    @Option(name: .long, help: "Evaluate only part I of N of the design (join the parts with govload merge).")
    var shard: String?

    @Flag(name: .long, help: "Overwrite a non-empty output folder.")
    var force = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let prepared = try Sensitivity.prepare(try options())
        Interruption.install(folder: prepared.folder)
        try prepared.folder.claim(force: force)
        let quiet = quiet
        let report = try Sensitivity.execute(prepared) { done, total in
            if !quiet { Console.error("sensitivity: \(done)/\(total) design points") }
        }
        if !quiet { print(SensitivityTable.render(report)) }
    }

    /// The options checked: every problem at once, each naming its option.
    func options() throws(InputError) -> SensitivityOptions {
        var problems: [Diagnostic] = []
        if let threads, !(1...1024).contains(threads) {
            problems.append(Diagnostic(.argument("--threads"), "must be between 1 and 1024, got \(threads)"))
        }
        let chosen = SensitivityMethod(rawValue: method)
        if chosen == nil {
            problems.append(Diagnostic(.argument("--method"), "must be morris or sobol, got '\(method)'"))
        }
        let part = StudyShard.parse(shard, &problems)
        guard problems.isEmpty, let chosen else { throw InputError(problems) }
        var run = RunOptions(
            scenarioPath: scenario, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        run.output = out
        run.policies = policy.map { [$0] } ?? []
        run.force = force
        run.arguments = CommandLine.arguments
        run.overrides = ScenarioOverride.settings(
            horizon: horizon, scale: scale, seed: seed, replications: replications)
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
