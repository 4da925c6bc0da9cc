import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// A policy against the baseline on one metric (a row of `comparison.csv`): the policy's mean
/// with its 95 % Student-t interval across replications, and the paired difference from the
/// baseline with its interval. Under common random numbers replication r of every policy sees the
/// same arrivals, so the differences d_r = x_r − b_r cancel most of the noise the two share.
public struct MetricComparison: Sendable {
    /// The sweep point, from 0 (always 0 without a sweep).
    public var point: Int
    /// The metric.
    public var metric: String
    /// The policy.
    public var policy: String
    /// The baseline policy.
    public var baseline: String
    /// The policy's mean and interval.
    public var value: ConfidenceInterval
    /// The baseline's mean.
    public var baselineMean: Double
    /// The paired difference, policy − baseline, and its interval.
    public var difference: ConfidenceInterval
    /// The two-sided paired t-test's p-value that the difference is 0; nil for the baseline's own
    /// rows and with fewer than two replications.
    public var pValue: Double? = nil
    /// `pValue` adjusted by Holm's method over every comparison at the sweep point (each policy
    /// but the baseline × each metric): the difference is significant when this is below 0.05.
    public var pAdjusted: Double? = nil

    /// Whether the difference is significant at 5 % after Holm's correction for the family.
    public var isSignificant: Bool { (pAdjusted ?? 1) < 0.05 }
}

/// Comparisons of every policy with the baseline, metric by metric.
public enum PolicyComparison {
    /// The headline metrics of a run, in `MetricCatalogue`'s order.
    public static func metrics(of run: ReplicationResult) -> [RunMetric] { MetricCatalogue.values(of: run) }

    /// Every policy (the baseline included, with a zero difference) against the experiment's
    /// baseline — its first policy — on every metric both have: at each sweep point, policies in
    /// order, metrics in order; with paired t-test p-values, Holm-adjusted over the point's
    /// family of comparisons.
    public static func compare(_ result: ExperimentResult, level: Double = 0.95) -> [MetricComparison] {
        let plan = result.plan
        return compare(points: plan.selectedPoints, policies: plan.policies.map(\.name), level: level) {
            point, policy in
            result.runs.filter { $0.point == point && $0.policy == policy }.map(metrics(of:))
        }
    }

    /// The same from each run's metrics, however they were obtained (a finished experiment, or
    /// `runs.csv` of merged shards): `runs(point, policy)` gives each replication's metrics in
    /// replication order. The first policy is the baseline.
    public static func compare(
        points: [Int], policies: [String], level: Double = 0.95, runs: (Int, String) -> [[RunMetric]]
    ) -> [MetricComparison] {
        guard let baseline = policies.first else { return [] }
        var rows: [MetricComparison] = []
        for point in points {
            func table(_ runs: [[RunMetric]]) -> [String: [Double]] {
                var values: [String: [Double]] = [:]
                for run in runs {
                    for metric in run { values[metric.name, default: []].append(metric.value) }
                }
                return values
            }
            let baseRuns = runs(point, baseline)
            guard let firstBaseRun = baseRuns.first else { continue }
            let base = table(baseRuns)
            let order = firstBaseRun.map(\.name)
            for policy in policies {
                let values = policy == baseline ? base : table(runs(point, policy))
                for name in order {
                    guard let x = values[name], let b = base[name], x.count == b.count else { continue }
                    let differences = zip(x, b).map { $0 - $1 }
                    rows.append(
                        MetricComparison(
                            point: point, metric: name, policy: policy, baseline: baseline,
                            value: ConfidenceInterval(x, level: level),
                            baselineMean: ConfidenceInterval(b).mean,
                            difference: ConfidenceInterval(differences, level: level),
                            pValue: policy == baseline ? nil : MultipleComparisons.pairedPValue(differences)))
                }
            }
        }
        return adjusted(rows)
    }

    /// `rows` with each sweep point's p-values adjusted together (Holm).
    static func adjusted(_ rows: [MetricComparison]) -> [MetricComparison] {
        var result = rows
        for point in Set(rows.map(\.point)) {
            let indices = rows.indices.filter { rows[$0].point == point }
            let adjusted = MultipleComparisons.holm(indices.map { rows[$0].pValue })
            for (index, value) in zip(indices, adjusted) { result[index].pAdjusted = value }
        }
        return result
    }
}
