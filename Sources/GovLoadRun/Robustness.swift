import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

/// The options of `govload robustness`, already parsed from the command line.
public struct RobustnessOptions: Sendable {
    /// The run's options: scenario, output folder, the policies (all by default), baseline,
    /// threads, overrides, force.
    public var run: RunOptions
    /// `--samples`: Latin-hypercube draws of the uncertain values.
    public var samples = 50
    /// `--metric`: the outputs judged; empty for the headline metrics.
    public var metrics: [String] = []
    /// `--design-seed`: the seed of the draws.
    public var designSeed: UInt64 = 1
    /// `--shard I/N`: evaluate only this part of the draws; nil for all of them.
    public var shard: StudyShard?

    /// Options for the run `run`.
    public init(run: RunOptions) { self.run = run }
}

/// One policy against the baseline on one metric over the draws (a row of `robustness.csv`).
public struct RobustnessRow: Sendable, Equatable {
    public var policy: String
    public var metric: String
    /// Draws in which both had the metric.
    public var samples: Int
    /// The share of those draws in which the policy beats the baseline (its mean over the
    /// replications is better in the metric's direction); nil for a metric with no better side.
    public var winShare: Double?
    /// Quantiles (5 %, 50 %, 95 %) of the paired difference, policy − baseline, over the draws.
    public var q05: Double
    public var median: Double
    public var q95: Double

    /// The row as `RobustnessWriter` takes it.
    var fields:
        (
            policy: String, metric: String, samples: Int, winShare: Double?, q05: Double, median: Double,
            q95: Double
        )
    {
        (policy, metric, samples, winShare, q05, median, q95)
    }
}

/// A robustness study checked and ready to run.
public struct PreparedRobustness: Sendable {
    /// The options, resolved: the output folder, the policies.
    public var options: RobustnessOptions
    /// The plan as the file says it (every chosen policy, the baseline first).
    public var plan: ExperimentPlan
    public var loaded: LoadedScenario
    /// The output folder (checked, not yet claimed).
    public var folder: OutputFolder
    /// The values drawn, in file order.
    public var parameters: [UncertainParameter]
    /// The metrics judged.
    public var metrics: [String]
}

/// What `govload robustness` found.
public struct RobustnessReport: Sendable {
    public var plan: ExperimentPlan
    public var parameters: [UncertainParameter]
    public var rows: [RobustnessRow]
    public var samples: Int
    public var wallSeconds: Double
    public var folder: OutputFolder
}

/// `govload robustness`: does a policy's advantage survive what we do not know? Latin-hypercube
/// draws of the uncertain values; in each draw every policy meets the same city, needs and shocks
/// (common random numbers) with those values; for each policy and metric, the share of draws in
/// which it beats the baseline, and the spread of the paired difference (docs/robustness.md).
public enum Robustness {
    /// Checks the scenario, its policies, its uncertain values (each at both ends), the metrics
    /// and the output folder; throws every problem found.
    public static func prepare(_ options: RobustnessOptions) throws(InputError) -> PreparedRobustness {
        var run = options.run
        let loadedForName = try ScenarioLoader.load(path: run.scenarioPath, overrides: run.overrides)
        if run.output == nil { run.output = "results/\(loadedForName.scenario.name)-robustness" }
        let (plan, loaded, folder) = try Runner.prepare(run)
        guard plan.policies.count >= 2 else {
            throw InputError(
                Diagnostic(
                    .argument("--policy"), "robustness compares policies with the baseline; name two or more")
            )
        }
        guard (2...10_000).contains(options.samples) else {
            throw InputError(
                Diagnostic(.argument("--samples"), "must be between 2 and 10000, got \(options.samples)"))
        }
        let parameters = try Sensitivity.chosenParameters(loaded, names: [])
        try Sensitivity.checkRanges(parameters, run: run)
        let metrics = try Sensitivity.chosenMetrics(options.metrics, plan: plan)
        var resolved = options
        resolved.run = run
        return PreparedRobustness(
            options: resolved, plan: plan, loaded: loaded, folder: folder, parameters: parameters,
            metrics: metrics)
    }

    /// The Latin-hypercube draws: `samples` points in the unit cube of `factors` dimensions, each
    /// dimension cut into `samples` equal strata with one point in each (McKay, Beckman & Conover
    /// 1979).
    public static func latinHypercube(samples: Int, factors: Int, seed: UInt64) -> [[Double]] {
        let random = DesignGenerator(seed: seed)
        var points = Array(repeating: [Double](repeating: 0, count: factors), count: samples)
        for factor in 0..<factors {
            let strata = random.permutation(samples)
            for sample in 0..<samples {
                points[sample][factor] = (Double(strata[sample]) + random.uniform()) / Double(samples)
            }
        }
        return points
    }

