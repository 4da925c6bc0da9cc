import GovLoadSupport

/// The MSER-5 truncation rule for choosing a warm-up (White, "An effective truncation heuristic
/// for bias reduction in simulation output", Simulation 69(6), 1997; Franklin & White 2008):
/// average the output series in batches of 5, and delete the number of leading batches d that
/// minimises the marginal standard error of what remains,
/// MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k − d)², over d < k/2.
public enum MSER {
    /// The batch size of MSER-5.
    public static let batchSize = 5

    /// How many leading observations of `series` to delete (a multiple of 5; 0 for a series too
    /// short to judge, under 10 batches).
    public static func truncation(_ series: [Double]) -> Int {
        let batches = series.count / batchSize
        guard batches >= 10 else { return 0 }
        let means = (0..<batches).map { batch in
            series[(batch * batchSize)..<((batch + 1) * batchSize)].reduce(0, +) / Double(batchSize)
        }
        // Suffix sums give each candidate's mean and spread in O(k).
        var suffixSum = [Double](repeating: 0, count: batches + 1)
        var suffixSquares = [Double](repeating: 0, count: batches + 1)
        for j in stride(from: batches - 1, through: 0, by: -1) {
            suffixSum[j] = suffixSum[j + 1] + means[j]
            suffixSquares[j] = suffixSquares[j + 1] + means[j] * means[j]
        }
        var best = 0
        var bestValue = Double.infinity
        for d in 0..<(batches / 2) {
            let remaining = Double(batches - d)
            let mean = suffixSum[d] / remaining
            let squares = max(0, suffixSquares[d] - remaining * mean * mean)
            let value = squares / (remaining * remaining)
            if value < bestValue {
                bestValue = value
                best = d
            }
        }
        return best * batchSize
    }
}
