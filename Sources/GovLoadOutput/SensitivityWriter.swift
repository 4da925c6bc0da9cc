import GovLoadSupport

/// One value's sensitivity measures for one metric (a row of `sensitivity.csv`): Morris's μ*, μ
/// and σ, or Sobol's S1 and ST with their 95 % bootstrap half-widths.
public struct SensitivityRow: Sendable, Equatable {
    public var method: String
    public var metric: String
    public var parameter: String
    public var muStar: Double?
    public var mu: Double?
    public var sigma: Double?
    public var s1: Double?
    public var s1Conf: Double?
    public var st: Double?
    public var stConf: Double?
    /// Why the measures are empty, when they are.
    public var note = ""

    public init(method: String, metric: String, parameter: String) {
        self.method = method
        self.metric = metric
        self.parameter = parameter
    }
}

/// Writes `sensitivity.csv` (one row per metric and uncertain value) and `sensitivity_runs.csv`
/// (one row per design point: the values set and each metric's mean over the replications).
public enum SensitivityWriter {
    /// `sensitivity.csv` columns.
    public static let columns = [
        "method", "metric", "parameter", "mu_star", "mu", "sigma", "S1", "S1_conf", "ST", "ST_conf", "note",
    ]

    /// Writes `rows` to `sensitivity.csv` in `folder`, renamed into place when complete.
    public static func write(_ rows: [SensitivityRow], to folder: OutputFolder) throws(OutputError) {
        let csv = try CSVWriter(path: folder.file("sensitivity.csv"), columns: columns, ledger: folder.ledger)
        for row in rows {
            csv.field(row.method)
            csv.field(row.metric)
            csv.field(row.parameter)
            for value in [row.muStar, row.mu, row.sigma, row.s1, row.s1Conf, row.st, row.stConf] {
                if let value { csv.field(value) } else { csv.field("") }
            }
            csv.field(row.note)
            try csv.endRow()
        }
        try csv.commit()
    }

    /// Writes `sensitivity_runs.csv`: for each design point evaluated, its number, the values set
    /// (one column per parameter, as the scenario would say them) and each metric's mean over the
    /// replications (empty where the runs had none), to full precision (`exact`), so that shards
    /// merged give the same indices as one process.
    public static func writeRuns(
        parameters: [String], metrics: [String], rows: [(point: Int, values: [String], means: [Double])],
        to folder: OutputFolder
    ) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("sensitivity_runs.csv"), columns: ["point"] + parameters + metrics,
            ledger: folder.ledger)
        for row in rows {
            csv.field(row.point)
            for value in row.values { csv.field(value) }
            for mean in row.means { csv.field(exact(mean)) }
            try csv.endRow()
        }
        try csv.commit()
    }

    /// A number to full precision (Swift's shortest text that reads back as the same double);
    /// empty for NaN.
    public static func exact(_ value: Double) -> String { value.isNaN ? "" : "\(value)" }
}