    /// Runs the draws (its shard's only, with `--shard`; the folder claimed by the caller) and
    /// writes `robustness.csv`, `robustness_runs.csv` (each draw's values and each policy's
    /// means) and the manifest, last. A shard writes its runs file and manifest only.
    public static func execute(
        _ prepared: PreparedRobustness, progress: (@Sendable (Int, Int) -> Void)? = nil
    )
        throws(OutputError) -> RobustnessReport
    {
        let start = Date()
        let (options, plan, parameters) = (prepared.options, prepared.plan, prepared.parameters)
        let draws = latinHypercube(
            samples: options.samples, factors: parameters.count, seed: options.designSeed)
        let policies = plan.policies.map(\.name)
        let owned = draws.indices.filter { options.shard?.owns($0) ?? true }
        // means[draw][policy][metric], the shard's draws in order
        var means: [[[Double]]] = []
        for (done, index) in owned.enumerated() {
            means.append(try evaluate(draws[index], prepared))
            progress?(done + 1, owned.count)
        }
        let rows = options.shard == nil ? summarise(means, policies: policies, metrics: prepared.metrics) : []
        let folder = prepared.folder
        if options.shard == nil { try RobustnessWriter.write(rows.map(\.fields), to: folder) }
        try RobustnessWriter.writeRuns(
            parameters: parameters.map(\.path), policies: policies, metrics: prepared.metrics,
            rows: zip(owned, means).map { draw, byPolicy in
                (draw, zip(parameters, draws[draw]).map { $0.text($0.value(at: $1)) }, byPolicy)
            }, to: folder)
        let end = Date()
        var manifest = Sensitivity.studyManifest(
            plan, loaded: prepared.loaded, run: options.run, start: start, end: end)
        manifest.outputs = (options.shard == nil ? ["robustness.csv"] : []) + ["robustness_runs.csv"]
        manifest.study = StudyDesign(
            kind: "robustness", method: "latin-hypercube", size: options.samples,
            designSeed: options.designSeed,
            parameters: parameters.map { "\($0.path)=\($0.text($0.low))..\($0.text($0.high))" },
            metrics: prepared.metrics, policies: policies, points: draws.count)
        manifest.shard = options.shard?.text
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
        return RobustnessReport(
            plan: plan, parameters: parameters, rows: rows, samples: owned.count,
            wallSeconds: end.timeIntervalSince(start), folder: folder)
    }

    /// Every policy's metric means in one draw.
    static func evaluate(_ draw: [Double], _ prepared: PreparedRobustness) throws(OutputError) -> [[Double]] {
        let plan = try Sensitivity.plan(prepared.options.run, setting: prepared.parameters, to: draw)
        let result = Experiment.run(plan)
        return plan.policies.map {
            Sensitivity.policyMeans(result, policy: $0.name, metrics: prepared.metrics)
        }
    }

    /// For each policy but the baseline (the first) and each metric: the draws with both means,
    /// the share the policy wins, and quantiles of the paired difference.
    public static func summarise(_ means: [[[Double]]], policies: [String], metrics: [String])
        -> [RobustnessRow]
    {
        var rows: [RobustnessRow] = []
        for p in policies.indices.dropFirst() {
            for (m, metric) in metrics.enumerated() {
                let differences = means.compactMap { draw -> Double? in
                    let (x, b) = (draw[p][m], draw[0][m])
                    return x.isNaN || b.isNaN ? nil : x - b
                }.sorted()
                guard !differences.isEmpty else { continue }
                let better = MetricCatalogue.metric(named: metric)?.better ?? .neither
                let wins = differences.filter { better == .lower ? $0 < 0 : $0 > 0 }.count
                rows.append(
                    RobustnessRow(
                        policy: policies[p], metric: metric, samples: differences.count,
                        winShare: better == .neither ? nil : Double(wins) / Double(differences.count),
                        q05: quantile(differences, 0.05), median: quantile(differences, 0.5),
                        q95: quantile(differences, 0.95)))
            }
        }
        return rows
    }

    /// The `p` quantile of sorted `values` (linear interpolation between order statistics, R's
    /// type 7).
    static func quantile(_ values: [Double], _ p: Double) -> Double {
        let position = p * Double(values.count - 1)
        let lower = Int(position)
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (position - Double(lower)) * (values[upper] - values[lower])
    }
}
