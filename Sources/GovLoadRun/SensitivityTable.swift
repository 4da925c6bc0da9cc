import Foundation
import GovLoadOutput

/// The table `govload sensitivity` prints: for each metric, the uncertain values ranked by what
/// they decide — Morris's μ* (the mean absolute change of the metric over each value's whole
/// range) with σ, or Sobol's ST with S1 — the ten largest.
public enum SensitivityTable {
    /// Renders the table.
    public static func render(_ report: SensitivityReport) -> String {
        let prepared = report.prepared
        let plan = prepared.plan
        let method = prepared.options.method
        var lines = [
            "\(plan.scenario.name), policy \(plan.policies.first?.name ?? ""): \(method.rawValue), \(prepared.parameters.count) uncertain values, \(prepared.points.count) design points × \(plan.replications) replication(s), seed \(plan.seed), \(String(format: "%.1f", report.wallSeconds)) s"
        ]
        for metric in prepared.metrics {
            let rows = report.rows.filter { $0.metric == metric }
            lines.append("")
            if let note = rows.first?.note, !note.isEmpty {
                lines.append("\(metric): \(note)")
                continue
            }
            let ranked = rows.sorted { key($0, method) > key($1, method) }.prefix(10)
            let header =
                method == .morris
                ? ["\(metric): value", "mu_star", "sigma", "mu"] : ["\(metric): value", "ST", "±", "S1", "±"]
            let body = ranked.map { row -> [String] in
                method == .morris
                    ? [row.parameter, number(row.muStar), number(row.sigma), number(row.mu)]
                    : [row.parameter, number(row.st), number(row.stConf), number(row.s1), number(row.s1Conf)]
            }
            lines += CalibrationTable.layout(header: header, rows: body)
        }
        lines.append("")
        lines.append("results: \(report.folder.path)/{sensitivity.csv, sensitivity_runs.csv}, manifest.json")
        return lines.joined(separator: "\n")
    }

    static func key(_ row: SensitivityRow, _ method: SensitivityMethod) -> Double {
        (method == .morris ? row.muStar : row.st) ?? -.infinity
    }

    static func number(_ value: Double?) -> String { value.map(CalibrationTable.number) ?? "" }
}
