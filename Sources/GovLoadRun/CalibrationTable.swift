import Foundation
import GovLoadAnalysis
import GovLoadOutput

/// The table `govload calibrate` prints: each target's figure against the simulated mean and its
/// 95 % interval, within or not, and what a miss means; then the fit, if any.
public enum CalibrationTable {
    /// Renders the table.
    public static func render(_ report: CalibrationReport) -> String {
        let plan = report.run.result.plan
        var lines = [
            "\(plan.scenario.name), policy \(plan.policies.first?.name ?? ""): \(plan.replications) replication(s), seed \(plan.seed), \(String(format: "%.1f", report.run.wallSeconds)) s"
        ]
        if let fit = report.fit {
            lines.append(
                "fit: loss \(number(fit.loss)) (from \(number(fit.startLoss))) after \(fit.evaluations) evaluations"
                    + (fit.converged ? ", converged" : ", budget spent"))
            for (parameter, value) in zip(fit.parameters, fit.values) {
                lines.append("  \(parameter.path) = \(parameter.text(value))")
            }
        }
        let header = ["target", "quality", "figure", "simulated (95% CI)", "ratio", "within", "note"]
        let rows = report.rows.map { row -> [String] in
            let simulated =
                row.simulated.map { "\(number($0.mean)) [\(number($0.low)), \(number($0.high))]" } ?? "—"
            return [
                row.target.name, row.target.quality.rawValue,
                "\(number(row.target.value)) ±\(number(row.target.tolerance * 100))%", simulated,
                row.ratio.map { String(format: "%.2f", $0) } ?? "—", row.within ? "yes" : "no", row.note,
            ]
        }
        lines += layout(header: header, rows: rows)
        let within = report.rows.filter(\.within).count
        let stated = report.rows.filter { $0.target.quality == .stated }
        lines.append(
            "\(within) of \(report.rows.count) targets within tolerance; [S] targets: \(stated.filter(\.within).count) of \(stated.count)"
        )
        let files = report.fit == nil ? "calibration.csv" : "calibration.csv, fitted.yaml"
        lines.append(
            "results: \(report.run.folder.path)/{\(files), summary.csv, channels.csv, timeseries.csv, comparison.csv}, manifest.json"
        )
        return lines.joined(separator: "\n")
    }

    /// Columns padded to their widest cell.
    static func layout(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map(line)
    }

    /// Four significant digits, without exponents for everyday sizes.
    static func number(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 1e-3 && abs(value) < 1e7 { return String(format: "%.4g", value) }
        return String(format: "%.3e", value)
    }
}
