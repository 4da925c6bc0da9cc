import ArgumentParser
import Foundation
import GovLoad

/// The options `calibrate`, `sensitivity` and `robustness` share with `run`: what to simulate
/// (replications, seed, horizon, scale), on how many threads, and where to write.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "Output folder (default results/<scenario name>-<command>).")
    var out: String?

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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Set a scenario value by its dotted key, e.g. grid.patrol_find=40% (repeatable).",
            valueName: "path=value"))
    var set: [String] = []

    @Flag(name: .long, help: "Overwrite a non-empty output folder.")
    var force = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    /// The run's options for `scenario` (`--threads` checked into `problems`).
    func runOptions(scenario: String, _ problems: inout [Diagnostic]) -> RunOptions {
        if let threads, !(1...1024).contains(threads) {
            problems.append(Diagnostic(.argument("--threads"), "must be between 1 and 1024, got \(threads)"))
        }
        var run = RunOptions(
            scenarioPath: scenario, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
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
