import Foundation
import Testing

@testable import GovLoadAnalysis

/// The sensitivity estimators against analytic indices: the Ishigami function (Ishigami & Homma
/// 1990), f = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 on [−π, π]³, has S1 = (0.3139, 0.4424, 0) and
/// ST = (0.5576, 0.4424, 0.2437) (a = 7, b = 0.1; Saltelli et al. 2008, Global Sensitivity
/// Analysis: The Primer, §4.9).
@Suite("Sensitivity estimators")
struct SensitivityEstimatorTests {
    /// Ishigami at a unit-cube point (factors scaled to [−π, π]); a fourth factor, if present,
    /// does not enter.
    static func ishigami(_ unit: [Double]) -> Double {
        let x = unit.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    @Test("Sobol indices of the Ishigami function: S1 and ST within their intervals of the analytic values")
    func ishigamiSobol() throws {
        let design = SobolIndices.design(factors: 3, samples: 8_192)
        #expect(design.points.count == 8_192 * 5)
        let indices = SobolIndices.indices(
            design, outputs: design.points.map(Self.ishigami), resamples: 500, seed: 3)
        let s1 = [0.3139, 0.4424, 0.0]
        let st = [0.5576, 0.4424, 0.2437]
        for factor in 0..<3 {
            let index = indices[factor]
            // The interval, widened by a third for the analytic values' rounding, holds the truth;
            // and it is narrow enough to say something.
            #expect(
                abs(index.s1 - s1[factor]) <= max(1.34 * index.s1Conf, 0.005),
                "S1[\(factor)] \(index.s1) ± \(index.s1Conf)")
            #expect(
                abs(index.st - st[factor]) <= max(1.34 * index.stConf, 0.005),
                "ST[\(factor)] \(index.st) ± \(index.stConf)")
            #expect(index.s1Conf < 0.05 && index.stConf < 0.05)
        }
    }

    @Test(
        "Morris on Ishigami with an inert fourth factor: its μ* and σ are 0; x1 and x2 matter, x3 through x1")
    func ishigamiMorris() throws {
        let design = MorrisScreening.design(factors: 4, trajectories: 40, levels: 4, seed: 11)
        #expect(design.points.count == 40 * 5)
        // Every step moves one factor by ±Δ and nothing else.
        for trajectory in 0..<40 {
            for (step, factor) in design.changed[trajectory].enumerated() {
                let before = design.points[trajectory * 5 + step]
                let after = design.points[trajectory * 5 + step + 1]
                #expect(abs(abs(after[factor] - before[factor]) - design.delta) < 1e-12)
                #expect((0..<4).allSatisfy { $0 == factor || after[$0] == before[$0] })
                #expect(after.allSatisfy { $0 >= -1e-12 && $0 <= 1 + 1e-12 })
            }
        }
        let effects = MorrisScreening.effects(design, outputs: design.points.map(Self.ishigami))
        #expect(effects[3].muStar == 0 && effects[3].sigma == 0)
        #expect(effects[0].muStar > 1 && effects[1].muStar > 1 && effects[2].muStar > 1)
        // x3 acts only with x1 (0.1 x3⁴ sin x1): its effect changes sign with x1, so σ is large.
        #expect(effects[2].sigma > effects[2].muStar / 2)
    }

    @Test("designs are fixed by their seed")
    func reproducible() {
        let first = MorrisScreening.design(factors: 5, trajectories: 10, seed: 7)
        #expect(first == MorrisScreening.design(factors: 5, trajectories: 10, seed: 7))
        #expect(first != MorrisScreening.design(factors: 5, trajectories: 10, seed: 8))
        #expect(SobolIndices.design(factors: 4, samples: 64) == SobolIndices.design(factors: 4, samples: 64))
    }
}
