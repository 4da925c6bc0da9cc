import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadQueueing
@testable import GovLoadScenario

/// An SLA that ends at the first response (`sla_ends: response`): the emergency rule's 2 h is to
/// respond, not to finish (docs/model.md §6).
@Suite("SLA ends at response", .tags(.slow))
struct ResponseSLATests {
    /// The small city without shocks, with ample handlers, its hazards escalating within a day on average and taking
    /// exactly 3 h to handle; an escalated hazard is an emergency, held to the emergency type's
    /// 2 h SLA, which ends at response when `atResponse`.
    static func escalated(atResponse: Bool) throws -> CityTally {
        let loaded = try CityModelTests.smallCity()
        let runs = CityModelTests.run(loaded, policies: ["baseline"], replications: 2) { scenario in
            guard var city = scenario.city,
                let emergency = city.caseTypes.firstIndex(where: { $0.kind == .emergency }),
                let hazard = city.caseTypes.firstIndex(where: { $0.kind == .hazard })
            else { return }
            city.shocks = []
            // Ample handlers: nobody waits for one, so a response comes minutes after dispatch.
            for index in city.departments.indices {
                city.departments[index].schedule = ShiftSchedule(constant: 5_000)
            }
            city.caseTypes[hazard].handling = .fixed(3 * 3_600)
            city.caseTypes[hazard].onSiteShare = 0
            city.caseTypes[hazard].escalation = .exponential(mean: 86_400)
            city.caseTypes[emergency].sla = 2 * 3_600
            city.caseTypes[emergency].slaEndsAtResponse = atResponse
            scenario.city = city
        }.runs
        var total = try #require(runs.first?.city?.tally)
        for run in runs.dropFirst() { total.absorb(try #require(run.city?.tally)) }
        return total
    }

    @Test("handled in 3 h, an emergency misses a 2 h limit to finish and meets a 2 h limit to respond")
    func responseClock() throws {
        let finish = try Self.escalated(atResponse: false)
        let respond = try Self.escalated(atResponse: true)
        // The same runs but for the clock: the same escalations, and a response is never later
        // than the end of handling.
        #expect(finish.escalations > 300)
        #expect(finish.escalations == respond.escalations)
        let hazard = 3
        let gained = respond.onTime[hazard] - finish.onTime[hazard]
        // A hazard that escalated unseen is handled in 3 h, never within 2 h, but has a team on
        // the way within minutes. (The rest of the escalations were found first and handled after
        // their escalation time: late by the hazard's own SLA either way.)
        #expect(gained > finish.escalations / 2, "\(gained) of \(finish.escalations) escalations")
        #expect(gained <= finish.escalations)
    }

    @Test("'sla_ends' takes response or handling, and names the case type otherwise")
    func loaderNamesTheType() throws {
        let base = try String(
            contentsOfFile: TestSupport.path("scenarios/validation/small-city.yaml"), encoding: .utf8)
        let good = base.replacingOccurrences(
            of: "    sla: 2h\n", with: "    sla: 2h\n    sla_ends: response\n")
        let loaded = try ScenarioLoader.load(path: "good.yaml", contents: Array(good.utf8))
        #expect(loaded.scenario.city?.caseTypes.last?.slaEndsAtResponse == true)
        let bad = base.replacingOccurrences(of: "    sla: 2h\n", with: "    sla: 2h\n    sla_ends: arrival\n")
        do {
            _ = try ScenarioLoader.load(path: "bad.yaml", contents: Array(bad.utf8))
            Issue.record("accepted sla_ends: arrival")
        } catch {
            #expect("\(error)".contains("bad.yaml:85:"), "\(error)")
            #expect("\(error)".contains("'sla_ends' of case type 'emergency'"), "\(error)")
        }
    }
}
