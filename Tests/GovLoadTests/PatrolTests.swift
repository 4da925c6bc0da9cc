import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadQueueing
@testable import GovLoadScenario

/// Patrol as grid workers' time (`patrol_round`, `patrol_find`; docs/model.md §5): workers patrol
/// whatever duty time tasks leave them, so their hours add up and a busy grid finds less.
@Suite("Patrol rounds", .tags(.slow))
struct PatrolTests {
    /// The small city with patrol as the only way a hazard comes to light: one worker per cell on
    /// duty round the clock, one cell per pool, one domain, no sensors, no residents' reports, no
    /// escalation, no false closure; rounds of `round` that find a hazard with chance `find`.
    static func patrolOnly(
        round: SimTime = 30 * 60, find: Double = 0.5, onSite: Double = 0, onSiteTime: SimTime = 0
    ) -> (inout Scenario) -> Void {
        { scenario in
            guard var city = scenario.city else { return }
            city.grid.domains = ["city"]
            city.grid.cellsPerPool = 1
            city.grid.workersPerCell = 1
            city.grid.schedule = ShiftSchedule(constant: 1)
            city.grid.patrolDetectionRate = 0
            city.grid.patrolRound = round
            city.grid.patrolFind = find
            city.sites.sensorCoverage = 0
            city.behaviour.hazardReportRate = 0
            for index in city.caseTypes.indices where city.caseTypes[index].kind == .hazard {
                city.caseTypes[index].escalation = nil
                // No false closure, so no resident reports the hazard again; ten times the
                // hazards, for a tight mean.
                city.caseTypes[index].falseClosure = 0
                city.caseTypes[index].rates = city.caseTypes[index].rates.map { $0 * 10 }
                city.caseTypes[index].domain = "city"
                city.caseTypes[index].crossDomainShare = 0
                city.caseTypes[index].onSiteShare = onSite
                city.caseTypes[index].onSiteTime = .fixed(onSiteTime)
            }
            city.shocks = []
            scenario.city = city
        }
    }

    static func runs(_ adjust: @escaping (inout Scenario) -> Void, replications: Int = 2) throws
        -> [ReplicationResult]
    {
        let loaded = try CityModelTests.smallCity()
        return CityModelTests.run(loaded, policies: ["baseline"], replications: replications, adjust: adjust)
            .runs
    }

    @Test(
        "an idle grid patrols all its duty time: a hazard waits for the next round, then a geometric number of rounds"
    )
    func latentTimeOfAnIdleGrid() throws {
        // Every 30 minutes each cell's worker walks it once. A hazard appears at a uniform time,
        // is first looked at by the next round (mean 15 min later) and is found by each round
        // with chance 1/2: mean time unseen 0.25 h + 0.5 h × (1/p − 1) = 0.75 h.
        for run in try Self.runs(Self.patrolOnly()) {
            let city = try #require(run.city)
            let t = city.tally
            #expect(t.hazardsFound > 5_000)
            #expect(t.hazardsFoundByCity == t.hazardsFound)
            let latent = t.latentHoursSum / Double(t.hazardsFound)
            // The standard deviation of the time unseen is about 0.72 h: 0.03 h is 4 standard
            // errors at 5,000 hazards.
            #expect(abs(latent - 0.75) < 0.03, "mean hours unseen \(latent)")
            // No task: every hour on duty is patrol, one round per 30 minutes.
            let grid = try #require(city.backOffice.first { $0.role == "grid" })
            #expect(abs(t.patrolHours - grid.staffHours) < 1e-6 * grid.staffHours)
            #expect(abs(Double(t.patrolRounds) - t.patrolHours * 2) <= Double(city.cells))
            #expect(city.patrolShare == 1)
        }
    }

