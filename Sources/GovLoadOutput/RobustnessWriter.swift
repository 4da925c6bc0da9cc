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

    /// Writes `robustness_runs.csv`: one row per draw and policy.
    public static func writeRuns(
        parameters: [String], values: [[String]], policies: [String], metrics: [String], means: [[[Double]]],
        to folder: OutputFolder
    ) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("robustness_runs.csv"), columns: ["draw"] + parameters + ["policy"] + metrics,
            ledger: folder.ledger)
        for (draw, (set, byPolicy)) in zip(values, means).enumerated() {
            for (policy, policyMeans) in zip(policies, byPolicy) {
                csv.field(draw)
                for value in set { csv.field(value) }
                csv.field(policy)
                for mean in policyMeans {
                    if mean.isNaN { csv.field("") } else { csv.field(mean) }
                }
                try csv.endRow()
            }
        }
        try csv.commit()
    }
}
