import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The end-of-run table for a city: one row per policy with the case metrics a planner weighs.
extension RunSummaryTable {
    /// City metrics shown, with their column titles; which way is better comes from
    /// `MetricCatalogue`.
    static let cityColumns: [(metric: String, title: String)] = [
        ("mean_close_h", "close (h)"),
        ("on_time_rate", "on time"),
        ("escalations", "escalations"),
        ("false_closures", "false closures"),
        ("peak_backlog", "peak backlog"),
        ("drain_h", "drain (h)"),
        ("shock_emergency_on_time_rate", "emergencies on time"),
        ("staff_cost", "staff cost"),
    ]

    static func renderCity(_ report: RunReport) -> [String] {
        let rows = PolicyComparison.compare(report.result)
        let plan = report.result.plan
        let present = Set(rows.map(\.metric))
        let columns = cityColumns.filter { present.contains($0.metric) }
        let swept = !plan.sweepKeys.isEmpty
        var header = ["policy"] + columns.map(\.title)
        if swept { header.insert(plan.sweepKeys.joined(separator: " "), at: 0) }
        var table: [[String]] = []
        for point in plan.selectedPoints {
            for policy in plan.policies.map(\.name) {
                var row = [policy]
                for column in columns {
                    let value = rows.first {
                        $0.point == point && $0.policy == policy && $0.metric == column.metric
                    }
                    let digits = column.metric.hasSuffix("rate") ? 3 : 1
                    row.append(value.map { format($0.value, digits: digits) } ?? "")
                }
                if swept { row.insert(plan.points[point].values.joined(separator: " "), at: 0) }
                table.append(row)
            }
        }
        var lines = aligned(header: header, rows: table)
        lines.append(
            "(mean ± 95% half-width across replications; close: hours from filing to closure; on time:")
        lines.append(
            " handled within the case type's SLA; drain: hours after the last shock until the backlog is normal)"
        )
        lines += dispatchLine(report)
        lines += censoredDrainLine(report)
        guard plan.policies.count > 1 else { return lines }
        lines += ["", "best policy per metric (tie: another's paired difference from it is within noise):"]
        let values = replicationValues(report.result)
        for point in plan.selectedPoints {
            for column in columns {
                let candidates = rows.filter { $0.point == point && $0.metric == column.metric }
                let higher = MetricCatalogue.metric(named: column.metric)?.better == .higher
                let better: (MetricComparison, MetricComparison) -> Bool =
                    higher ? { $0.value.mean > $1.value.mean } : { $0.value.mean < $1.value.mean }
                guard let winner = candidates.min(by: better) else { continue }
                let tied = isTied(winner.policy, values[point] ?? [:], metric: column.metric)
                let at = swept ? "[" + plan.points[point].values.joined(separator: " ") + "] " : ""
                lines.append("  \(at)\(column.metric): \(winner.policy)\(tied ? " (tie)" : "")")
            }
        }
        guard let baseline = rows.first?.baseline else { return lines }
        lines += ["", "against \(baseline) (paired difference, 95% interval; " + starMeaning(rows) + "):"]
        let shown = rows.filter { row in
            row.policy != baseline && columns.contains { $0.metric == row.metric }
        }
        let policyWidth = shown.map(\.policy.count).max() ?? 0
        let metricWidth = shown.map(\.metric.count).max() ?? 0
        for row in shown {
            let d = row.difference
            let significant = row.isSignificant
            lines.append(
                (swept ? "  [" + plan.points[row.point].values.joined(separator: " ") + "]" : "")
                    + "  \(pad(row.policy, policyWidth))  \(pad(row.metric, metricWidth))  "
                    + "\(signed(d.mean)) [\(signed(d.low)), \(signed(d.high))]\(significant ? " *" : "")")
        }
        return lines
    }

    /// When some runs' backlog was not back to normal by the horizon: how many, and each
    /// policy's median drain, which respects the censoring while fewer than half are censored
    /// (else it is at least the bound).
    static func censoredDrainLine(_ report: RunReport) -> [String] {
        let runs = report.result.runs.filter { $0.city?.drainHours != nil }
        let censored = runs.filter { $0.city?.drainCensored == true }
        guard let bound = censored.first?.city?.drainHours else { return [] }
        var medians: [String] = []
        for policy in report.result.plan.policies.map(\.name) {
            let hours = runs.filter { $0.policy == policy }.compactMap { $0.city?.drainHours }.sorted()
            guard !hours.isEmpty else { continue }
            // The median respects censoring while fewer than half the runs are censored: each
            // censored run lies at or above it.
            let cut = hours.filter { $0 >= bound }.count * 2 >= hours.count
            let median =
                hours.count % 2 == 1
                ? hours[hours.count / 2] : (hours[hours.count / 2 - 1] + hours[hours.count / 2]) / 2
            medians.append(
                "\(policy) \(cut ? "≥ " + String(format: "%.0f", bound) : String(format: "%.1f", median))")
        }
        return [
            "drain censored at the horizon (≥ \(String(format: "%.0f", bound)) h) in \(censored.count) of \(runs.count) runs: "
                + "its mean is a lower bound; median drain (h): " + medians.joined(separator: ", ")
        ]
    }

    /// Minutes from report to first dispatch by where cases were first reported, for the first
    /// policy (channels.csv's `dispatch_min` has them per run).
    static func dispatchLine(_ report: RunReport) -> [String] {
        let plan = report.result.plan
        guard let policy = plan.policies.first?.name else { return [] }
        var counts: [Int] = []
        var hours: [Double] = []
        for run in report.result.runs where run.policy == policy {
            guard let tally = run.city?.tally else { continue }
            CityTally.add(tally.dispatchedByOrigin, to: &counts)
            CityTally.add(tally.dispatchHoursByOrigin, to: &hours)
        }
        let names = plan.scenario.channels.map(\.name)
        let parts = counts.indices.compactMap { origin -> String? in
            guard counts[origin] > 0 else { return nil }
            let name = CaseOrigin.name(UInt8(origin), channels: names)
            return "\(name) \(String(format: "%.1f", hours[origin] / Double(counts[origin]) * 60))"
        }
        guard !parts.isEmpty else { return [] }
        var urgent = (count: 0, hours: 0.0)
        for run in report.result.runs where run.policy == policy {
            urgent.count += run.city?.tally.dispatchedUrgent ?? 0
            urgent.hours += run.city?.tally.dispatchHoursUrgent ?? 0
        }
        let total = (count: counts.reduce(0, +), hours: hours.reduce(0, +))
        var classes: [String] = []
        if urgent.count > 0 {
            classes.append(String(format: "urgent %.1f", urgent.hours / Double(urgent.count) * 60))
        }
        if total.count > urgent.count {
            let others = (total.hours - urgent.hours) / Double(total.count - urgent.count) * 60
            classes.append(String(format: "others %.1f", others))
        }
        return [
            "report → first dispatch (min), \(policy), by where cases were reported: "
                + parts.joined(separator: ", "),
            "  by priority: " + classes.joined(separator: ", "),
        ]
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Columns padded to their widest cell.
    static func aligned(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(
                separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map(line)
    }
}
