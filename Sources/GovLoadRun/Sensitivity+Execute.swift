import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

extension Sensitivity {
    /// Evaluates every design point (its folder claimed by the caller), computes the method's
    /// measures for every metric and writes `sensitivity.csv`, `sensitivity_runs.csv` and the
    /// manifest, last.
    public static func execute(
        _ prepared: PreparedSensitivity, progress: (@Sendable (Int, Int) -> Void)? = nil
    )
        throws(OutputError) -> SensitivityReport
    {
        let start = Date()
        var outputs: [[Double]] = []
        for (index, point) in prepared.points.enumerated() {
            outputs.append(try evaluate(point, prepared))
            progress?(index + 1, prepared.points.count)
        }
        let rows = analyse(prepared, outputs: outputs)
        let folder = prepared.folder
        try SensitivityWriter.write(rows, to: folder)
        try SensitivityWriter.writeRuns(
            parameters: prepared.parameters.map(\.path),
            values: prepared.points.map { point in
                zip(prepared.parameters, point).map { $0.text($0.value(at: $1)) }
            },
            metrics: prepared.metrics, outputs: outputs, to: folder)
        let end = Date()
        let plan = prepared.plan
        let manifest = Manifest(
            scenario: plan.scenario.name, files: prepared.loaded.sources,
            resolvedScenario: plan.resolvedScenario,
            seed: plan.seed, replications: plan.replications, threads: plan.threads, policies: plan.policies,
            arguments: prepared.options.run.arguments, startTime: Manifest.timestamp(start),
            endTime: Manifest.timestamp(end), wallSeconds: end.timeIntervalSince(start),
            outputs: ["sensitivity.csv", "sensitivity_runs.csv"])
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
        return SensitivityReport(
            prepared: prepared, rows: rows, outputs: outputs, wallSeconds: end.timeIntervalSince(start),
            folder: folder)
    }

    /// The metrics' means over the replications of the scenario with the point's values set
    /// (NaN for a metric no run had).
    static func evaluate(_ point: [Double], _ prepared: PreparedSensitivity) throws(OutputError) -> [Double] {
        var run = prepared.options.run
        run.overrides += zip(prepared.parameters, point).map { $0.override($0.value(at: $1)) }
        let plan: ExperimentPlan
        do {
            plan = try Runner.makePlan(
                ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides), run)
        } catch {
            throw OutputError(
                "a design point could not be read: \(error.diagnostics.map(\.description).joined(separator: "; "))"
            )
        }
        let result = Experiment.run(plan)
        let values = result.runs.map { run in
            Dictionary(
                PolicyComparison.metrics(of: run).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }
            )
        }
        return prepared.metrics.map { metric in
            let found = values.compactMap { $0[metric] }
            return found.count == values.count && !found.isEmpty
                ? found.reduce(0, +) / Double(found.count) : .nan
        }
    }

    /// Each metric's measures for each value, by the prepared method.
    static func analyse(_ prepared: PreparedSensitivity, outputs: [[Double]]) -> [SensitivityRow] {
        let method = prepared.options.method
        var rows: [SensitivityRow] = []
        for (m, metric) in prepared.metrics.enumerated() {
            let y = outputs.map { $0[m] }
            var metricRows = prepared.parameters.map {
                SensitivityRow(method: method.rawValue, metric: metric, parameter: $0.path)
            }
            if y.contains(where: \.isNaN) {
                for index in metricRows.indices {
                    metricRows[index].note = "the metric is missing at some points"
                }
            } else if let design = prepared.morris {
                for (index, effect) in MorrisScreening.effects(design, outputs: y).enumerated() {
                    metricRows[index].muStar = effect.muStar
                    metricRows[index].mu = effect.mu
                    metricRows[index].sigma = effect.sigma
                }
            } else if let design = prepared.sobol {
                let indices = SobolIndices.indices(design, outputs: y, seed: prepared.options.designSeed)
                for (index, value) in indices.enumerated() {
                    metricRows[index].s1 = value.s1
                    metricRows[index].s1Conf = value.s1Conf
                    metricRows[index].st = value.st
                    metricRows[index].stConf = value.stConf
                }
            }
            rows += metricRows
        }
        return rows
    }
}
