import GovLoadSupport

/// Writes `robustness.csv` (per policy and metric: draws, the share the policy beats the
/// baseline, quantiles of the paired difference) and `robustness_runs.csv` (per draw and policy:
/// the values drawn and each metric's mean over the replications).
public enum RobustnessWriter {
    /// `robustness.csv` columns.
    public static let columns = [
        "policy", "metric", "samples", "win_share", "diff_q05", "diff_median", "diff_q95",
    ]

    /// The rows, as `policy, metric, samples, win_share` and the difference's quantiles.
    public static func write(
        _ rows: [(
            policy: String, metric: String, samples: Int, winShare: Double?, q05: Double, median: Double,
            q95: Double
        )], to folder: OutputFolder
    ) throws(OutputError) {
        let csv = try CSVWriter(path: folder.file("robustness.csv"), columns: columns, ledger: folder.ledger)
        for row in rows {
            csv.field(row.policy)
            csv.field(row.metric)
            csv.field(row.samples)
            if let share = row.winShare { csv.field(share) } else { csv.field("") }
            csv.field(row.q05)
            csv.field(row.median)
            csv.field(row.q95)
            try csv.endRow()
        }
        try csv.commit()
    }

    /// Writes `robustness_runs.csv`: one row per draw evaluated and policy, the means to full
    /// precision (as `sensitivity_runs.csv`).
    public static func writeRuns(
        parameters: [String], policies: [String], metrics: [String],
        rows: [(draw: Int, values: [String], means: [[Double]])], to folder: OutputFolder
    ) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("robustness_runs.csv"), columns: ["draw"] + parameters + ["policy"] + metrics,
            ledger: folder.ledger)
        for row in rows {
            for (policy, policyMeans) in zip(policies, row.means) {
                csv.field(row.draw)
                for value in row.values { csv.field(value) }
                csv.field(policy)
                for mean in policyMeans { csv.field(SensitivityWriter.exact(mean)) }
                try csv.endRow()
            }
        }
        try csv.commit()
    }
}
