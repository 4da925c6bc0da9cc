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

/// Each strategy of DESIGN §2 isolated on the small city, with the direction of its effect
/// asserted by a paired 95 % interval that excludes zero, and its cost shown where it has one
/// (issue 5).
@Suite("Strategies", .tags(.slow))
struct StrategyTests {
    /// Runs the small city's baseline against a policy that changes only `change`, and returns
    /// the policy's comparison rows by metric.
    static func compare(
        replications: Int = 8, horizon: SimTime = 14 * SimClock.day, shocks: [ShockSpec] = [],
        surge: [SurgeRule] = [], _ change: (inout CityModel) -> Void
    ) throws -> [String: MetricComparison] {
        let loaded = try CityModelTests.smallCity()
        var base = loaded.scenario
        base.horizon = horizon
        base.city?.shocks = shocks
        base.city?.surge = surge
        var changed = base
        if var model = changed.city {
            change(&model)
            changed.city = model
        }
        let plan = ExperimentPlan(
            scenario: base,
            policies: [Policy(name: "baseline", scenario: base), Policy(name: "changed", scenario: changed)],
            replications: replications, seed: 11, threads: 2)
        let rows = PolicyComparison.compare(Experiment.run(plan))
        return Dictionary(
            uniqueKeysWithValues: rows.filter { $0.policy == "changed" }.map { ($0.metric, $0) })
    }

    /// Asserts the paired interval of `metric` lies entirely below (or above) zero.
    static func expect(
        _ rows: [String: MetricComparison], _ metric: String, lower: Bool,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let row = rows[metric] else {
            Issue.record("no metric \(metric)", sourceLocation: sourceLocation)
            return
        }
        let text = "\(metric): \(row.difference.mean) [\(row.difference.low), \(row.difference.high)]"
        if lower {
            #expect(row.difference.high < 0, "\(text)", sourceLocation: sourceLocation)
        } else {
            #expect(row.difference.low > 0, "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "merged grids cut the time to close domain-crossing cases and to find hazards, at equal headcount; generalists are busier"
    )
    func mergedGrid() throws {
        let rows = try Self.compare { $0.strategies.grid = .merged }
        Self.expect(rows, "cross_domain_close_h", lower: true)
        Self.expect(rows, "hazard_latent_h", lower: true)
        // Equal headcount: the grid's staff hours do not change …
        #expect(rows["grid.staff_hours"]?.difference.mean == 0)
        // … but generalists work slower, so the grid is busier (the trade-off).
        Self.expect(rows, "grid.utilization", lower: false)
    }

    @Test(
        "verification cuts false closures that reach residents and their repeat reports, at the cost of grid-worker time and slower closure"
    )
    func verification() throws {
        let rows = try Self.compare { $0.strategies.verification = true }
        Self.expect(rows, "false_closures", lower: true)
        Self.expect(rows, "repeat_contacts", lower: true)
        Self.expect(rows, "reopened", lower: false)
        Self.expect(rows, "grid.utilization", lower: false)
        Self.expect(rows, "appeal.mean_close_h", lower: false)
    }

    @Test("post-closure review lowers recurrence: fewer new hazards")
    func review() throws {
        let rows = try Self.compare(horizon: 21 * SimClock.day) { $0.strategies.review = true }
        Self.expect(rows, "hazard.cases_created", lower: true)
    }

    @Test("follow-up contacts lift trust, at the cost of grid-worker time")
    func followUp() throws {
        let rows = try Self.compare { $0.strategies.followUp = true }
        Self.expect(rows, "mean_trust", lower: false)
        Self.expect(rows, "grid.utilization", lower: false)
    }

    @Test("pre-inspection after a warning finds latent hazards before a storm turns them into emergencies")
    func preInspection() throws {
        let storm = ShockSpec(
            name: "storm", kind: .typhoon, start: 7 * SimClock.day, duration: 24 * SimClock.hour,
            warning: 2 * SimClock.day, escalationShare: 0.5)
        let rows = try Self.compare(shocks: [storm]) { $0.strategies.preInspection = true }
        Self.expect(rows, "escalations", lower: true)
    }

    @Test("unified dispatch cuts transfers and the time to dispatch")
    func unifiedDispatch() throws {
        let rows = try Self.compare { $0.strategies.dispatch = .unified }
        Self.expect(rows, "transfers", lower: true)
        Self.expect(rows, "dispatch_h", lower: true)
        Self.expect(rows, "appeal.mean_close_h", lower: true)
    }

    @Test(
        "digital-first moves load off the halls and shortens online and terminal waits; 24-hour terminals cost machine hours"
    )
    func digitalFirst() throws {
        let rows = try Self.compare(replications: 10) { $0.strategies.channels = .digitalFirst }
        Self.expect(rows, "hall.utilization", lower: true)
        Self.expect(rows, "online.mean_wait_all_min", lower: true)
        Self.expect(rows, "terminal.mean_wait_all_min", lower: true)
        Self.expect(rows, "terminal.staff_hours", lower: false)
        Self.expect(rows, "machine_cost", lower: false)
    }

    @Test("a surge reserve cuts the hotline's peak wait during a shock, at a stated cost in staff hours")
    func surge() throws {
        let storm = ShockSpec(
            name: "storm", kind: .typhoon, start: 7 * SimClock.day, duration: 24 * SimClock.hour,
            warning: SimClock.day, demand: ["appeal": 6])
        let reserve = SurgeRule(
            target: "hotline", reserve: 3, onWarning: true, activationDelay: 0, maxDuration: 2 * SimClock.day,
            costPerStaffHour: 90)
        let loaded = try CityModelTests.smallCity()
        var base = loaded.scenario
        base.city?.shocks = [storm]
        var withSurge = base
        withSurge.city?.surge = [reserve]
        let plan = ExperimentPlan(
            scenario: base,
            policies: [Policy(name: "baseline", scenario: base), Policy(name: "surge", scenario: withSurge)],
            replications: 8, seed: 5, threads: 2)
        let rows = Dictionary(
            uniqueKeysWithValues: PolicyComparison.compare(Experiment.run(plan)).filter {
                $0.policy == "surge"
            }.map {
                ($0.metric, $0)
            })
        Self.expect(rows, "hotline.max_wait_min", lower: true)
        Self.expect(rows, "hotline.mean_wait_all_min", lower: true)
        // Three agents for two days (the storm starts on day 7; the reserve comes with the warning).
        let hours = try #require(rows["staff_hours"])
        #expect(abs(hours.difference.mean - 3 * 48) < 1e-6)
        Self.expect(rows, "staff_cost", lower: false)
    }
}
