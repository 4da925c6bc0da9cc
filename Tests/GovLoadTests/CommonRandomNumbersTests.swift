import Foundation
import GovLoadTestSupport
import Testing

/// Common random numbers that hold: every policy meets the same outside demand — the same needs
/// from the same residents at the same moments, the same hazards at the same sites — so that a
/// paired difference is the policy's doing (issue 17).
@Suite("Common random numbers", .tags(.slow))
struct CommonRandomNumbersTests {
    /// Each policy's cases from `cases.csv`: needs (every case a resident raised first, not a
    /// repeat report) and hazards, as sortable keys of when, who or where, and what.
    static func cases(typhoon: Bool) throws -> (needs: [String: [String]], hazards: [String: [String]]) {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        var text = "extends: \(city)\nname: crn-city\nhorizon: 10d\nwarmup: 1d\n"
        if typhoon {
            text += """
                shocks:
                  - {name: storm, kind: typhoon, start: 4d, duration: 2d, warning: 1d, demand: {appeal: 3},
                     hazard_factor: 5, burst: {hazards: 400, emergencies: 50}, escalation: 20%,
                     grid_diversion: 50%}

                """
        }
        let scenario = try TestSupport.writeTemporary(text)
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", scenario, "--replications", "1", "--cases", "--out", out, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let table = try CSVTable(out, "cases.csv")
        var needs: [String: [String]] = [:]
        var hazards: [String: [String]] = [:]
        for row in table.rows where table.value(row, "repeat_report") == "0" {
            let policy = table.value(row, "policy")
            let type = table.value(row, "case_type")
            let created = table.value(row, "created_h")
            if type == "hazard" {
                hazards[policy, default: []].append("\(created) \(table.value(row, "cell"))")
            } else {
                needs[policy, default: []].append("\(created) \(table.value(row, "resident")) \(type)")
            }
        }
        return (needs.mapValues { $0.sorted() }, hazards.mapValues { $0.sorted() })
    }

    /// The first entry where two sorted lists differ, for a short message.
    static func firstDifference(_ a: [String], _ b: [String]) -> String {
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return "entry \(index) of \(a.count) and \(b.count)"
    }

    @Test(
        "every policy meets the same needs, and the same hazards but for those a review prevents",
        arguments: [false, true])
    func sameDemand(typhoon: Bool) throws {
        let (needs, hazards) = try Self.cases(typhoon: typhoon)
        let baseline = try #require(needs["baseline"])
        #expect(baseline.count > 1_000)
        #expect(needs.count == 6)
        for (policy, list) in needs {
            let same = list == baseline
            #expect(
                same,
                "\(policy): needs differ from the baseline's, first at \(Self.firstDifference(list, baseline))"
            )
        }
        let baseHazards = try #require(hazards["baseline"])
        #expect(baseHazards.count > 100)
        for (policy, list) in hazards {
            // Full-cycle review lowers the hazard rate at reviewed sites: its hazards are the
            // baseline's less some, never others.
            let reviewed = policy == "full-cycle" || policy == "integrated"
            if reviewed {
                let extra = Set(list).subtracting(baseHazards).count
                #expect(extra == 0, "\(policy): \(extra) hazards the baseline never had")
                #expect(list.count < baseHazards.count)
            } else {
                let same = list == baseHazards
                #expect(
                    same, "\(policy): hazards differ, first at \(Self.firstDifference(list, baseHazards))")
            }
        }
    }
}
