import ArgumentParser
import Foundation
import GovLoad

/// The options `run`, `calibrate`, `sensitivity` and `robustness` share: what to simulate
/// (replications, seed, horizon, scale, any value by `--set`), on how many threads, and where to
/// write. The scenario's values are read as text, even when they start with '-', and set into the
/// scenario before it is read, so they get the checks (and the messages) a value in the file gets.
struct StudyOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Output folder (default results/<scenario name>, with -calibration, -sensitivity, -robustness or -staffing after it for those commands).",
            valueName: "folder"),
        completion: .directory)
    var out: String?

    @Option(
        name: [.customShort("r"), .long], parsing: .unconditional,
        help: ArgumentHelp("Replications (overrides the scenario).", valueName: "count"))
    var replications: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Seed of every random stream (overrides the scenario).", valueName: "number"))
    var seed: String?

    @Option(
        name: [.customShort("j"), .long], parsing: .unconditional,
        help: ArgumentHelp(
            "Threads to use (default: the CPUs this process may use, or Slurm's SLURM_CPUS_PER_TASK).",
            valueName: "count"))
    var threads: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Simulated time to run, e.g. 30d (overrides the scenario).", valueName: "duration")
    )
    var horizon: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Population factor (scenarios with a city).", valueName: "factor"))
    var scale: String?

    @OptionGroup var sets: SetOptions

    @Flag(name: [.customShort("f"), .long], help: "Overwrite a non-empty output folder.")
    var force = false

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors.")
    var quiet = false

    /// The run's options for `scenario` (`--threads` checked into `problems`).
    func runOptions(scenario: String, _ problems: inout [Diagnostic]) -> RunOptions {
        if let threads, !(1...1024).contains(threads) {
            problems.append(Diagnostic(.argument("--threads"), "must be between 1 and 1024, got \(threads)"))
        }
        var run = RunOptions(
            scenarioPath: scenario, threads: threads ?? MachineThreads.available)
        run.output = out
        run.force = force
        run.arguments = CommandLine.arguments
        run.overrides =
            sets.overrides(&problems)
            + ScenarioOverride.settings(
                horizon: horizon, scale: scale, seed: seed, replications: replications)
        return run
    }
}

/// `--set PATH=VALUE`, repeatable, wherever a scenario is read (`run`, `validate`, `describe`,
/// `calibrate`, `sensitivity`, `robustness`).
struct SetOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Set a scenario value by its dotted key, e.g. grid.patrol_find=40% (repeatable).",
            valueName: "path=value"))
    var set: [String] = []

    /// The values as overrides; a malformed one is added to `problems`.
    func overrides(_ problems: inout [Diagnostic]) -> [ScenarioOverride] {
        ScenarioOverride.sets(set, &problems)
    }
}
