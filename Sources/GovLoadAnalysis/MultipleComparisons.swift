import CGSL
import GovLoadSupport

/// Significance of paired differences, and Holm's correction for testing many at once.
public enum MultipleComparisons {
    /// The two-sided p-value of the paired t-test that the mean of `differences` is 0:
    /// t = mean / (s / √n) with n − 1 degrees of freedom, p = 2 · P(T > |t|) (`gsl_cdf_tdist_Q`).
    /// Nil with fewer than two differences. Differences with no spread are certain: p = 1 when
    /// they are all 0, else 0 (a policy that always costs the same amount more).
    public static func pairedPValue(_ differences: [Double]) -> Double? {
        let n = differences.count
        guard n > 1 else { return nil }
        let mean = differences.reduce(0, +) / Double(n)
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let standardError = (variance / Double(n)).squareRoot()
        guard standardError > 1e-12 * max(1, abs(mean)) else { return mean == 0 ? 1 : 0 }
        return min(1, 2 * gsl_cdf_tdist_Q(abs(mean) / standardError, Double(n - 1)))
    }

    /// Holm's step-down adjustment of `pValues` (Holm 1979, "A simple sequentially rejective
    /// multiple test procedure", Scand. J. Statist. 6): with the m p-values in increasing order
    /// p(1) ≤ … ≤ p(m), the adjusted p(i) is max over j ≤ i of min(1, (m − j + 1) · p(j)). Rejecting
    /// where the adjusted value is below α keeps the chance of any false rejection in the family
    /// at most α, whatever the dependence between the tests. Nil entries (no test) stay nil and
    /// are not counted in m; ties keep their input order.
    public static func holm(_ pValues: [Double?]) -> [Double?] {
        let tested = pValues.indices.compactMap { index in pValues[index].map { (index, $0) } }
        let order = tested.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var adjusted = pValues
        var running = 0.0
        for (rank, (index, p)) in order.enumerated() {
            running = max(running, min(1, Double(order.count - rank) * p))
            adjusted[index] = running
        }
        return adjusted
    }
}
