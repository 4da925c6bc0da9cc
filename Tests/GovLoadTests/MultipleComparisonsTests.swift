import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoadAnalysis
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadScenario

/// Paired t-test p-values and Holm's adjustment, against R (`t.test`, `p.adjust(method = "holm")`).
@Suite("Multiple comparisons")
struct MultipleComparisonsTests {
    @Test("paired p-values match the t distribution's tail")
    func pairedPValues() throws {
        // R: t.test(1:5)$p.value = 0.01324 (t = 4.243, 4 df). For (-1.2, 0.4, 0.9, -0.3), t = 0.1098
        // with 3 df: 2 × the density's integral beyond it (Simpson's rule) = 0.919527.
        let first = try #require(MultipleComparisons.pairedPValue([1, 2, 3, 4, 5]))
        #expect(abs(first - 0.013_236) < 5e-6)
        let second = try #require(MultipleComparisons.pairedPValue([-1.2, 0.4, 0.9, -0.3]))
        #expect(abs(second - 0.919_527) < 5e-6)
        #expect(MultipleComparisons.pairedPValue([3]) == nil)
        #expect(MultipleComparisons.pairedPValue([0, 0, 0]) == 1)
        #expect(MultipleComparisons.pairedPValue([2, 2, 2]) == 0)
    }

    @Test("Holm's adjustment matches R's p.adjust, skips untested rows and never decreases along the order")
    func holm() throws {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        let adjusted = MultipleComparisons.holm([0.01, nil, 0.04, 0.03, 0.005])
        let expected: [Double?] = [0.03, nil, 0.06, 0.06, 0.02]
        for (value, wanted) in zip(adjusted, expected) {
            if let wanted {
                #expect(abs((value ?? -1) - wanted) < 1e-12)
            } else {
                #expect(value == nil)
            }
        }
        // R: p.adjust(c(0.5, 0.2, 0.9), "holm") = 1.0 0.6 1.0
        let capped = MultipleComparisons.holm([0.5, 0.2, 0.9]).map { $0 ?? -1 }
        #expect(zip(capped, [1.0, 0.6, 1.0]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test("comparison.csv carries p_value and p_adjusted; the star means Holm-adjusted p < 0.05")
    func comparisonFile() throws {
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--replications", "3",
            "--horizon",
            "5d", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let table = try CSVTable(out, "comparison.csv")
        let rows = table.rows.filter { table.value($0, "policy") != table.value($0, "baseline") }
        #expect(!rows.isEmpty)
        let raw = rows.compactMap { Double(table.value($0, "p_value")) }
        let holm = MultipleComparisons.holm(raw.map { $0 })
        let written = rows.compactMap { Double(table.value($0, "p_adjusted")) }
        #expect(raw.count == written.count)
        #expect(zip(holm, written).allSatisfy { abs(($0 ?? -1) - $1) <= 1e-9 * max(1, $1) })
        let baselineRows = table.rows.filter { table.value($0, "policy") == table.value($0, "baseline") }
        #expect(baselineRows.allSatisfy { table.value($0, "p_value").isEmpty })
        #expect(result.stdout.contains("Holm-adjusted p < 0.05 over the \(raw.count) comparisons"))
    }
}
