import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// How `govload sensitivity` samples the uncertain values.
public enum SensitivityMethod: String, Sendable, CaseIterable {
    /// Morris elementary effects: screening many values with r(k + 1) evaluations.
    case morris
    /// Sobol indices: S1 and ST of a few values with N(k + 2) evaluations.
    case sobol
}

/// The options of `govload sensitivity`, already parsed from the command line.
public struct SensitivityOptions: Sendable {
    /// The run's options: scenario, output folder, the one policy, threads, overrides, force.
    public var run: RunOptions
    /// The method.
    public var method = SensitivityMethod.morris
    /// `--trajectories`: Morris trajectories r.
    public var trajectories = 10
    /// `--samples`: Sobol base samples N.
    public var samples = 32
    /// `--parameter`: the uncertain values to vary (their dotted keys); empty for all.
    public var parameters: [String] = []
    /// `--metric`: the outputs to analyse; empty for the headline metrics.
    public var metrics: [String] = []
    /// `--design-seed`: the seed of the design (Morris's trajectories, Sobol's bootstrap).
    public var designSeed: UInt64 = 1
    /// `--shard I/N`: evaluate only this part of the design; nil for all of it.
    public var shard: StudyShard?

    /// Options for the run `run`.
    public init(run: RunOptions) { self.run = run }
}

/// A sensitivity analysis checked and ready to run.
public struct PreparedSensitivity: Sendable {
    public var options: SensitivityOptions
    /// The scenario as written (its plan: one policy).
    public var loaded: LoadedScenario
    public var plan: ExperimentPlan
    /// The values varied, in file order.
    public var parameters: [UncertainParameter]
    /// The metrics analysed.
    public var metrics: [String]
    /// The output folder (checked, not yet claimed).
    public var folder: OutputFolder
    /// The points to evaluate, in the unit cube.
    public var points: [[Double]]
    public var morris: MorrisScreening.Design?
    public var sobol: SobolIndices.Design?
}

/// What `govload sensitivity` found: per metric and value, the measures of the method; and each
/// design point's metric means.
public struct SensitivityReport: Sendable {
    public var prepared: PreparedSensitivity
    public var rows: [SensitivityRow]
    /// `outputs[point][metric]`: the mean over the replications (NaN where a run had none).
    public var outputs: [[Double]]
    public var wallSeconds: Double
    public var folder: OutputFolder
}

/// `govload sensitivity`: which uncertain values decide an output (docs/robustness.md). Every
/// design point is the scenario's one policy with the values set, run on the scenario's seed and
/// replications, so every point meets the same random numbers (common random numbers) and the
/// differences between points are the values' doing.
public enum Sensitivity {
    /// The headline metrics analysed when `--metric` names none (those the scenario has).
    public static let headline = [
        "mean_close_h", "on_time_rate", "escalations", "false_closures", "peak_backlog", "drain_h",
        "shock_emergency_on_time_rate", "staff_cost",
    ]