    @Test(
        "tasks come before patrol: hours on tasks and on patrol add up to the hours on duty, and a busier grid finds later"
    )
    func tasksTakePatrolTime() throws {
        let idle = try Self.runs(Self.patrolOnly())
        let busy = try Self.runs(Self.patrolOnly(onSite: 1, onSiteTime: 12 * 3_600))
        for (quiet, loaded) in zip(idle, busy) {
            let city = try #require(loaded.city)
            let grid = try #require(city.backOffice.first { $0.role == "grid" })
            let taskHours = grid.statistics.busyArea / 3_600
            // Patrol hours are the duty hours tasks did not use (no overtime round the clock).
            let gap = grid.staffHours - taskHours - city.tally.patrolHours
            #expect(abs(gap) < 1e-6 * grid.staffHours, "duty − tasks − patrol = \(gap) h")
            #expect(taskHours > 0.1 * grid.staffHours)
            let share = try #require(city.patrolShare)
            #expect(share < 0.9)
            let before = try #require(quiet.city).tally
            let after = city.tally
            #expect(
                after.latentHoursSum / Double(after.hazardsFound)
                    > 1.05 * before.latentHoursSum / Double(before.hazardsFound))
        }
    }

    @Test("patrol is a rate or worker time, never both; each choice names its keys")
    func loaderChoosesOne() throws {
        let base = try String(
            contentsOfFile: TestSupport.path("scenarios/validation/small-city.yaml"), encoding: .utf8)
        let rounds = base.replacingOccurrences(
            of: "  patrol_detection: 0.5/d\n", with: "  patrol_round: 30m\n  patrol_find: 40%\n")
        let loaded = try ScenarioLoader.load(path: "rounds.yaml", contents: Array(rounds.utf8))
        #expect(loaded.scenario.city?.grid.patrolRound == 1_800)
        #expect(loaded.scenario.city?.grid.patrolFind == 0.4)
        #expect(loaded.scenario.city?.grid.patrolDetectionRate == 0)
        // A child scenario switches its parent's rate to rounds (and back): the other key is dropped.
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        let child = try TestSupport.writeTemporary(
            "extends: \(city)\ngrid:\n  patrol_round: 20m\n  patrol_find: 30%\n")
        #expect(try ScenarioLoader.load(path: child).scenario.city?.grid.patrolRound == 1_200)
        let grandchild = try TestSupport.writeTemporary("extends: \(child)\ngrid:\n  patrol_detection: 1/d\n")
        let back = try ScenarioLoader.load(path: grandchild).scenario.city?.grid
        #expect(back?.patrolRound == nil && back?.patrolDetectionRate == 1.0 / 86_400)
        let cases = [
            (
                base.replacingOccurrences(
                    of: "  patrol_detection: 0.5/d\n",
                    with: "  patrol_detection: 0.5/d\n  patrol_round: 30m\n"),
                "not both"
            ),
            (base.replacingOccurrences(of: "  patrol_detection: 0.5/d\n", with: ""), "'patrol_round'"),
            (
                base.replacingOccurrences(of: "  patrol_detection: 0.5/d\n", with: "  patrol_round: 30m\n"),
                "'patrol_find'"
            ),
            (
                base.replacingOccurrences(
                    of: "  patrol_detection: 0.5/d\n", with: "  patrol_detection: 0.5/d\n  patrol_find: 40%\n"
                ),
                "goes with 'patrol_round'"
            ),
            (
                base.replacingOccurrences(
                    of: "  patrol_detection: 0.5/d\n", with: "  patrol_round: 0m\n  patrol_find: 40%\n"),
                "'patrol_round'"
            ),
        ]
        for (text, expected) in cases {
            do {
                _ = try ScenarioLoader.load(path: "bad.yaml", contents: Array(text.utf8))
                Issue.record("accepted a grid that should fail with \(expected)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
                #expect("\(error)".contains("bad.yaml:"), "\(error)")
            }
        }
    }

    @Test("a shock diverts the same workers from a siloed grid as from a merged one")
    func diversionTakesTheSamePeople() throws {
        #expect(Partition.apportion(3, over: [1, 1, 1, 2]) == [1, 1, 0, 1])
        #expect(Partition.apportion(5, over: [1, 2, 1, 2]) == [1, 2, 1, 1])
        #expect(Partition.apportion(6, over: [1, 2, 1, 2]) == [1, 2, 1, 2])
        #expect(Partition.apportion(0, over: [1, 2, 1, 2]) == [0, 0, 0, 0])
        #expect(Partition.apportion(2, over: [0, 0]) == [0, 0])
        var hours: [Double] = []
        for strategy in [Strategies.GridModel.siloed, .merged] {
            let runs = try Self.runs(
                { scenario in
                    guard var city = scenario.city else { return }
                    city.strategies.grid = strategy
                    city.shocks = [
                        ShockSpec(
                            name: "storm", kind: .typhoon, start: 3 * 86_400, duration: 2 * 86_400,
                            gridDiversion: 0.5)
                    ]
                    scenario.city = city
                }, replications: 1)
            let grid = try #require(runs.first?.city?.backOffice.first { $0.role == "grid" })
            hours.append(grid.staffHours)
        }
        #expect(hours[0] == hours[1], "siloed \(hours[0]) h, merged \(hours[1]) h")
    }
}
