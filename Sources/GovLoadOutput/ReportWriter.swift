import Foundation
import GovLoadExperiment
import GovLoadModel
import GovLoadSupport

/// `govload report RESULTS_DIR`: one self-contained `report.html` a planner can open offline and
/// pass on — what was run, the paired differences with their intervals, the time series in days
/// with the warm-up and the shocks shaded, the districts, the channels, and the calibration where
/// the folder has it. Inline SVG and CSS only: no script, nothing fetched (a content security
/// policy forbids it).
public enum ReportWriter {
    /// Writes `report.html` into the folder `data` was read from; returns its path.
    public static func write(_ data: ReportData) throws(OutputError) -> String {
        let path = URL(fileURLWithPath: data.folder).appendingPathComponent("report.html").path
        try AtomicFile.write(html(data), to: path, ledger: OutputLedger())
        return path
    }

    /// The whole page.
    static func html(_ data: ReportData) -> String {
        let manifest = data.manifest
        let title = "GovLoad report: \(manifest.scenario)"
        var body = "<h1>\(ReportCharts.escape(title))</h1>" + runSection(manifest)
        body += differencesSection(data)
        body += timeSection(data)
        body += districtsSection(data)
        body += channelsSection(data)
        for table in data.tables {
            body += "<h2>\(ReportCharts.escape(table.name))</h2>" + htmlTable(table.header, table.rows)
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(ReportCharts.escape(title))</title>
            <style>\(style)</style></head>
            <body>\(body)
            <footer>Written by govload \(ReportCharts.escape(manifest.version)) from \(ReportCharts.escape(data.folder)).</footer>
            </body></html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;max-width:1320px;margin:1.5em auto;padding:0 1em;color:#222}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.6em 0;font-size:13px}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right}
        th{text-align:left}td:first-child{text-align:left}table.facts td{text-align:left}
        .charts{display:flex;flex-wrap:wrap;gap:10px}.chart{background:#fff;border:1px solid #ddd;max-width:100%}
        .chart text{font-size:11px;fill:#333}.chart .title{font-size:13px;font-weight:600}.chart .tick{fill:#666}
        .chart .grid{stroke:#eee}.chart .zero{stroke:#888;stroke-dasharray:4 3}.chart .shade{fill:#f5d0a9;opacity:.45}
        .legend span{margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
        .note{color:#555}footer{margin-top:3em;color:#777;font-size:12px}
        """

    static func runSection(_ manifest: Manifest) -> String {
        let scenario = manifest.resolvedScenario
        var rows: [[String]] = [
            ["scenario", manifest.scenario],
            [
                "policies",
                manifest.policies.map(\.name).joined(separator: ", ") + " (the first is the baseline)",
            ],
            ["replications, seed", "\(manifest.replications), seed \(manifest.seed)"],
            [
                "horizon, warm-up",
                "\(ReportCharts.number(scenario.horizon / 86_400)) days, \(ReportCharts.number(scenario.warmup / 3_600)) h",
            ],
            [
                "versions",
                "govload \(manifest.version), GSL \(manifest.gslVersion ?? "?"), Swift \(manifest.swiftVersion ?? "?"), \(manifest.platform ?? "?")",
            ],
            [
                "run",
                "\(manifest.startTime) to \(manifest.endTime), \(ReportCharts.number(manifest.wallSeconds)) s",
            ],
            ["files read", manifest.files.map(\.path).joined(separator: ", ")],
        ]
        if let city = scenario.city {
            rows.append([
                "shocks", city.shocks.isEmpty ? "none" : city.shocks.map(\.name).joined(separator: ", "),
            ])
        }
        return "<h2>What was run</h2>" + htmlTable(["", ""], rows, header: false)
    }

    /// The headline metrics' paired differences from the baseline, a forest plot each.
    static func differencesSection(_ data: ReportData) -> String {
        let baseline = data.manifest.policies.first?.name ?? "baseline"
        var metrics = [
            "mean_close_h", "on_time_rate", "escalations", "false_closures", "peak_backlog", "drain_h",
            "shock_emergency_on_time_rate", "staff_cost", "overtime_hours",
        ]
        if data.manifest.resolvedScenario.city == nil {
            metrics =
                ["staff_cost"]
                + data.manifest.resolvedScenario.channels.flatMap {
                    ["\($0.name).mean_wait_all_min", "\($0.name).abandon_rate"]
                }
        }
        var charts: [String] = []
        for metric in metrics {
            let rows = data.comparisons.filter { $0.metric == metric && $0.policy != baseline }
            guard !rows.isEmpty else { continue }
            let unit = MetricCatalogue.metric(named: metric)?.unit ?? ""
            charts.append(
                ReportCharts.forest(
                    title: metric, unit: unit,
                    rows: rows.map { ($0.policy, $0.diff, $0.low, $0.high, ($0.pAdjusted ?? 1) < 0.05) }))
        }
        guard !charts.isEmpty else { return "" }
        return "<h2>Against \(ReportCharts.escape(baseline)): paired differences</h2>"
            + "<p class=\"note\">Each policy minus the baseline, replication by replication (common random numbers): the mean and its 95 % interval. A filled dot is significant after Holm's correction for every comparison in comparison.csv.</p>"
            + "<div class=\"charts\">" + charts.joined() + "</div>"
    }

    /// The warm-up and each shock as shaded spans (hours).
    static func shaded(_ data: ReportData) -> [(from: Double, to: Double, label: String)] {
        let scenario = data.manifest.resolvedScenario
        var spans = [(0.0, scenario.warmup / 3_600, "warm-up")]
        for shock in scenario.city?.shocks ?? [] {
            spans.append((shock.start / 3_600, (shock.start + shock.duration) / 3_600, shock.name))
        }
        return spans.filter { $0.1 > $0.0 }.map { (from: $0.0, to: $0.1, label: $0.2) }
    }

    static func chart(_ data: ReportData, scope: String, metric: String, title: String, compact: Bool = false)
        -> String?
    {
        guard let series = data.series["\(scope)/\(metric)"] else { return nil }
        let policies = data.manifest.policies.map(\.name)
        return ReportCharts.lines(
            title: title, unit: "", hours: series.hours,
            byPolicy: policies.compactMap { policy in series.byPolicy[policy].map { (policy, $0) } },
            shaded: shaded(data), compact: compact)
    }

    static func timeSection(_ data: ReportData) -> String {
        let charts = [
            chart(data, scope: "city", metric: "backlog", title: "open cases, the whole city"),
            chart(data, scope: "city", metric: "emergencies", title: "emergencies so far, the whole city"),
        ].compactMap { $0 }
        guard !charts.isEmpty else { return "" }
        return
            "<h2>Over time</h2><p class=\"note\">Mean over replications; shaded: the warm-up and the shocks.</p>"
            + ReportCharts.legend(data.manifest.policies.map(\.name)) + "<div class=\"charts\">"
            + charts.joined() + "</div>"
    }

    static func districtsSection(_ data: ReportData) -> String {
        let districts = data.manifest.resolvedScenario.city?.districts.map(\.name) ?? []
        let charts = districts.compactMap {
            chart(data, scope: $0, metric: "backlog", title: $0, compact: true)
        }
        guard !charts.isEmpty else { return "" }
        return "<h2>Open cases by district</h2>" + ReportCharts.legend(data.manifest.policies.map(\.name))
            + "<div class=\"charts\">" + charts.joined() + "</div>"
    }

    static func channelsSection(_ data: ReportData) -> String {
        let channels = data.manifest.resolvedScenario.channels.map(\.name)
        var charts: [String] = []
        for channel in channels {
            if let wait = chart(
                data, scope: channel, metric: "mean_wait_min", title: "\(channel): mean wait (min)",
                compact: true)
            {
                charts.append(wait)
            }
            if let staff = chart(
                data, scope: channel, metric: "servers_on_duty", title: "\(channel): staff on duty",
                compact: true)
            {
                charts.append(staff)
            }
        }
        let columns = ["mean_wait_all_min", "abandon_rate", "utilization", "staff_hours", "overtime_hours"]
        var rows: [[String]] = []
        for policy in data.manifest.policies.map(\.name) {
            for channel in channels + ["command_centre", "grid"] {
                let matching = data.channelRows.filter { $0["policy"] == policy && $0["channel"] == channel }
                guard !matching.isEmpty else { continue }
                rows.append(
                    [policy, channel]
                        + columns.map { column in
                            let values = matching.compactMap { Double($0[column] ?? "") }
                            return values.isEmpty
                                ? "" : ReportCharts.number(values.reduce(0, +) / Double(values.count))
                        })
            }
        }
        guard !charts.isEmpty || !rows.isEmpty else { return "" }
        return "<h2>Channels and staffing</h2>" + ReportCharts.legend(data.manifest.policies.map(\.name))
            + "<div class=\"charts\">" + charts.joined() + "</div>"
            + "<p class=\"note\">Means over replications (channels.csv).</p>"
            + htmlTable(["policy", "channel"] + columns, rows)
    }

    static func htmlTable(_ header: [String], _ rows: [[String]], header show: Bool = true) -> String {
        var html = "<table>"
        if !show { html = "<table class=\"facts\">" }
        if show { html += "<tr>" + header.map { "<th>\(ReportCharts.escape($0))</th>" }.joined() + "</tr>" }
        for row in rows {
            html += "<tr>" + row.map { "<td>\(ReportCharts.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }
}
