import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Sequential stopping for `--precision`: how many replications an experiment took, and why it
/// stopped.
public struct PrecisionOutcome: Sendable, Codable, Equatable {
    /// The target: the largest relative half-width allowed (0.05 for 5 %).
    public var target: Double
    /// The most replications allowed.
    public var maxReplications: Int
    /// Replications run, per policy and point.
    public var replications: Int
    /// The widest relative half-width left, over every headline metric, policy and point.
    public var achieved: Double
    /// The metric that was widest.
    public var widestMetric: String
    /// Whether the target was met (false: stopped at the maximum).
    public var met: Bool

    enum CodingKeys: String, CodingKey {
        case target, replications, achieved, met
        case maxReplications = "max_replications"
        case widestMetric = "widest_metric"
    }
}

extension Experiment {
    /// The metrics `--precision` holds to its target: per channel, P(wait), the mean wait of
    /// everyone and the abandonment rate; and the contacts. A metric whose interval has no width
    /// (a constant, such as 0 abandonment without patience) is met whatever its mean.
    static func headline(_ metric: String) -> Bool {
        metric == "contacts" || metric.hasSuffix(".p_wait") || metric.hasSuffix(".mean_wait_all_min")
            || metric.hasSuffix(".abandon_rate")
    }

    /// The widest relative half-width over the headline metrics of `result`.
    static func widest(_ result: ExperimentResult) -> (value: Double, metric: String) {
        var worst = (value: 0.0, metric: "")
        for row in PolicyComparison.compare(result) where headline(row.metric) {
            let interval = row.value
            guard interval.halfWidth > 0 else { continue }
            let relative = interval.mean != 0 ? interval.halfWidth / abs(interval.mean) : .infinity
            if relative > worst.value { worst = (relative, "\(row.policy): \(row.metric)") }
        }
        return worst
    }

    /// Runs `plan`, then adds replications until every headline metric's 95 % half-width is at
    /// most `target` of its mean, or `maxReplications` is reached. Each round asks for as many
    /// replications as the widest interval suggests (half-widths shrink as 1/√n), with 10 % to
    /// spare; replications already run are kept, so no work is repeated.
    ///
    /// Stopping on the data makes the final intervals slightly optimistic (the classic price of
    /// sequential procedures); a target well inside what the decision needs absorbs it.
    public static func runToPrecision(
        _ plan: ExperimentPlan, target: Double, maxReplications: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> (ExperimentResult, PrecisionOutcome) {
        var plan = plan
        plan.replications = max(2, min(plan.replications, maxReplications))
        var result = run(plan, progress: progress)
        var (worst, metric) = widest(result)
        while worst > target && plan.replications < maxReplications {
            let wanted = Int(
                (Double(plan.replications) * (worst / target) * (worst / target) * 1.1).rounded(.up))
            let total = min(maxReplications, max(plan.replications + 1, wanted))
            var extra = plan
            extra.firstReplication = plan.replications
            extra.replications = total - plan.replications
            let more = run(extra, progress: progress)
            plan.replications = total
            // Keep the (point, policy, replication) order of a single run.
            let policyOrder = Dictionary(
                uniqueKeysWithValues: plan.policies.enumerated().map { ($1.name, $0) })
            let runs = (result.runs + more.runs).sorted { a, b in
                (a.point, policyOrder[a.policy] ?? 0, a.replication) < (
                    b.point, policyOrder[b.policy] ?? 0, b.replication
                )
            }
            result = ExperimentResult(plan: plan, runs: runs)
            (worst, metric) = widest(result)
        }
        let outcome = PrecisionOutcome(
            target: target, maxReplications: maxReplications, replications: plan.replications,
            achieved: worst,
            widestMetric: metric, met: worst <= target)
        return (result, outcome)
    }
}