    /// Checks the scenario, its uncertain values (each at both ends of its range), the metrics,
    /// the design's size and the output folder; throws every problem found.
    public static func prepare(_ options: SensitivityOptions) throws(InputError) -> PreparedSensitivity {
        var run = options.run
        if run.output == nil {
            let name = try ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides).scenario.name
            run.output = "results/\(name)-sensitivity"
        }
        guard run.policies.count <= 1 else {
            throw InputError(Diagnostic(.argument("--policy"), "sensitivity analyses one policy; name one"))
        }
        let runOptions = try Calibrator.runOptions(CalibrateOptions(run: run))
        let (plan, loaded, folder) = try Runner.prepare(runOptions)
        var resolved = options
        resolved.run = runOptions
        let parameters = try chosenParameters(loaded, names: options.parameters)
        try checkRanges(parameters, run: runOptions)
        let metrics = try chosenMetrics(options.metrics, plan: plan)
        var prepared = PreparedSensitivity(
            options: resolved, loaded: loaded, plan: plan, parameters: parameters, metrics: metrics,
            folder: folder, points: [])
        try design(&prepared)
        return prepared
    }

    /// The uncertain values to vary: those `--parameter` names, or all.
    static func chosenParameters(_ loaded: LoadedScenario, names: [String]) throws(InputError)
        -> [UncertainParameter]
    {
        guard !loaded.uncertain.isEmpty else {
            throw InputError(
                Diagnostic(
                    .file(loaded.sources.first?.path ?? loaded.scenario.name),
                    "declares no uncertain values; add an 'uncertain:' section (docs/scenario-format.md)"))
        }
        let known = loaded.uncertain.map(\.path)
        let unknown = names.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw InputError(
                unknown.map {
                    Diagnostic(
                        .argument("--parameter"),
                        "'\($0)' is not among the scenario's uncertain values: \(known.joined(separator: ", "))"
                    )
                })
        }
        return names.isEmpty ? loaded.uncertain : loaded.uncertain.filter { names.contains($0.path) }
    }

    /// Each value set at both ends of its range must give a valid scenario; a problem is located
    /// at the `uncertain:` entry.
    public static func checkRanges(_ parameters: [UncertainParameter], run: RunOptions) throws(InputError) {
        for parameter in parameters {
            for value in [parameter.low, parameter.high] {
                do {
                    _ = try ScenarioLoader.load(
                        path: run.scenarioPath, overrides: run.overrides + [parameter.override(value)])
                } catch {
                    throw InputError(
                        Diagnostic(
                            at: parameter.location,
                            "'\(parameter.path)' at \(parameter.text(value)) does not give a valid scenario: "
                                + error.diagnostics.map(\.message).joined(separator: "; ")))
                }
            }
        }
    }

    /// The metrics to analyse: `--metric`'s (each a metric `comparison.csv` has, scoped by a
    /// case type, channel or back-office row the scenario has), or the headline metrics the
    /// scenario has: the city's and its shocks', else each channel's wait and abandonment.
    static func chosenMetrics(_ names: [String], plan: ExperimentPlan) throws(InputError) -> [String] {
        let scenario = plan.scenario
        let scopes = Calibrator.scopeNames(scenario)
        let unknown = names.filter { name in
            guard MetricCatalogue.metric(named: name) != nil else { return true }
            guard let dot = name.lastIndex(of: ".") else { return false }
            return !scopes.contains(String(name[..<dot]))
        }
        guard unknown.isEmpty else {
            throw InputError(
                unknown.map {
                    Diagnostic(
                        .argument("--metric"),
                        "'\($0)' is not a metric of scenario '\(scenario.name)' (see comparison.csv's metric column)"
                    )
                })
        }
        guard names.isEmpty else { return names.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
        guard let city = scenario.city else {
            return ["staff_cost"]
                + scenario.channels.flatMap { ["\($0.name).mean_wait_all_min", "\($0.name).abandon_rate"] }
        }
        let shockMetrics: Set = ["drain_h", "shock_emergency_on_time_rate"]
        return headline.filter { !shockMetrics.contains($0) || !city.shocks.isEmpty }
    }

    /// Builds the design; refuses one too large to run.
    static func design(_ prepared: inout PreparedSensitivity) throws(InputError) {
        let options = prepared.options
        let k = prepared.parameters.count
        switch options.method {
        case .morris:
            guard (2...1_000).contains(options.trajectories) else {
                throw InputError(
                    Diagnostic(
                        .argument("--trajectories"), "must be between 2 and 1000, got \(options.trajectories)"
                    ))
            }
            let design = MorrisScreening.design(
                factors: k, trajectories: options.trajectories, seed: options.designSeed)
            prepared.morris = design
            prepared.points = design.points
        case .sobol:
            guard k <= SobolIndices.maxFactors else {
                throw InputError(
                    Diagnostic(
                        .argument("--parameter"),
                        "Sobol indices take at most \(SobolIndices.maxFactors) values (\(k) given): screen with --method morris first, then name the few that matter"
                    ))
            }
            guard (4...100_000).contains(options.samples) else {
                throw InputError(
                    Diagnostic(.argument("--samples"), "must be between 4 and 100000, got \(options.samples)")
                )
            }
            let design = SobolIndices.design(factors: k, samples: options.samples)
            prepared.sobol = design
            prepared.points = design.points
        }
        guard prepared.points.count <= 100_000 else {
            throw InputError(
                Diagnostic(
                    .argument(options.method == .morris ? "--trajectories" : "--samples"),
                    "asks for \(prepared.points.count) scenario evaluations; at most 100000"))
        }
    }
}
