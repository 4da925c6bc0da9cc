import Foundation
import GovLoadTestSupport
import Testing

/// Consultations settled on the contact (`closed_on_contact`), a case type's own transfer delay,
/// and `cases.csv`'s `channel`: where each case was first reported.
@Suite("Contact resolution", .serialized)
struct ContactResolutionTests {
    static func city(_ appeal: String) throws -> String {
        try TestSupport.writeTemporary(
            """
            extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
            case_types:
              appeal:
            \(appeal)
            """, name: "city.yaml")
    }

    @Test("a share of served hotline appeals closes on the call: no work order, no office stages")
    func settledOnTheCall() throws {
        let scenario = try Self.city("    closed_on_contact: {hotline: 60%}")
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", scenario, "--out", out, "--policy", "baseline", "--horizon", "10d", "--replications", "1",
            "--cases", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let cases = try CSVTable(out, "cases.csv")
        let hotlineAppeals = cases.rows.filter {
            cases.value($0, "case_type") == "appeal" && cases.value($0, "channel") == "hotline"
                && cases.value($0, "status") == "closed" && cases.value($0, "reopenings") == "0"
        }
        let settled = hotlineAppeals.filter { cases.value($0, "registered_h").isEmpty }
        #expect(hotlineAppeals.count > 200)
        let share = Double(settled.count) / Double(hotlineAppeals.count)
        // Binomial, n > 200: 60 % ± 4 standard errors (≤ 3.5 points each).
        #expect(abs(share - 0.6) < 0.14, "settled \(settled.count) of \(hotlineAppeals.count)")
        for row in settled {
            #expect(
                cases.value(row, "dispatched_h").isEmpty
                    && cases.value(row, "handled_h") == cases.value(row, "closed_h"))
        }
        // Other channels settle nothing: an appeal first taken elsewhere and closed went to the
        // back office — unless the resident gave up there and tried the hotline next.
        let elsewhere = cases.rows.filter {
            cases.value($0, "case_type") == "appeal" && cases.value($0, "channel") != "hotline"
                && cases.value($0, "status") == "closed" && cases.value($0, "attempts") == "1"
        }
        #expect(elsewhere.count > 100)
        #expect(elsewhere.allSatisfy { !cases.value($0, "registered_h").isEmpty })
    }

    @Test(
        "every case names where it was first reported: a channel of its type, patrol, sensor or the emergency line"
    )
    func channelColumn() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--out", out, "--policy",
            "baseline",
            "--horizon", "10d", "--replications", "1", "--cases", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let cases = try CSVTable(out, "cases.csv")
        #expect(cases.columns.contains("channel"))
        let allowed: [String: Set<String>] = [
            "service": ["online", "center", "terminal", "hall"], "appeal": ["hotline", "direct", "online"],
            "dispute": ["hotline", "direct", "center"],
            "hazard": ["qr", "hotline", "direct", "patrol", "sensor", "emergency"],
            "emergency": ["emergency"],
        ]
        var seen = Set<String>()
        for row in cases.rows {
            let type = cases.value(row, "case_type")
            let channel = cases.value(row, "channel")
            seen.insert(channel)
            if channel.isEmpty {
                // Only a need never put to a channel yet (still open, or every channel closed).
                #expect(cases.value(row, "status") != "closed", "a closed \(type) without a channel")
            } else {
                #expect(allowed[type]?.contains(channel) == true, "\(type) from \(channel)")
            }
            if ["patrol", "sensor"].contains(channel) { #expect(cases.value(row, "resident").isEmpty) }
        }
        #expect(seen.isSuperset(of: ["hotline", "online", "qr", "patrol", "sensor"]))
    }

    @Test(
        "closed_on_contact and transfer_delay checked where they are written",
        arguments: [
            (
                "    closed_on_contact: {qr: 50%}",
                "names channel 'qr', which the type's 'channels' does not list"
            ),
            ("    closed_on_contact: 150%", "closed_on_contact"),
            ("    transfer_delay: {dist: exponential}", "transfer_delay"),
        ])
    func located(line: String, message: String) throws {
        let scenario = try Self.city(line)
        let result = try Govload.run(["validate", scenario])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("city.yaml:4:"), "\(result.stderr)")
    }

    @Test("closed_on_contact belongs to appeals: a hazard's is refused")
    func appealsOnly() throws {
        let scenario = try TestSupport.writeTemporary(
            """
            extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
            case_types:
              hazard:
                closed_on_contact: 10%
            """, name: "city.yaml")
        let result = try Govload.run(["validate", scenario])
        #expect(result.status == 2)
        #expect(result.stderr.contains("applies to appeals only"), "\(result.stderr)")
    }
}
