import CGSL
import GovLoadSupport

/// Variance-based sensitivity indices (Sobol' 1993): the first-order index S1 (the share of the
/// output's variance a factor explains alone) and the total index ST (its share with every
/// interaction it takes part in), by Saltelli's sampling scheme and estimators (Saltelli et al.
/// 2010, "Variance based sensitivity analysis of model output", Comput. Phys. Commun. 181: S1 by
/// their eq. (b) on centred outputs, ST by Jansen's), with bootstrap intervals. N(k + 2) evaluations for k factors.
public enum SobolIndices {
    /// The most factors: the design needs 2k dimensions of GSL's Sobol sequence, which has 40.
    public static let maxFactors = 20

    /// The points to evaluate, in the unit cube: the N rows of A, the N rows of B, then for each
    /// factor i the N rows of A with column i taken from B.
    public struct Design: Sendable, Equatable {
        /// Factors.
        public var factors: Int
        /// Base samples N.
        public var samples: Int
        /// The N(k + 2) points, each a vector of k values in [0, 1).
        public var points: [[Double]]
    }

    /// One factor's indices and the half-widths of their 95 % bootstrap intervals.
    public struct Index: Sendable, Equatable {
        public var s1: Double
        public var s1Conf: Double
        public var st: Double
        public var stConf: Double
    }

    /// The design for `factors` factors and `samples` base samples: A and B are the two halves of
    /// the first `samples` points of the 2k-dimensional Sobol sequence (`gsl_qrng_sobol`), after
    /// its first point (all zeros).
    public static func design(factors: Int, samples: Int) -> Design {
        precondition(factors >= 1 && factors <= maxFactors && samples >= 2)
        guard let generator = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(2 * factors)) else {
            fatalError("out of memory allocating a quasi-random generator")
        }
        defer { gsl_qrng_free(generator) }
        var buffer = [Double](repeating: 0, count: 2 * factors)
        gsl_qrng_get(generator, &buffer)
        var a: [[Double]] = []
        var b: [[Double]] = []
        for _ in 0..<samples {
            gsl_qrng_get(generator, &buffer)
            a.append(Array(buffer[0..<factors]))
            b.append(Array(buffer[factors...]))
        }
        var points = a + b
        for factor in 0..<factors {
            for row in 0..<samples {
                var mixed = a[row]
                mixed[factor] = b[row][factor]
                points.append(mixed)
            }
        }
        return Design(factors: factors, samples: samples, points: points)
    }

    /// Each factor's S1 and ST from `outputs` (the model at each design point, in order), with
    /// intervals from `resamples` bootstrap resamples of the N rows (seeded with `seed`):
    /// ±1.96 × the bootstrap standard deviation.
    public static func indices(_ design: Design, outputs: [Double], resamples: Int = 1_000, seed: UInt64 = 1)
        -> [Index]
    {
        precondition(outputs.count == design.samples * (design.factors + 2))
        let n = design.samples
        let fA = Array(outputs[0..<n])
        let fB = Array(outputs[n..<2 * n])
        let all = Array(0..<n)
        let random = DesignGenerator(seed: seed)
        let draws = (0..<resamples).map { _ in (0..<n).map { _ in random.index(below: n) } }
        return (0..<design.factors).map { factor in
            let fAB = Array(outputs[(2 + factor) * n..<(3 + factor) * n])
            let estimate = estimates(fA, fB, fAB, rows: all)
            let boot = draws.map { estimates(fA, fB, fAB, rows: $0) }
            return Index(
                s1: estimate.s1, s1Conf: 1.96 * deviation(boot.map(\.s1)), st: estimate.st,
                stConf: 1.96 * deviation(boot.map(\.st)))
        }
    }

    /// S1 and ST of one factor over the chosen rows.
    static func estimates(_ fA: [Double], _ fB: [Double], _ fAB: [Double], rows: [Int]) -> (
        s1: Double, st: Double
    ) {
        let n = Double(rows.count)
        let values = rows.map { fA[$0] } + rows.map { fB[$0] }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        guard variance > 0 else { return (0, 0) }
        var first = 0.0
        var total = 0.0
        // Centring f(B) on the outputs' mean leaves the estimator's expectation alone (f(A_B) − f(A)
        // has mean 0) and removes the variance the mean would add (as SALib standardises Y).
        for row in rows {
            first += (fB[row] - mean) * (fAB[row] - fA[row])
            total += (fA[row] - fAB[row]) * (fA[row] - fAB[row])
        }
        return (first / n / variance, total / (2 * n) / variance)
    }

    /// The sample standard deviation.
    static func deviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }
}
