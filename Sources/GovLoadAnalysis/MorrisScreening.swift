import CGSL
import GovLoadSupport

/// Morris's elementary-effects screening (Morris 1991, "Factorial sampling plans for preliminary
/// computational experiments", Technometrics 33), with μ* = mean |effect| (Campolongo, Cariboni &
/// Saltelli 2007): r trajectories through the unit cube, each changing one factor at a time by
/// Δ, so r(k + 1) evaluations rank k factors. A factor with a small μ* barely matters; a large σ
/// says its effect depends on where the others are (non-linear or interacting).
public enum MorrisScreening {
    /// The points to evaluate, in the unit cube, and what each step of a trajectory changed.
    public struct Design: Sendable, Equatable {
        /// Factors.
        public var factors: Int
        /// Trajectories.
        public var trajectories: Int
        /// The step, in unit-cube terms: p / (2(p − 1)) for p levels.
        public var delta: Double
        /// The r(k + 1) points, trajectory by trajectory, each a vector of k values in [0, 1].
        public var points: [[Double]]
        /// For trajectory t and step j (1…k), the factor step j changed: `changed[t][j − 1]`.
        public var changed: [[Int]]
    }

    /// One factor's screening measures over the trajectories.
    public struct Effect: Sendable, Equatable {
        /// The mean of the absolute elementary effects.
        public var muStar: Double
        /// The mean of the elementary effects (signed).
        public var mu: Double
        /// Their standard deviation.
        public var sigma: Double
    }

    /// A design of `trajectories` trajectories over `factors` factors on a grid of `levels`
    /// levels (even; 4 is usual), seeded with `seed`. Each trajectory starts at a random grid
    /// point and moves every factor once, in a random order, up or down by Δ.
    public static func design(factors: Int, trajectories: Int, levels: Int = 4, seed: UInt64) -> Design {
        precondition(factors >= 1 && trajectories >= 2 && levels >= 2 && levels % 2 == 0)
        let random = DesignGenerator(seed: seed)
        let step = 1 / Double(levels - 1)
        let delta = Double(levels) / (2 * Double(levels - 1))
        // Starting levels from which a move by Δ stays in [0, 1], in grid steps: 0…p/2 − 1 going
        // up; p/2…p − 1 going down.
        let half = levels / 2
        var points: [[Double]] = []
        var changed: [[Int]] = []
        for _ in 0..<trajectories {
            let up = (0..<factors).map { _ in random.uniform() < 0.5 }
            var point = up.map { rising in
                Double(random.index(below: half) + (rising ? 0 : half)) * step
            }
            points.append(point)
            let order = random.permutation(factors)
            for factor in order {
                point[factor] += up[factor] ? delta : -delta
                points.append(point)
            }
            changed.append(order)
        }
        return Design(
            factors: factors, trajectories: trajectories, delta: delta, points: points, changed: changed)
    }

    /// Each factor's μ*, μ and σ from `outputs`, the model's value at each of the design's points
    /// in order. The elementary effect of the factor changed at a step is the output's change over
    /// the factor's change (±Δ, in unit-cube terms).
    public static func effects(_ design: Design, outputs: [Double]) -> [Effect] {
        precondition(outputs.count == design.points.count)
        var elementary = Array(repeating: [Double](), count: design.factors)
        for trajectory in 0..<design.trajectories {
            let start = trajectory * (design.factors + 1)
            for (step, factor) in design.changed[trajectory].enumerated() {
                let before = start + step
                let move = design.points[before + 1][factor] - design.points[before][factor]
                elementary[factor].append((outputs[before + 1] - outputs[before]) / move)
            }
        }
        return elementary.map { effects in
            let n = Double(effects.count)
            let mu = effects.reduce(0, +) / n
            let muStar = effects.reduce(0) { $0 + abs($1) } / n
            let variance = effects.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / max(1, n - 1)
            return Effect(muStar: muStar, mu: mu, sigma: variance.squareRoot())
        }
    }
}
