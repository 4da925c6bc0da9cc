import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// The options of `govload calibrate`, already parsed from the command line.
public struct CalibrateOptions: Sendable {
    /// The run's options: scenario, output folder, the one policy, threads, overrides, force.
    public var run: RunOptions
    /// `--targets`: the targets file; nil for the scenario's `targets` key.
    public var targetsPath: String?
    /// `--fit`: the values to fit; empty to hold the scenario as it is against its targets.
    public var fits: [FitParameter] = []
    /// `--max-evaluations`: the most scenario evaluations a fit may make.
    public var maxEvaluations = 40

    /// Options for the run `run`.
    public init(run: RunOptions) { self.run = run }
}

/// A calibration checked and ready to run.
public struct PreparedCalibration: Sendable {
    /// The plan of the scenario's one policy, as the file and command line say it.
    public var plan: ExperimentPlan
    /// The scenario.
    public var loaded: LoadedScenario
    /// The output folder (checked, not yet claimed).
    public var folder: OutputFolder
    /// The targets, and the file they came from.
    public var targets: [CalibrationTarget]
    public var targetsPath: String
    /// The run's options, resolved: the one policy, the output folder.
    public var run: RunOptions
    /// What to fit.
    public var fits: [FitParameter]
    /// The most evaluations a fit may make.
    public var maxEvaluations: Int
}

/// What `govload calibrate` reports back.
public struct CalibrationReport: Sendable {
    /// Each target against the (fitted) scenario's runs.
    public var rows: [CalibrationRow]
    /// The run that produced them.
    public var run: RunReport
    /// The fit, when `--fit` asked for one.
    public var fit: FitOutcome?
}

/// `govload calibrate`: runs one policy of a scenario and holds its outputs against sourced
/// targets (docs/calibration.md), after fitting chosen values to them if asked. Everything is
/// checked before anything runs; the files are a run's, plus `calibration.csv` (and
/// `fitted.yaml` after a fit), the manifest last.
public enum Calibrator {
    /// Checks the scenario, its one policy, the targets, the values to fit and the output
    /// folder; throws every problem found.
    public static func prepare(_ options: CalibrateOptions) throws(InputError) -> PreparedCalibration {
        let run = try runOptions(options)
        let (plan, loaded, folder) = try Runner.prepare(run)
        guard let path = options.targetsPath ?? loaded.targetsPath else {
            throw InputError(
                Diagnostic(
                    .argument("--targets"),
                    "scenario '\(loaded.scenario.name)' names no targets file ('targets:'); give one with --targets FILE"
                ))
        }
        let names = scopeNames(loaded.scenario)
        let targets = try TargetsLoader.load(path: path) { metric in
            guard MetricCatalogue.isCalibrationMetric(metric) else { return false }
            guard let dot = metric.lastIndex(of: ".") else { return true }
            return names.contains(String(metric[..<dot]))
        }
        try checkFits(options.fits, run: run)
        return PreparedCalibration(
            plan: plan, loaded: loaded, folder: folder, targets: targets, targetsPath: path, run: run,
            fits: options.fits,
            maxEvaluations: options.maxEvaluations)
    }

    /// The run's options: one policy (`baseline` by default), the output folder
    /// `results/<name>-calibration` by default.
    static func runOptions(_ options: CalibrateOptions) throws(InputError) -> RunOptions {
        var run = options.run
        let loaded = try ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides)
        if run.policies.isEmpty {
            let names = loaded.policies.map(\.name)
            run.policies = [
                names.contains(ScenarioLoader.baselineName) ? ScenarioLoader.baselineName : names[0]
            ]
        }
        guard run.policies.count == 1 else {
            throw InputError(
                Diagnostic(.argument("--policy"), "calibrate holds one policy against the targets; name one"))
        }
        run.baseline = run.policies[0]
        if run.output == nil { run.output = "results/\(loaded.scenario.name)-calibration" }
        return run
    }

    /// The names a target's metric may be scoped by: case types, channels, back-office rows.
    static func scopeNames(_ scenario: Scenario) -> Set<String> {
        var names = Set(scenario.channels.map(\.name))
        if let city = scenario.city {
            names.formUnion(city.caseTypes.map(\.name))
            names.formUnion(city.departments.map(\.name))
            names.formUnion(["command_centre", "grid"])
        }
        return names
    }

    /// Runs a prepared calibration (its folder claimed by the caller): the fit first, if any,
    /// then the (fitted) scenario's runs written like `run`'s, `calibration.csv`, and after a fit
    /// `fitted.yaml`.
    public static func execute(
        _ prepared: PreparedCalibration, progress: (@Sendable (Int, Int) -> Void)? = nil,
        fitProgress: (@Sendable (FitStep) -> Void)? = nil
    ) throws(OutputError) -> CalibrationReport {
        var run = prepared.run
        var plan = prepared.plan
        var fit: FitOutcome?
        if !prepared.fits.isEmpty {
            let outcome = fitParameters(prepared, progress: fitProgress)
            run.overrides += outcome.overrides
            do {
                plan = try Runner.makePlan(
                    ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides), run)
            } catch {
                throw OutputError(
                    "the fitted scenario could not be read back: \(error.diagnostics.map(\.description).joined(separator: "; "))"
                )
            }
            fit = outcome
        }
        var rows: [CalibrationRow] = []
        let folder = prepared.folder
        let report = try Runner.execute(
            plan, loaded: prepared.loaded, folder: folder, options: run, progress: progress
        ) { result throws(OutputError) in
            rows = CalibrationEvaluation.rows(prepared.targets, runs: result.runs)
            try CalibrationWriter.write(rows, to: folder)
            guard let fit else { return ["calibration.csv"] }
            try FittedScenario.write(fit, scenarioPath: run.scenarioPath, to: folder)
            return ["calibration.csv", "fitted.yaml"]
        }
        return CalibrationReport(rows: rows, run: report, fit: fit)
    }
}
