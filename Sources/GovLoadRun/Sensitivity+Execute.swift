import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// One part of a study split across processes or machines (`--shard I/N`): the design points or
/// draws p with p mod N = I − 1.
public struct StudyShard: Sendable, Equatable {
    /// I, from 1.
    public var index: Int
    /// N.
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether point `point` is this shard's.
    public func owns(_ point: Int) -> Bool { point % count == index - 1 }

    /// `I/N`.
    public var text: String { "\(index)/\(count)" }

    /// `--shard I/N` (1 ≤ I ≤ N ≤ 10000), nil when not given; a problem is added to `problems`.
    public static func parse(_ text: String?, _ problems: inout [Diagnostic]) -> StudyShard? {
        guard let text else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], (1...10_000).contains(count),
            (1...count).contains(index)
        else {
            problems.append(
                Diagnostic(.argument("--shard"), "must be I/N with 1 ≤ I ≤ N, e.g. 2/4; got '\(text)'"))
            return nil
        }
        return StudyShard(index: index, count: count)
    }
}

extension Sensitivity {
    /// Evaluates the design points (its shard's only, with `--shard`), computes the method's
    /// measures for every metric and writes `sensitivity.csv`, `sensitivity_runs.csv` and the
    /// manifest, last. A shard writes its `sensitivity_runs.csv` and manifest only: `govload
    /// merge` joins the shards and computes the measures.
    public static func execute(
        _ prepared: PreparedSensitivity, progress: (@Sendable (Int, Int) -> Void)? = nil
    )
        throws(OutputError) -> SensitivityReport
    {
        let start = Date()
        let shard = prepared.options.shard
        let owned = prepared.points.indices.filter { shard?.owns($0) ?? true }
        var outputs: [[Double]] = []
        for (done, point) in owned.enumerated() {
            outputs.append(try evaluate(prepared.points[point], prepared))
            progress?(done + 1, owned.count)
        }
        let rows =
            shard == nil
            ? analyse(
                design(of: prepared), morris: prepared.morris, sobol: prepared.sobol, outputs: outputs)
            : []
        let folder = prepared.folder
        if shard == nil { try SensitivityWriter.write(rows, to: folder) }
        try SensitivityWriter.writeRuns(
            parameters: prepared.parameters.map(\.path), metrics: prepared.metrics,
            rows: zip(owned, outputs).map { point, means in
                (
                    point, zip(prepared.parameters, prepared.points[point]).map { $0.text($0.value(at: $1)) },
                    means
                )
            }, to: folder)
        let end = Date()
        var manifest = studyManifest(
            prepared.plan, loaded: prepared.loaded, run: prepared.options.run, start: start, end: end)
        manifest.outputs = (shard == nil ? ["sensitivity.csv"] : []) + ["sensitivity_runs.csv"]
        manifest.study = design(of: prepared)
        manifest.shard = shard?.text
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
        return SensitivityReport(
            prepared: prepared, rows: rows, outputs: outputs, wallSeconds: end.timeIntervalSince(start),
            folder: folder)
    }

    /// The study's design for the manifest.
    static func design(of prepared: PreparedSensitivity) -> StudyDesign {
        let options = prepared.options
        return StudyDesign(
            kind: "sensitivity", method: options.method.rawValue,
            size: options.method == .morris ? options.trajectories : options.samples,
            designSeed: options.designSeed,
            parameters: prepared.parameters.map { "\($0.path)=\($0.text($0.low))..\($0.text($0.high))" },
            metrics: prepared.metrics, policies: prepared.plan.policies.map(\.name),
            points: prepared.points.count)
    }

    /// A study's manifest: the scenario, seed, replications and policies of its plan.
    static func studyManifest(
        _ plan: ExperimentPlan, loaded: LoadedScenario, run: RunOptions, start: Date, end: Date
    )
        -> Manifest
    {
        var manifest = Manifest(
            scenario: plan.scenario.name, files: loaded.sources, resolvedScenario: plan.resolvedScenario,
            seed: plan.seed, replications: plan.replications, threads: plan.threads, policies: plan.policies,
            arguments: run.arguments, startTime: Manifest.timestamp(start), endTime: Manifest.timestamp(end),
            wallSeconds: end.timeIntervalSince(start), outputs: [])
        manifest.scenarioYAML = loaded.resolvedYAML
        return manifest
    }

    /// The metrics' means over the replications of the scenario with the point's values set
    /// (NaN for a metric no run had).
    static func evaluate(_ point: [Double], _ prepared: PreparedSensitivity) throws(OutputError) -> [Double] {
        let plan = try plan(prepared.options.run, setting: prepared.parameters, to: point)
        return policyMeans(Experiment.run(plan), policy: plan.policies[0].name, metrics: prepared.metrics)
    }

    /// The plan of `run` with each uncertain value set at its unit-cube coordinate in `point`
    /// (checked at both ends of every range before, so a failure here is not the user's input).
    static func plan(_ run: RunOptions, setting parameters: [UncertainParameter], to point: [Double])
        throws(OutputError) -> ExperimentPlan
    {
        var run = run
        run.overrides += zip(parameters, point).map { $0.override($0.value(at: $1)) }
        do {
            return try Runner.makePlan(
                ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides), run)
        } catch {
            throw OutputError(
                "a design point could not be read: \(error.diagnostics.map(\.description).joined(separator: "; "))"
            )
        }
    }

    /// A policy's mean of each metric over its replications (NaN where a run had none).
    static func policyMeans(_ result: ExperimentResult, policy: String, metrics: [String]) -> [Double] {
        let values = result.runs.filter { $0.policy == policy }.map { run in
            Dictionary(
                PolicyComparison.metrics(of: run).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }
            )
        }
        return metrics.map { metric in
            let found = values.compactMap { $0[metric] }
            return found.count == values.count && !found.isEmpty
                ? found.reduce(0, +) / Double(found.count) : .nan
        }
    }

    /// Each metric's measures for each value, by the study's method, from every point's means
    /// (`outputs[point][metric]`, all points in design order).
    public static func analyse(
        _ study: StudyDesign, morris: MorrisScreening.Design?, sobol: SobolIndices.Design?,
        outputs: [[Double]]
    ) -> [SensitivityRow] {
        var rows: [SensitivityRow] = []
        let parameters = study.parameters.map { String($0.prefix { $0 != "=" }) }
        for (m, metric) in study.metrics.enumerated() {
            let y = outputs.map { $0[m] }
            var metricRows = parameters.map {
                SensitivityRow(method: study.method, metric: metric, parameter: $0)
            }
            if y.contains(where: \.isNaN) {
                for index in metricRows.indices {
                    metricRows[index].note = "the metric is missing at some points"
                }
            } else if let morris {
                for (index, effect) in MorrisScreening.effects(morris, outputs: y).enumerated() {
                    metricRows[index].muStar = effect.muStar
                    metricRows[index].mu = effect.mu
                    metricRows[index].sigma = effect.sigma
                }
            } else if let sobol {
                for (index, value) in SobolIndices.indices(sobol, outputs: y, seed: study.designSeed)
                    .enumerated()
                {
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
