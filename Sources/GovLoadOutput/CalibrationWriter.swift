import GovLoadAnalysis
import GovLoadSupport

/// Writes `calibration.csv`: one row per target, the figure against the simulated mean and its
/// 95 % interval, whether it is within the tolerance, and what a miss means.
public enum CalibrationWriter {
    /// `calibration.csv` columns.
    public static let columns = [
        "target", "metric", "source", "quality", "target_value", "tolerance", "simulated", "ci_low",
        "ci_high",
        "replications", "ratio", "within", "note",
    ]

    /// Writes `rows` to `calibration.csv` in `folder`, renamed into place when complete.
    public static func write(_ rows: [CalibrationRow], to folder: OutputFolder) throws(OutputError) {
        let csv = try CSVWriter(path: folder.file("calibration.csv"), columns: columns, ledger: folder.ledger)
        for row in rows {
            let target = row.target
            csv.field(target.name)
            csv.field(target.metric)
            csv.field(target.source)
            csv.field(target.quality.rawValue)
            csv.field(target.value)
            csv.field(target.tolerance)
            if let simulated = row.simulated {
                csv.field(simulated.mean)
                csv.field(simulated.low)
                csv.field(simulated.high)
                csv.field(simulated.count)
            } else {
                for _ in 0..<3 { csv.field("") }
                csv.field(0)
            }
            if let ratio = row.ratio { csv.field(ratio) } else { csv.field("") }
            csv.field(row.within ? "yes" : "no")
            csv.field(row.note)
            try csv.endRow()
        }
        try csv.commit()
    }
}
