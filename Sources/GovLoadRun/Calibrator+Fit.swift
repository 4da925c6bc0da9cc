import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// One evaluation of a fit, for progress.
public struct FitStep: Sendable {
    /// Evaluations made so far, this one included.
    public var evaluation: Int
    /// The most the fit may make.
    public var budget: Int
    /// The values tried.
    public var values: [Double]
    /// The loss there (+∞ when the scenario could not be read with them).
    public var loss: Double
    /// The best loss so far.
    public var best: Double
}

extension Calibrator {
    /// The most values one fit may set.
    static let maxFits = 20

    /// Keys a fit may not set: they decide how the runs are made, not what they model.
    static let unfittable = [
        "name", "horizon", "warmup", "replications", "seed", "report_interval", "window", "city.scale",
    ]

    /// Refuses values no fit may set, and any whose middle value the scenario refuses (an unknown
    /// key, a value out of range), each located at `--fit`.
    static func checkFits(_ fits: [FitParameter], run: RunOptions) throws(InputError) {
        var problems: [Diagnostic] = []
        if fits.count > maxFits {
            problems.append(
                Diagnostic(
                    .argument("--fit"),
                    "names \(fits.count) values; a simplex fit of more than \(maxFits) needs more evaluations than simulations allow — fit the few that matter"
                ))
        }
        for fit in fits where unfittable.contains(fit.path) {
            problems.append(
                Diagnostic(
                    .argument("--fit"),
                    "'\(fit.path)' is a run setting, not a model value; it cannot be fitted"))
        }
        if Set(fits.map(\.path)).count != fits.count {
            problems.append(Diagnostic(.argument("--fit"), "names a key twice"))
        }
        for outer in fits {
            for inner in fits where inner.path.hasPrefix(outer.path + ".") {
                problems.append(
                    Diagnostic(
                        .argument("--fit"), "'\(outer.path)' holds '\(inner.path)'; fit one or the other"))
            }
        }
        guard problems.isEmpty else { throw InputError(problems) }
        for fit in fits {
            for value in [fit.low, fit.high] {
                let override = ScenarioOverride(fit.path, fit.text(value), argument: "--fit")
                _ = try ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides + [override])
            }
        }
    }

    /// Fits the values to the targets (those the model can reach: no `missing` note) with the
    /// simplex, every evaluation the scenario's one policy with its seed and replications, so that
    /// every evaluation meets the same random numbers (common random numbers).
    static func fitParameters(_ prepared: PreparedCalibration, progress: (@Sendable (FitStep) -> Void)?)
        -> FitOutcome
    {
        let fits = prepared.fits
        let targets = prepared.targets.filter { $0.missing == nil }
        let search = SimplexSearch(
            bounds: fits.map { SimplexSearch.Bounds(low: $0.low, high: $0.high) },
            maxEvaluations: prepared.maxEvaluations)
        let start = fits.map { ($0.low + $0.high) / 2 }
        var evaluations = 0
        var best = Double.infinity
        var startLoss = Double.nan
        let outcome = search.minimise(from: start) { values in
            let loss = evaluate(values, prepared: prepared, targets: targets)
            evaluations += 1
            if evaluations == 1 { startLoss = loss }
            best = min(best, loss)
            progress?(
                FitStep(
                    evaluation: evaluations, budget: prepared.maxEvaluations, values: values, loss: loss,
                    best: best))
            return loss
        }
        return FitOutcome(
            parameters: fits, values: outcome.point, loss: outcome.value, startLoss: startLoss,
            evaluations: outcome.evaluations, converged: outcome.converged,
            targetsPath: prepared.targetsPath)
    }

    /// The loss of the scenario with `values` set: +∞ if it cannot be read with them.
    static func evaluate(_ values: [Double], prepared: PreparedCalibration, targets: [CalibrationTarget])
        -> Double
    {
        var run = prepared.run
        run.overrides += zip(prepared.fits, values).map {
            ScenarioOverride($0.path, $0.text($1), argument: "--fit")
        }
        guard let loaded = try? ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides),
            let plan = try? Runner.makePlan(loaded, run)
        else { return .infinity }
        let result = Experiment.run(plan)
        return CalibrationLoss.value(CalibrationEvaluation.rows(targets, runs: result.runs))
    }
}
