import ArgumentParser
import Foundation
import GovLoad

/// The options `calibrate`, `sensitivity` and `robustness` share with `run`: what to simulate
/// (replications, seed, horizon, scale), on how many threads, and where to write.
struct StudyOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Output folder (default results/<scenario name>-<command>).", valueName: "folder"),
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
        help: ArgumentHelp("Threads to use (default: all cores).", valueName: "count"))
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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Set a scenario value by its dotted key, e.g. grid.patrol_find=40% (repeatable).",
            valueName: "path=value"))
    var set: [String] = []

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
            ScenarioOverride.sets(set, &problems)
            + ScenarioOverride.settings(
                horizon: horizon, scale: scale, seed: seed, replications: replications)
        return run
    }
}
