import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The short table `govload run` prints at the end: headline channel metrics per policy, as means
/// with 95 % Student-t intervals across replications, and where the files are.
public enum RunSummaryTable {
    /// Renders the table.
    public static func render(_ report: RunReport) -> String {
        let result = report.result
        let plan = result.plan
        var lines: [String] = []
        lines.append(
            "\(plan.scenario.name): "
                + (plan.sweepKeys.isEmpty
                    ? "" : "\(plan.selectedPoints.count) of \(plan.points.count) sweep points × ")
                + "\(plan.policies.count) polic\(plan.policies.count == 1 ? "y" : "ies") × \(plan.replications) replication(s), seed \(plan.seed), \(String(format: "%.2f", report.wallSeconds)) s"
        )
        if result.runs.first?.city != nil {
            lines += renderCity(report)
            lines.append(
                resultsLine(report))
            return lines.joined(separator: "\n")
        }
        let showTurnedAway = plan.policies.contains { $0.scenario.channels.contains { $0.capacity != nil } }
        let swept = !plan.sweepKeys.isEmpty
        var header = ["policy", "channel", "mean wait (min)", "P(wait)", "abandoned", "utilization"]
        if swept { header.insert(plan.sweepKeys.joined(separator: " "), at: 0) }
        if showTurnedAway { header.append("turned away") }
        var rows: [[String]] = []
        for (point, policy) in plan.selectedPoints.flatMap({ point in plan.policies.map { (point, $0.name) } }
        ) {
            let runs = result.runs.filter { $0.policy == policy && $0.point == point }
            for (index, channel) in (runs.first?.channels ?? []).enumerated() {
                let stats = runs.map { $0.channels[index].statistics }
                var row = [
                    policy, channel.name,
                    format(ConfidenceInterval(stats.map { $0.meanWaitOfAll / 60 }), digits: 3),
                    format(ConfidenceInterval(stats.map(\.waitProbability)), digits: 3),
                    format(ConfidenceInterval(stats.map(\.abandonRate)), digits: 3),
                    format(ConfidenceInterval(stats.map(\.utilization)), digits: 3),
                ]
                if showTurnedAway {
                    row.append(
                        format(
                            ConfidenceInterval(
                                stats.map {
                                    $0.arrivals > 0 ? Double($0.turnedAway) / Double($0.arrivals) : 0
                                }), digits: 4))
                }
                if swept { row.insert(plan.points[point].values.joined(separator: " "), at: 0) }
                rows.append(row)
            }
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(
                separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        lines.append(line(header))
        for row in rows { lines.append(line(row)) }
        lines.append(
            "(mean ± 95% half-width across replications; mean wait counts everyone who left the queue;")
        lines.append(" abandoned and turned away are shares of arrivals)")
        if plan.policies.count > 1 {
            lines += best(report)
            lines += comparison(report)
        }
        lines.append(
            resultsLine(report))
        return lines.joined(separator: "\n")
    }

    /// A duration as a clock reads it, h:mm:ss: `0:00:42`, `0:03:05`, `1:02:05` (progress lines'
    /// elapsed time and ETA).
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds.isFinite ? seconds : 0).rounded())
        return String(format: "%d:%02d:%02d", whole / 3_600, whole % 3_600 / 60, whole % 60)
    }

    /// The files written: the four CSV files, `cases.csv` with `--cases`, the manifest.
    static func resultsLine(_ report: RunReport) -> String {
        guard report.folder.compression == nil else {
            let files = ResultWriter.files(in: report.folder, cases: report.result.plan.cases != nil)
            return "results: \(report.folder.path)/{\(files.joined(separator: ", "))}, manifest.json"
        }
        let cases = report.result.plan.cases == nil ? "" : ",cases"
        return
            "results: \(report.folder.path)/{summary,channels,timeseries,comparison,runs\(cases)}.csv, manifest.json"
    }

    /// Each policy against the baseline on the metrics a planner weighs: wait, abandonment, staff.
    static func comparison(_ report: RunReport) -> [String] {
        let rows = PolicyComparison.compare(report.result)
        guard let baseline = rows.first?.baseline else { return [] }
        let wanted =
            ["staff_hours"]
            + (report.result.runs.first?.channels ?? []).flatMap {
                ["\($0.name).mean_wait_all_min", "\($0.name).abandon_rate"]
            }
        let shown = rows.filter { $0.policy != baseline && wanted.contains($0.metric) }
        let points = report.result.plan.points
        let swept = !report.result.plan.sweepKeys.isEmpty
        let policyWidth = shown.map(\.policy.count).max() ?? 0
        let metricWidth = shown.map(\.metric.count).max() ?? 0
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: width - text.count)
        }
        var lines = ["", "against \(baseline) (paired difference, 95% interval; " + starMeaning(rows) + "):"]
        for row in shown {
            let d = row.difference
            let significant = row.isSignificant
            lines.append(
                (swept ? "  [" + points[row.point].values.joined(separator: " ") + "]" : "")
                    + "  \(pad(row.policy, policyWidth))  \(pad(row.metric, metricWidth))  "
                    + "\(signed(d.mean)) [\(signed(d.low)), \(signed(d.high))]\(significant ? " *" : "")")
        }
        return lines
    }

    /// What the star after a paired difference means: significant at 5 % after Holm's correction
    /// for every comparison of the point (`comparison.csv`'s `p_adjusted`).
    static func starMeaning(_ rows: [MetricComparison]) -> String {
        let point = rows.first?.point ?? 0
        let family = rows.filter { $0.point == point && $0.pValue != nil }.count
        return "* where Holm-adjusted p < 0.05 over the \(family) comparisons of comparison.csv"
    }

    /// The policy with the lowest mean on each headline metric (lower is better for all of them),
    /// at each sweep point; "(tie)" when another policy's interval overlaps the winner's.
    static func best(_ report: RunReport) -> [String] {
        let rows = PolicyComparison.compare(report.result)
        let plan = report.result.plan
        let metrics =
            ["staff_hours", "staff_cost"]
            + (report.result.runs.first?.channels ?? []).flatMap {
                ["\($0.name).mean_wait_all_min", "\($0.name).abandon_rate", "\($0.name).max_wait_min"]
            }
        var lines = [
            "",
            "best policy per metric (lowest mean; tie: another's paired difference from it is within noise):",
        ]
        let values = replicationValues(report.result)
        for point in plan.selectedPoints {
            for metric in metrics {
                let candidates = rows.filter { $0.point == point && $0.metric == metric }
                guard let winner = candidates.min(by: { $0.value.mean < $1.value.mean }) else { continue }
                if metric == "staff_cost" && winner.value.mean == 0 { continue }
                let tied = isTied(winner.policy, values[point] ?? [:], metric: metric)
                let at =
                    plan.sweepKeys.isEmpty
                    ? "" : "[" + plan.points[point].values.joined(separator: " ") + "] "
                lines.append("  \(at)\(metric): \(winner.policy)\(tied ? " (tie)" : "")")
            }
        }
        return lines
    }

    /// Each replication's value of every metric, by sweep point and policy (replication order).
    static func replicationValues(_ result: ExperimentResult) -> [Int: [String: [String: [Double]]]] {
        var values: [Int: [String: [String: [Double]]]] = [:]
        for run in result.runs.sorted(by: { $0.replication < $1.replication }) {
            for metric in PolicyComparison.metrics(of: run) {
                values[run.point, default: [:]][run.policy, default: [:]][metric.name, default: []].append(
                    metric.value)
            }
        }
        return values
    }

    /// Whether another policy is as good as `winner` on `metric`: the 95 % interval of their
    /// paired difference (replication by replication, common random numbers) contains 0 — the
    /// same judgement as the paired table, not an overlap of unpaired intervals.
    static func isTied(_ winner: String, _ byPolicy: [String: [String: [Double]]], metric: String) -> Bool {
        guard let best = byPolicy[winner]?[metric] else { return false }
        return byPolicy.contains { policy, metrics in
            guard policy != winner, let other = metrics[metric], other.count == best.count else {
                return false
            }
            return ConfidenceInterval(zip(other, best).map { $0 - $1 }).contains(0)
        }
    }

    static func signed(_ value: Double) -> String {
        let digits = abs(value) >= 100 ? 0 : abs(value) >= 1 ? 2 : 4
        return (value >= 0 ? "+" : "") + String(format: "%.\(digits)f", value)
    }

    static func format(_ interval: ConfidenceInterval, digits: Int) -> String {
        let mean = String(format: "%.\(digits)f", interval.mean)
        guard interval.count > 1 else { return mean }
        return mean + " ± " + String(format: "%.\(digits)f", interval.halfWidth)
    }
}
