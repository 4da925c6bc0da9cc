import GovLoadSupport

/// How sure a figure is (`FACTS.md`): stated by a source, by a weak source, unconfirmed, or our
/// inference.
public enum SourceQuality: String, Sendable, Codable, CaseIterable {
    /// Stated by the source.
    case stated = "S"
    /// Stated by a weak source.
    case weak = "S-low"
    /// Unconfirmed.
    case unconfirmed = "U"
    /// Our inference.
    case inferred = "I"
}

/// One figure from the world that a scenario's outputs should reproduce: a metric (named as in
/// `comparison.csv`, or one of the calibration metrics), the figure, how far off still counts as
/// reproduced, and where the figure comes from.
public struct CalibrationTarget: Sendable, Equatable {
    /// The target's name (`hotline_contacts_per_day`).
    public var name: String
    /// The metric it is held against (`hotline.offered_per_day`).
    public var metric: String
    /// The figure.
    public var value: Double
    /// The largest relative difference that still counts as within (0.2 for ±20 %).
    public var tolerance: Double
    /// Where the figure comes from.
    public var source: String
    /// How sure the figure is.
    public var quality: SourceQuality
    /// When the model cannot reach the figure: the mechanism it lacks. A miss with no such note
    /// is a miss to fix.
    public var missing: String?
    /// How much the target counts in a fit (1 unless said).
    public var weight: Double

    /// Declares a target.
    public init(
        name: String, metric: String, value: Double, tolerance: Double, source: String,
        quality: SourceQuality, missing: String? = nil, weight: Double = 1
    ) {
        self.name = name
        self.metric = metric
        self.value = value
        self.tolerance = tolerance
        self.source = source
        self.quality = quality
        self.missing = missing
        self.weight = weight
    }
}

/// A target held against a scenario's replications: the simulated mean with its 95 % interval.
public struct CalibrationRow: Sendable, Equatable {
    /// The target.
    public var target: CalibrationTarget
    /// The metric across replications (nil when no replication gave it: nothing of the kind
    /// happened).
    public var simulated: ConfidenceInterval?

    /// Holds `target` against the metric's values, one per replication.
    public init(target: CalibrationTarget, values: [Double]) {
        self.target = target
        simulated = values.isEmpty ? nil : ConfidenceInterval(values)
    }

    /// The simulated mean over the target's figure (nil without a value, or for a figure of 0).
    public var ratio: Double? {
        guard let simulated, target.value != 0 else { return nil }
        return simulated.mean / target.value
    }

    /// The relative difference, (simulated − target) / |target|; for a figure of 0, the
    /// absolute difference.
    public var relativeError: Double? {
        guard let simulated else { return nil }
        let difference = simulated.mean - target.value
        return target.value == 0 ? difference : difference / abs(target.value)
    }

    /// Whether the simulated mean lies within the tolerance of the figure.
    public var within: Bool {
        guard let error = relativeError else { return false }
        return abs(error) <= target.tolerance
    }

    /// What the row says when it misses: the missing mechanism, or that the miss is unexplained.
    public var note: String {
        if simulated == nil { return "the run gave no value: nothing of the kind happened" }
        if within { return "" }
        return target.missing.map { "mechanism missing: \($0)" } ?? "miss unexplained"
    }
}

/// The loss a fit minimises: the weighted mean of squared relative errors over the targets,
/// each capped so that one wild metric cannot swamp the others.
public enum CalibrationLoss {
    /// The largest squared relative error one target may contribute.
    public static let cap = 100.0

    /// The weighted mean of min(cap, relative error²); a target without a value counts as capped.
    public static func value(_ rows: [CalibrationRow]) -> Double {
        var sum = 0.0
        var weights = 0.0
        for row in rows {
            let error = row.relativeError.map { min(cap, $0 * $0) } ?? cap
            sum += row.target.weight * error
            weights += row.target.weight
        }
        return weights > 0 ? sum / weights : 0
    }
}
