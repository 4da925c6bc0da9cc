import ArgumentParser
import Foundation
import GovLoad

/// `govload validate`: checks scenario files and reports every problem at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; print every problem as FILE:LINE:COL: message.",
        discussion: """
            Exits 0 when every file is valid, 2 otherwise. Nothing is run and nothing is written.

            Example:
              govload validate scenarios/validation/*.yaml
            """)

    @Argument(help: "Scenario files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String]

    @OptionGroup var sets: SetOptions

    @Flag(name: .long, help: "Print nothing for valid files.")
    var quiet = false

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("name at least one scenario file") }
    }

    func run() throws {
        var problems: [Diagnostic] = []
        let overrides = sets.overrides(&problems)
        guard problems.isEmpty else { throw InputError(problems) }
        for path in scenarios {
            do {
                let loaded = try ScenarioLoader.load(path: path, overrides: overrides)
                // What `run` would refuse as too big for this machine, with its defaults.
                let plan = ExperimentPlan(
                    scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
                    variants: loaded.variants, replications: loaded.scenario.replications,
                    seed: loaded.scenario.seed, threads: MachineThreads.available)
                let limits = ResourceEstimate(plan).problems(
                    maxBytes: ResourceEstimate.defaultMaxBytes, maxRows: ResourceEstimate.defaultMaxRows,
                    file: path)
                guard limits.isEmpty else {
                    problems.append(contentsOf: limits)
                    continue
                }
                // Each uncertain value must give a valid scenario at both ends of its range.
                var checking = RunOptions(scenarioPath: path, threads: 1)
                checking.overrides = overrides
                try Sensitivity.checkRanges(loaded.uncertain, run: checking)
                if !quiet {
                    print(
                        "\(path): ok (scenario '\(loaded.scenario.name)', \(loaded.scenario.channels.count) channel(s))"
                    )
                }
            } catch {
                problems.append(contentsOf: error.diagnostics)
            }
        }
        guard problems.isEmpty else { throw InputError(problems) }
    }
}
