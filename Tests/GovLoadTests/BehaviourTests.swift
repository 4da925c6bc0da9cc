import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// Behaviour a planner would expect of the city, each a direction on the small city under common
/// random numbers (issue 4), and the Shenzhen typhoon's thread-independence.
@Suite("City behaviour", .tags(.slow))
struct BehaviourTests {
    /// Runs the small city as it is and changed by `change`, `replications` times each.
    static func pair(
        replications: Int = 6, horizon: SimTime = 10 * SimClock.day, _ change: (inout Scenario) -> Void
    ) throws -> (base: [ReplicationResult], changed: [ReplicationResult]) {
        let loaded = try CityModelTests.smallCity()
        var base = loaded.scenario
        base.horizon = horizon
        var changed = base
        change(&changed)
        let plan = ExperimentPlan(
            scenario: base,
            policies: [Policy(name: "baseline", scenario: base), Policy(name: "changed", scenario: changed)],
            replications: replications, seed: 3, threads: 2)
        let runs = Experiment.run(plan).runs
        return (runs.filter { $0.policy == "baseline" }, runs.filter { $0.policy == "changed" })
    }

    static func channel(_ run: ReplicationResult, _ name: String) -> QueueStatistics {
        run.channels.first { $0.name == name }?.statistics ?? QueueStatistics()
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }

    @Test("a hotline with fewer agents has longer waits, more abandonment and more redials")
    func fewerAgents() throws {
        let (base, fewer) = try Self.pair { scenario in
            let index = scenario.channels.firstIndex { $0.name == "hotline" }!
            scenario.channels[index].schedule = ShiftSchedule(constant: 1)
        }
        for (a, b) in zip(base, fewer) {
            #expect(Self.channel(b, "hotline").meanWaitOfAll > Self.channel(a, "hotline").meanWaitOfAll)
            #expect(Self.channel(b, "hotline").abandonRate > Self.channel(a, "hotline").abandonRate)
        }
        #expect(
            Self.mean(fewer.map { Double($0.repeatContacts) }) > Self.mean(
                base.map { Double($0.repeatContacts) }) + 5)
    }

    @Test("an online outage moves contacts to the hotline and the halls and centres")
    func onlineOutage() throws {
        // The platform down for the whole of Tuesday and Wednesday of the first week.
        let outage = ShockSpec(
            name: "outage", kind: .outage, start: SimClock.day, duration: 2 * SimClock.day,
            channels: ["online": 0])
        let (base, down) = try Self.pair { $0.city?.shocks = [outage] }
        func arrivals(_ runs: [ReplicationResult], _ names: [String]) -> Double {
            Self.mean(runs.map { run in Double(names.reduce(0) { $0 + Self.channel(run, $1).arrivals }) })
        }
        #expect(arrivals(down, ["online"]) < arrivals(base, ["online"]) - 50)
        // Under common random numbers the same residents need the same things in both runs, so the
        // hotline's extra callers are the outage's doing: few (most go to halls and centres), but more.
        #expect(arrivals(down, ["hotline"]) > arrivals(base, ["hotline"]))
        #expect(
            arrivals(down, ["hall", "center", "terminal"]) > arrivals(base, ["hall", "center", "terminal"])
                + 30)
    }

    @Test("a typhoon raises emergencies in the districts it hits, not elsewhere")
    func typhoonHitsItsDistricts() throws {
        let storm = ShockSpec(
            name: "storm", kind: .typhoon, start: 4 * SimClock.day, duration: 24 * SimClock.hour,
            districts: [0],
            demand: ["emergency": 20], hazardFactor: 8, burstHazards: 300, burstEmergencies: 100,
            escalationShare: 0.3)
        let (base, stormy) = try Self.pair { $0.city?.shocks = [storm] }
        for (a, b) in zip(base, stormy) {
            let before = try #require(a.city?.samples.last)
            let after = try #require(b.city?.samples.last)
            // District 0 (Harbour) is hit: well over a hundred more emergencies.
            #expect(after[0].emergencies > before[0].emergencies + 100)
            // The others see the same emergencies, up to knock-on escalations from a busier back office.
            for district in 1..<before.count {
                #expect(
                    abs(after[district].emergencies - before[district].emergencies) <= 10,
                    "district \(district)")
            }
        }
    }

    @Test("lower trust lowers hazard reports: fewer QR reports, hazards latent longer, more escalations")
    func trustAndReports() throws {
        let (trusting, distrustful) = try Self.pair(replications: 6) { $0.city?.behaviour.initialTrust = 0.1 }
        let qr = (
            Self.mean(trusting.map { Double(Self.channel($0, "qr").arrivals) }),
            Self.mean(distrustful.map { Double(Self.channel($0, "qr").arrivals) })
        )
        #expect(qr.1 < qr.0 * 0.6, "QR reports \(qr)")
        let latent = (
            trusting.map { $0.city!.tally.latentHoursSum / Double($0.city!.tally.hazardsFound) },
            distrustful.map { $0.city!.tally.latentHoursSum / Double($0.city!.tally.hazardsFound) }
        )
        #expect(Self.mean(latent.1) > Self.mean(latent.0) + 2, "hours latent \(latent)")
        #expect(
            Self.mean(distrustful.map { Double($0.city!.tally.escalations) })
                > Self.mean(trusting.map { Double($0.city!.tally.escalations) }))
    }

    @Test("the Shenzhen typhoon is byte-identical for --threads 1 and 2 (at 1 %, through the storm)")
    func typhoonThreads() throws {
        var outputs: [[String]] = []
        for threads in ["1", "2"] {
            let out = TestSupport.freshPath()
            let run = try Govload.run([
                "run", TestSupport.path("scenarios/shenzhen-typhoon.yaml"), "--out", out, "--quiet",
                "--scale", "0.01",
                "--horizon", "15d", "--replications", "2", "--policy", "baseline", "--policy", "integrated",
                "--threads", threads,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(
                try ResultWriter.csvFiles.map { try String(contentsOfFile: out + "/" + $0, encoding: .utf8) })
        }
        #expect(outputs[0] == outputs[1])
    }
}
