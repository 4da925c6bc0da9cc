import CGSL
import Foundation
import GovLoadEngine
import GovLoadSupport

/// A non-negative duration distribution, as written in scenario files
/// (`{dist: gamma, mean: 12m, cv: 0.5}`). All parameters are in seconds.
///
/// Gamma and lognormal are parameterised by mean and coefficient of variation (standard deviation
/// over mean), the form in which service-time studies report them.
public enum Distribution: Sendable, Equatable, Codable {
    /// Exponential with the given mean (seconds).
    case exponential(mean: Double)
    /// Gamma with the given mean (seconds) and coefficient of variation (> 0).
    case gamma(mean: Double, cv: Double)
    /// Lognormal with the given mean (seconds) and coefficient of variation (> 0).
    case lognormal(mean: Double, cv: Double)
    /// Always the given value (seconds).
    case fixed(Double)
    /// Uniform between `min` and `max` (seconds).
    case uniform(min: Double, max: Double)

    /// The distribution's mean, in seconds.
    public var mean: Double {
        switch self {
        case .exponential(let mean), .gamma(let mean, _), .lognormal(let mean, _): mean
        case .fixed(let value): value
        case .uniform(let low, let high): (low + high) / 2
        }
    }

    /// The coefficient of variation (standard deviation / mean); 0 for a zero mean.
    public var cv: Double {
        switch self {
        case .exponential: 1
        case .gamma(_, let cv), .lognormal(_, let cv): cv
        case .fixed: 0
        case .uniform(let low, let high):
            (low + high) > 0 ? (high - low) / (3.0.squareRoot() * (low + high)) : 0
        }
    }

    /// Draws one value (seconds) from `stream` with GSL's samplers.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sample(stream.rng) }

    /// Draws one value (seconds) from a raw generator (the hot path, free of reference counting).
    @inlinable
    public func sample(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        switch self {
        case .exponential(let mean):
            return RandomStream.exponential(rng, mean: mean)
        case .gamma(let mean, let cv):
            // shape k = 1/cv², scale θ = mean·cv²
            let shape = 1 / (cv * cv)
            return gsl_ran_gamma(rng, shape, mean / shape)
        case .lognormal(let mean, let cv):
            // σ² = ln(1 + cv²), μ = ln(mean) − σ²/2
            let variance = Foundation.log(1 + cv * cv)
            return gsl_ran_lognormal(rng, Foundation.log(mean) - variance / 2, variance.squareRoot())
        case .fixed(let value):
            return value
        case .uniform(let low, let high):
            return gsl_ran_flat(rng, low, high)
        }
    }
}
