import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadScenario

/// `warmup: auto` in a city watches the back office's open cases as well as the queues: the
/// back office fills for days after the channels have settled.
@Suite("Warm-up in a city", .tags(.slow))
struct WarmupCityTests {
    @Test("the chosen warm-up is at least each replication's MSER-5 truncation of the open cases")
    func watchesTheBacklog() throws {
        let loaded = try CityModelTests.smallCity()
        var scenario = loaded.scenario
        scenario.horizon = 14 * SimClock.day
        scenario.warmup = 0
        var policy = try #require(loaded.policies.first)
        policy.scenario.horizon = scenario.horizon
        policy.scenario.warmup = 0
        let plan = ExperimentPlan(
            scenario: scenario, policies: [policy], replications: 3, seed: 5, threads: 2)
        let choice = Experiment.chooseWarmup(plan)
        #expect(choice.series.contains("open cases"))
        for replication in 0..<3 {
            let run = Simulation.run(
                policy.scenario, policy: policy.name, replication: replication, seed: 5, threads: 1)
            let backlog = try #require(run.city?.backlog).map(Double.init)
            let cut = Double(MSER.truncation(backlog)) * scenario.reportInterval / SimClock.hour
            #expect(choice.perReplicationHours[replication] >= cut)
        }
        #expect(choice.chosenHours == choice.perReplicationHours.max())
    }
}
