import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// One headline number of one run, named `metric` (a summary metric) or `channel.metric`.
public struct RunMetric: Sendable, Equatable {
    /// The metric's name, units in the name.
    public var name: String
    /// Its value in the run.
    public var value: Double
}

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
}

/// Comparisons of every policy with the baseline, metric by metric.
public enum PolicyComparison {
    /// The headline metrics of a run, in a fixed order: totals first, then each channel's.
    public static func metrics(of run: ReplicationResult) -> [RunMetric] {
        var metrics: [RunMetric] = []
        if let city = run.city {
            metrics += [
                RunMetric(name: "cases_created", value: Double(city.created)),
                RunMetric(name: "cases_closed", value: Double(city.closed)),
                RunMetric(
                    name: "closure_rate",
                    value: city.created > 0 ? Double(city.closed) / Double(city.created) : 0),
                RunMetric(
                    name: "on_time_rate",
                    value: city.closed > 0 ? Double(city.onTime) / Double(city.closed) : 0),
                RunMetric(name: "mean_close_h", value: city.meanCloseHours),
                RunMetric(name: "p90_close_h", value: city.p90CloseHours),
                RunMetric(name: "false_closures", value: Double(city.tally.falseClosures)),
                RunMetric(name: "reopened", value: Double(city.tally.reopened)),
                RunMetric(name: "escalations", value: Double(city.tally.escalations)),
                RunMetric(name: "transfers", value: Double(city.tally.transfers)),
                RunMetric(name: "cases_dropped", value: Double(city.dropped)),
                RunMetric(name: "mean_trust", value: city.meanTrust),
                RunMetric(name: "peak_backlog", value: Double(city.peakBacklog)),
            ]
            metrics.append(RunMetric(name: "duplicate_reports", value: Double(city.tally.duplicateReports)))
            if city.tally.dispatched > 0 {
                metrics.append(
                    RunMetric(
                        name: "dispatch_h", value: city.tally.dispatchHoursSum / Double(city.tally.dispatched)
                    ))
            }
            if city.tally.hazardsFound > 0 {
                metrics.append(
                    RunMetric(
                        name: "hazard_latent_h",
                        value: city.tally.latentHoursSum / Double(city.tally.hazardsFound)))
            }
            if city.tally.crossDomainClosed > 0 {
                metrics.append(
                    RunMetric(
                        name: "cross_domain_close_h",
                        value: city.tally.crossDomainHoursSum / Double(city.tally.crossDomainClosed)))
            }
            for (index, name) in city.caseTypes.enumerated() {
                let closed = city.tally.closed[index]
                metrics += [
                    RunMetric(name: name + ".cases_created", value: Double(city.tally.created[index])),
                    RunMetric(
                        name: name + ".mean_close_h",
                        value: closed > 0 ? city.tally.closeHoursSum[index] / Double(closed) : 0),
                    RunMetric(
                        name: name + ".on_time_rate",
                        value: closed > 0 ? Double(city.tally.onTime[index]) / Double(closed) : 0),
                ]
            }
            if let drain = city.drainHours { metrics.append(RunMetric(name: "drain_h", value: drain)) }
            if let rate = city.shockEmergencyOnTimeRate {
                metrics.append(RunMetric(name: "shock_emergency_on_time_rate", value: rate))
            }
        }
        metrics += [
            RunMetric(name: "contacts", value: Double(run.contacts)),
            RunMetric(name: "abandoned", value: Double(run.abandoned)),
            RunMetric(name: "repeat_contacts", value: Double(run.repeatContacts)),
            RunMetric(name: "turned_away", value: Double(run.turnedAway)),
            RunMetric(name: "staff_hours", value: run.staffHours),
            RunMetric(name: "staff_cost", value: run.staffCost),
        ]
        for channel in run.staffedRows {
            let s = channel.statistics
            let prefix = channel.name + "."
            metrics += [
                RunMetric(name: prefix + "p_wait", value: s.waitProbability),
                RunMetric(name: prefix + "mean_wait_min", value: s.meanWaitOfServed / 60),
                RunMetric(name: prefix + "mean_wait_all_min", value: s.meanWaitOfAll / 60),
                RunMetric(name: prefix + "p90_wait_min", value: s.p90WaitOfServed / 60),
                RunMetric(name: prefix + "abandon_rate", value: s.abandonRate),
                RunMetric(name: prefix + "max_queue", value: Double(s.maxQueue)),
                RunMetric(name: prefix + "max_wait_min", value: s.maxWait / 60),
                RunMetric(name: prefix + "utilization", value: s.utilization),
                RunMetric(name: prefix + "staff_hours", value: channel.staffHours),
            ]
        }
        return metrics
    }

    /// Every policy (the baseline included, with a zero difference) against the experiment's
    /// baseline — its first policy — on every metric both have: at each sweep point, policies in
    /// order, metrics in order.
    public static func compare(_ result: ExperimentResult, level: Double = 0.95) -> [MetricComparison] {
        let plan = result.plan
        guard let baseline = plan.policies.first?.name else { return [] }
        var rows: [MetricComparison] = []
        for point in plan.selectedPoints {
            let runs = result.runs.filter { $0.point == point }
            func table(_ policy: String) -> [String: [Double]] {
                var values: [String: [Double]] = [:]
                for run in runs where run.policy == policy {
                    for metric in metrics(of: run) { values[metric.name, default: []].append(metric.value) }
                }
                return values
            }
            let base = table(baseline)
            guard let firstBaseRun = runs.first(where: { $0.policy == baseline }) else { continue }
            let order = metrics(of: firstBaseRun).map(\.name)
            for policy in plan.policies.map(\.name) {
                let values = table(policy)
                for name in order {
                    guard let x = values[name], let b = base[name], x.count == b.count else { continue }
                    let differences = zip(x, b).map { $0 - $1 }
                    rows.append(
                        MetricComparison(
                            point: point, metric: name, policy: policy, baseline: baseline,
                            value: ConfidenceInterval(x, level: level),
                            baselineMean: ConfidenceInterval(b).mean,
                            difference: ConfidenceInterval(differences, level: level)))
                }
            }
        }
        return rows
    }
}
