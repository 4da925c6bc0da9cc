import Foundation
import GovLoadExperiment
import GovLoadModel
import GovLoadSupport

/// What `govload report` reads from a finished run's folder: the manifest, the paired
/// comparisons, the channels' rows, and the time series averaged over replications.
public struct ReportData: Sendable {
    /// One row of `comparison.csv`.
    public struct Comparison: Sendable {
        public var metric: String
        public var policy: String
        public var mean: Double
        public var diff: Double
        public var low: Double
        public var high: Double
        public var pAdjusted: Double?
    }

    /// A time series per policy: hours, and the mean over replications at each.
    public struct Series: Sendable {
        public var hours: [Double] = []
        public var byPolicy: [String: [Double]] = [:]
    }

    public var folder: String
    public var manifest: Manifest
    public var comparisons: [Comparison]
    /// `channels.csv`'s rows as name → value, in file order.
    public var channelRows: [[String: String]]
    /// By "scope/metric": `city/backlog`, `Futian/backlog`, `hotline/waiting`.
    public var series: [String: Series]
    /// Scopes in file order (the city, districts, then channels).
    public var scopes: [String]
    /// Extra tables the folder holds (`calibration.csv`, `robustness.csv`, `sensitivity.csv`).
    public var tables: [(name: String, header: [String], rows: [[String]])]

    /// Reads `folder`; a problem is bad input naming the file.
    public static func load(_ folder: String) throws(InputError) -> ReportData {
        let manifest = try Manifest.finished(in: folder)
        func path(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }
        if let study = manifest.study {
            // A sensitivity or robustness study: its table is the report.
            let name = study.kind == "robustness" ? "robustness.csv" : "sensitivity.csv"
            let extra = try table(path(name))
            return ReportData(
                folder: folder, manifest: manifest, comparisons: [], channelRows: [], series: [:], scopes: [],
                tables: [(name, extra.header, extra.rows.map { row in extra.header.map { row[$0] ?? "" } })])
        }
        let comparison = try table(path("comparison.csv"))
        let comparisons = comparison.rows.compactMap { row -> Comparison? in
            guard let mean = Double(row["mean"] ?? ""), let diff = Double(row["diff"] ?? ""),
                let low = Double(row["diff_ci_low"] ?? ""), let high = Double(row["diff_ci_high"] ?? "")
            else { return nil }
            return Comparison(
                metric: row["metric"] ?? "", policy: row["policy"] ?? "", mean: mean, diff: diff, low: low,
                high: high, pAdjusted: Double(row["p_adjusted"] ?? ""))
        }
        let channels = try table(path("channels.csv")).rows
        var (series, scopes) = ([String: Series](), [String]())
        let timeseries = path("timeseries.csv")
        if FileManager.default.fileExists(atPath: timeseries) {
            (series, scopes) = try readSeries(timeseries)
        }
        var tables: [(String, [String], [[String]])] = []
        for name in ["calibration.csv"] where FileManager.default.fileExists(atPath: path(name)) {
            let extra = try table(path(name))
            tables.append((name, extra.header, extra.rows.map { row in extra.header.map { row[$0] ?? "" } }))
        }
        return ReportData(
            folder: folder, manifest: manifest, comparisons: comparisons, channelRows: channels,
            series: series,
            scopes: scopes, tables: tables)
    }

    /// A whole CSV file as rows of name → value.
    static func table(_ path: String) throws(InputError) -> (header: [String], rows: [[String: String]]) {
        guard let reader = CSVReader(path: path) else {
            throw InputError(Diagnostic(.file(path), "is missing or cannot be read"))
        }
        do throws(CSVReader.Problem) {
            guard let header = try reader.next()?.fields else { return ([], []) }
            var rows: [[String: String]] = []
            while let record = try reader.next() {
                rows.append(Dictionary(zip(header, record.fields), uniquingKeysWith: { a, _ in a }))
            }
            return (header, rows)
        } catch {
            throw InputError(
                Diagnostic(at: SourceLocation(file: path, line: error.line, column: 1), error.message))
        }
    }

    /// `timeseries.csv` streamed: for every scope and metric, each policy's mean over replications
    /// at each reporting time (the first sweep point's when there is a sweep).
    static func readSeries(_ path: String) throws(InputError) -> ([String: Series], [String]) {
        guard let reader = CSVReader(path: path) else {
            throw InputError(Diagnostic(.file(path), "is missing or cannot be read"))
        }
        var sums: [String: [String: [Double: (Double, Int)]]] = [:]
        var scopes: [String] = []
        do throws(CSVReader.Problem) {
            guard let header = try reader.next()?.fields,
                let policy = header.firstIndex(of: "policy"), let time = header.firstIndex(of: "time_h"),
                let scope = header.firstIndex(of: "scope"), let metric = header.firstIndex(of: "metric"),
                let value = header.firstIndex(of: "value")
            else { throw CSVReader.Problem(line: 1, message: "is not a GovLoad timeseries.csv") }
            var firstPoint: [String]?
            while let record = try reader.next() {
                let fields = record.fields
                guard fields.count == header.count, let hours = Double(fields[time]),
                    let number = Double(fields[value])
                else { continue }
                // With a sweep, the first point's rows only (its values follow the seven columns).
                let point = fields.count > 7 ? Array(fields[7...]) : []
                if firstPoint == nil { firstPoint = point }
                guard point == firstPoint else { continue }
                if !scopes.contains(fields[scope]) { scopes.append(fields[scope]) }
                let key = fields[scope] + "/" + fields[metric]
                let sum = sums[key, default: [:]][fields[policy], default: [:]][hours] ?? (0, 0)
                sums[key, default: [:]][fields[policy], default: [:]][hours] = (sum.0 + number, sum.1 + 1)
            }
        } catch {
            throw InputError(
                Diagnostic(at: SourceLocation(file: path, line: error.line, column: 1), error.message))
        }
        var series: [String: Series] = [:]
        for (key, byPolicy) in sums {
            let hours = Array(Set(byPolicy.values.flatMap(\.keys))).sorted()
            var entry = Series(hours: hours)
            for (policy, points) in byPolicy {
                entry.byPolicy[policy] = hours.map { hour in points[hour].map { $0.0 / Double($0.1) } ?? .nan
                }
            }
            series[key] = entry
        }
        return (series, scopes)
    }
}
