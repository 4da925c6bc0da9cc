import GovLoadAnalysis
import GovLoadModel

/// Holding a scenario's runs against calibration targets.
public enum CalibrationEvaluation {
    /// Each target against its metric's values over `runs` (one per run that gave the metric), in
    /// the targets' order.
    public static func rows(_ targets: [CalibrationTarget], runs: [ReplicationResult]) -> [CalibrationRow] {
        let values = runs.map { run in
            Dictionary(
                MetricCatalogue.calibrationValues(of: run).map { ($0.name, $0.value) },
                uniquingKeysWith: { first, _ in first })
        }
        return targets.map { target in
            CalibrationRow(target: target, values: values.compactMap { $0[target.metric] })
        }
    }
}
