import Foundation

/// The table `govload robustness` prints: for each metric, each policy's share of draws in which
/// it beats the baseline, and the paired difference's median with its 5–95 % range over draws.
public enum RobustnessTable {
    /// Renders the table.
    public static func render(_ report: RobustnessReport) -> String {
        let plan = report.plan
        var lines = [
            "\(plan.scenario.name): \(report.samples) Latin-hypercube draws of \(report.parameters.count) uncertain values × \(plan.policies.count) policies × \(plan.replications) replication(s), seed \(plan.seed), \(String(format: "%.1f", report.wallSeconds)) s",
            "",
            "against \(plan.policies.first?.name ?? "baseline"), over the draws: wins (share of draws the policy is better), median difference [5%, 95%]",
        ]
        let header = ["metric", "policy", "wins", "median difference [5%, 95%]"]
        let body = report.rows.map { row -> [String] in
            [
                row.metric, row.policy, row.winShare.map { String(format: "%.0f%%", $0 * 100) } ?? "—",
                "\(CalibrationTable.number(row.median)) [\(CalibrationTable.number(row.q05)), \(CalibrationTable.number(row.q95))]",
            ]
        }
        lines += CalibrationTable.layout(header: header, rows: body)
        lines.append("")
        lines.append("results: \(report.folder.path)/{robustness.csv, robustness_runs.csv}, manifest.json")
        return lines.joined(separator: "\n")
    }
}
