import Foundation
import GovLoadTestSupport
import Testing

/// Results that do not hang on `--scale`: the Shenzhen baseline's on-time and closure rates at two
/// small scales within 10 % of each other, and square-root staffing (`city.staffing_beta`)
/// narrowing the hotline's abandonment gap that linear scaling opens (docs/model.md §9).
@Suite("Scale consistency", .serialized, .tags(.slow))
struct ScaleConsistencyTests {
    struct Outcome {
        var abandonment: Double
        var onTime: Double
        var closure: Double
    }

    static func run(_ scenario: String, scale: String) throws -> Outcome {
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "run", scenario, "--scale", scale, "--replications", "2", "--horizon", "16d", "--policy",
            "baseline",
            "--out", out, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let channels = try CSVTable(out, "channels.csv").rows(where: "channel", is: "hotline")
        let summary = try CSVTable(out, "summary.csv")
        let table = try CSVTable(out, "channels.csv")
        func mean(_ values: [String]) -> Double {
            values.compactMap(Double.init).reduce(0, +) / Double(max(1, values.count))
        }
        return Outcome(
            abandonment: mean(channels.map { table.value($0, "abandon_rate") }),
            onTime: mean(summary.column("on_time_rate")), closure: mean(summary.column("closure_rate")))
    }

    @Test(
        "on-time and closure rates at 3 % and 15 % of Shenzhen within 10 %; the square-root rule narrows the abandonment gap"
    )
    func smallScales() throws {
        let baseline = TestSupport.path("scenarios/shenzhen-baseline.yaml")
        let small = try Self.run(baseline, scale: "0.03")
        let larger = try Self.run(baseline, scale: "0.15")
        #expect(abs(small.onTime / larger.onTime - 1) < 0.1)
        #expect(abs(small.closure / larger.closure - 1) < 0.1)
        let linear = try TestSupport.writeTemporary(
            "extends: \(baseline)\ncity:\n  staffing_beta: 0\n", name: "linear.yaml")
        let linearSmall = try Self.run(linear, scale: "0.03")
        let linearLarger = try Self.run(linear, scale: "0.15")
        let rootGap = abs(log(small.abandonment / larger.abandonment))
        let linearGap = abs(log(linearSmall.abandonment / linearLarger.abandonment))
        #expect(rootGap < linearGap, "square-root gap \(rootGap), linear gap \(linearGap)")
    }
}
