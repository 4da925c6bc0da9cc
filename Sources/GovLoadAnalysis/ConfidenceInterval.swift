import CGSL
import GovLoadSupport

/// A mean with its Student-t confidence interval across replications.
public struct ConfidenceInterval: Sendable, Equatable {
    /// The sample mean.
    public var mean: Double
    /// Half the interval's width (0 with fewer than two values).
    public var halfWidth: Double
    /// The number of values.
    public var count: Int

    /// The lower end.
    public var low: Double { mean - halfWidth }
    /// The upper end.
    public var high: Double { mean + halfWidth }

    /// The `level` (e.g. 0.95) Student-t interval for the mean of `values`:
    /// mean ± t(1 − (1 − level)/2; n − 1) · s / √n, with `gsl_cdf_tdist_Pinv`.
    public init(_ values: [Double], level: Double = 0.95) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            halfWidth = 0
            return
        }
        let average = values.reduce(0, +) / Double(values.count)
        mean = average
        guard values.count > 1 else {
            halfWidth = 0
            return
        }
        let variance = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count - 1)
        let t = cgsl_tdist_pinv(1 - (1 - level) / 2, Double(values.count - 1))
        halfWidth = t * (variance / Double(values.count)).squareRoot()
    }

    /// Whether `value` lies in the interval.
    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}
