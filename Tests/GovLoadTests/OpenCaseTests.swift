import Foundation
import GovLoadTestSupport
import Testing

/// Open cases at the end as censored: `late_open` counts those already past their SLA, and
/// `on_time_rate_known` counts them as late and leaves the rest out (docs/results.md).
@Suite("Open cases")
struct OpenCaseTests {
    @Test(
        "late_open is the open cases of cases.csv filed longer ago than their SLA; the known rate counts them late"
    )
    func lateOpen() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--out", out, "--policy",
            "baseline",
            "--horizon", "9d", "--replications", "1", "--cases", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let slaHours = ["service": 72.0, "appeal": 168, "dispute": 360, "hazard": 24, "emergency": 2]
        let cases = try CSVTable(out, "cases.csv")
        let late = cases.rows(where: "status", is: "open").filter { row in
            guard let reported = Double(cases.value(row, "reported_h")),
                let sla = slaHours[cases.value(row, "case_type")]
            else { return false }
            return 9 * 24 - reported > sla
        }
        let summary = try CSVTable(out, "summary.csv")
        let row = try #require(summary.rows.first)
        #expect(Int(summary.value(row, "late_open")) == late.count)
        let closed = Double(summary.value(row, "cases_closed")) ?? 0
        let onTime = (Double(summary.value(row, "on_time_rate")) ?? 0) * closed
        let known = Double(summary.value(row, "on_time_rate_known")) ?? -1
        #expect(abs(known - onTime / (closed + Double(late.count))) < 1e-9)
        #expect(known <= (Double(summary.value(row, "on_time_rate")) ?? 0))
    }

    @Test(
        "dispatch_min_urgent and dispatch_min_other are the closed cases' report-to-first-dispatch minutes in cases.csv"
    )
    func dispatchByPriority() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--out", out, "--policy",
            "baseline",
            "--horizon", "9d", "--replications", "1", "--cases", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let cases = try CSVTable(out, "cases.csv")
        var urgent: [Double] = []
        var other: [Double] = []
        for row in cases.rows(where: "status", is: "closed") {
            guard let dispatched = Double(cases.value(row, "dispatched_h")),
                let reported = Double(cases.value(row, "reported_h"))
            else { continue }
            let isUrgent =
                cases.value(row, "case_type") == "emergency" || cases.value(row, "escalated") == "1"
            if isUrgent {
                urgent.append((dispatched - reported) * 60)
            } else {
                other.append((dispatched - reported) * 60)
            }
        }
        let summary = try CSVTable(out, "summary.csv")
        let row = try #require(summary.rows.first)
        #expect(!urgent.isEmpty && !other.isEmpty)
        let urgentMean = urgent.reduce(0, +) / Double(urgent.count)
        let otherMean = other.reduce(0, +) / Double(other.count)
        #expect(
            abs((Double(summary.value(row, "dispatch_min_urgent")) ?? -1) - urgentMean) < 1e-3
                * max(1, urgentMean))
        #expect(
            abs((Double(summary.value(row, "dispatch_min_other")) ?? -1) - otherMean) < 1e-3
                * max(1, otherMean))
    }
}
