import CGSL
import GovLoadSupport

/// A seeded GSL Mersenne Twister (`gsl_rng_mt19937`) for experimental designs and bootstrap
/// resampling: the same seed gives the same design on every machine.
public final class DesignGenerator {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// A generator seeded with `seed` (GSL's `gsl_rng_set`).
    public init(seed: UInt64) {
        guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            // gsl_rng_alloc fails only when malloc does: nothing sensible is left to do.
            fatalError("out of memory allocating a random number generator")
        }
        self.rng = rng
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    /// A whole number in 0..<`bound` (bound ≥ 1).
    public func index(below bound: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(bound))) }

    /// A uniform number in [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// The numbers 0..<`count` in a random order (Fisher–Yates).
    public func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, self.index(below: index + 1))
        }
        return order
    }
}
