import Foundation

/// The short table `govload run` prints at the end: headline channel metrics per policy, as means
/// with 95 % Student-t intervals across replications, and where the files are.
public enum RunSummaryTable {
    /// Renders the table.
    public static func render(_ report: RunReport) -> String {
        let result = report.result
        let plan = result.plan
        var lines: [String] = []
        lines.append(
            "\(plan.scenario.name): \(plan.policies.count) polic\(plan.policies.count == 1 ? "y" : "ies") × \(plan.replications) replication(s), seed \(plan.seed), \(String(format: "%.2f", report.wallSeconds)) s"
        )
        let showTurnedAway = plan.scenario.channels.contains { $0.capacity != nil }
        var header = ["policy", "channel", "mean wait (min)", "P(wait)", "abandoned", "utilization"]
        if showTurnedAway { header.append("turned away") }
        var rows: [[String]] = []
        for policy in plan.policies {
            let runs = result.runs.filter { $0.policy == policy }
            for (index, channel) in plan.scenario.channels.enumerated() {
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
        lines.append("results: \(report.folder.path)/{summary,channels,timeseries}.csv, manifest.json")
        return lines.joined(separator: "\n")
    }

    static func format(_ interval: ConfidenceInterval, digits: Int) -> String {
        let mean = String(format: "%.\(digits)f", interval.mean)
        guard interval.count > 1 else { return mean }
        return mean + " ± " + String(format: "%.\(digits)f", interval.halfWidth)
    }
}
