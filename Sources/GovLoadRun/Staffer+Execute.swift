import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// One simulation of the iterative staffing algorithm.
public struct StaffingIteration: Sendable, Equatable {
    /// From 1.
    public var number: Int
    /// Staff-hours the plan it produced needs, over every planned queue and the whole horizon.
    public var staffHours: Double
    /// The largest change of any interval's headcount from the plan simulated (0 at the fixed point).
    public var largestChange: Int
}

/// Why the iterative staffing algorithm stopped.
public enum StaffingStop: Sendable, Equatable {
    /// No interval moved by more than one server.
    case fixedPoint
    /// The plan's staff-hours changed by at most `Staffer.settledShare`.
    case settled
    /// `--max-iterations` ran out.
    case iterationsSpent
}

/// How a plan and the scenario's own staffing fared on the fresh replications.
public struct StaffingOutcome: Sendable, Equatable {
    /// The queue.
    public var queue: String
    /// `plan` or `scenario`.
    public var staffing: String
    /// Staff-hours over the measured period (after the warm-up), surge reserves and overtime
    /// included, mean over replications.
    public var staffHours: Double
    /// Their cost, mean over replications.
    public var cost: Double
    /// Per goal: the measured value over every arrival after the warm-up (pooled over replications).
    public var overall: [Double]
    /// Per goal: intervals after the warm-up that meet it within sampling error, and intervals with arrivals.
    public var intervalsMet: [(met: Int, of: Int)]
    /// Per goal: the share of (replication, interval) pairs after the warm-up, with arrivals,
    /// that meet it — how often a day's hour goes well, busy days included.
    public var replicationShare: [Double]

    public static func == (a: StaffingOutcome, b: StaffingOutcome) -> Bool {
        a.queue == b.queue && a.staffing == b.staffing && a.staffHours == b.staffHours && a.cost == b.cost
            && a.overall == b.overall && a.intervalsMet.map(\.met) == b.intervalsMet.map(\.met)
            && a.replicationShare == b.replicationShare
    }
}

/// What `govload staff` reports back.
public struct StaffingReport: Sendable {
    /// The plans, one per queue.
    public var plans: [QueuePlan]
    /// The algorithm's simulations.
    public var iterations: [StaffingIteration]
    /// Whether the plan reached a fixed point (no interval changing by more than one server).
    public var converged: Bool { stop == .fixedPoint }
    /// Why the algorithm stopped.
    public var stop: StaffingStop
    /// Whether it stopped before --max-iterations (a fixed point, or staff-hours settled).
    public var settled: Bool { stop != .iterationsSpent }
    /// Rounds of correction run after the algorithm.
    public var corrections: Int
    /// Intervals still short of a goal on the building replications after the last correction.
    public var stillShort: Int
    /// The plan's and the scenario's own outcomes on the fresh replications.
    public var outcomes: [StaffingOutcome]
    /// The checks behind them.
    public var checks: [StaffingCheckRow]
    /// The prepared study.
    public var prepared: PreparedStaffing
    /// Wall-clock seconds.
    public var wallSeconds: Double
}

extension Staffer {
    /// Runs a prepared study (its folder claimed by the caller) and writes `staffing.csv`,
    /// `shifts.csv`, `verification.csv`, `staffed.yaml` and the manifest, last.
    public static func execute(_ prepared: PreparedStaffing, progress: (@Sendable (String) -> Void)? = nil)
        throws(OutputError) -> StaffingReport
    {
        let start = Date()
        let (found, loads, iterations, stop) = try iterate(prepared, progress: progress)
        let (requirements, corrections, short) = correct(found, prepared, progress: progress)
        var plans: [QueuePlan] = []
        for queue in prepared.queues {
            guard let requirement = requirements[queue.name], let load = loads[queue.name] else { continue }
            progress?("shifts for \(queue.name): solving the integer programme with GLPK")
            let shifts = try planShifts(requirement, prepared.options, queue: queue.name)
            plans.append(
                QueuePlan(
                    queue: queue.name, costPerHour: queue.costPerHour, load: load, requirement: requirement,
                    pointwise: load.pointwiseErlangC(
                        goals: queue.goals.map(\.target), minimum: prepared.options.minServers),
                    shifts: shifts,
                    own: requirement.indices.map {
                        queue.schedule.servers(at: Double($0) * prepared.options.interval)
                    }))
        }
        progress?("verifying the shifts on fresh replications")
        let (outcomes, checks) = verify(prepared, plans: plans)
        let folder = prepared.folder
        try StaffingWriter.write(plans: plans, checks: checks, to: folder)
        try StaffedScenario.write(
            plans: plans, scenarioPath: prepared.options.run.scenarioPath, loaded: prepared.loaded,
            name: prepared.plan.scenario.name, to: folder)
        let end = Date()
        var manifest = Sensitivity.studyManifest(
            prepared.plan, loaded: prepared.loaded, run: prepared.options.run, start: start, end: end)
        manifest.outputs = StaffingWriter.files
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
        return StaffingReport(
            plans: plans, iterations: iterations, stop: stop, corrections: corrections,
            stillShort: short, outcomes: outcomes, checks: checks, prepared: prepared,
            wallSeconds: end.timeIntervalSince(start))
    }

    /// The relative change of the plan's staff-hours below which it counts as settled.
    static let settledShare = 0.005

    /// The iterative staffing algorithm: simulate, staff each interval for its offered load,
    /// until no interval changes by more than one server, or the plan's staff-hours change by at
    /// most `settledShare` (then the larger of the last two plans, interval by interval), or the
    /// iterations run out.
    static func iterate(_ prepared: PreparedStaffing, progress: (@Sendable (String) -> Void)?)
        throws(OutputError) -> ([String: [Int]], [String: IntervalLoad], [StaffingIteration], StaffingStop)
    {
        let options = prepared.options
        let count = Int((prepared.plan.scenario.horizon / options.interval).rounded(.up))
        var current = Dictionary(
            uniqueKeysWithValues: prepared.queues.map { ($0.name, Array(repeating: ample, count: count)) })
        var loads: [String: IntervalLoad] = [:]
        var iterations: [StaffingIteration] = []
        for number in 1...options.maxIterations {
            let runs = simulate(
                prepared, schedules: current.mapValues { QueuePlan.schedule($0, length: options.interval) },
                firstReplication: 0, replications: prepared.plan.replications)
            var next: [String: [Int]] = [:]
            for queue in prepared.queues {
                guard let load = IntervalLoad(queue: queue.name, runs: runs) else {
                    throw OutputError("queue '\(queue.name)' was not measured; this is a bug")
                }
                loads[queue.name] = load
                do {
                    next[queue.name] = try load.requirement(
                        goals: queue.goals.map(\.target), patience: queue.patience,
                        minimum: options.minServers, reliability: options.reliability)
                } catch {
                    let interval: Int
                    switch error {
                    case .unattainable(let index), .incomputable(let index): interval = index
                    }
                    throw OutputError(
                        "the staffing of '\(queue.name)' for \(format(hours: Double(interval) * options.interval))–\(format(hours: Double(interval + 1) * options.interval)) cannot be computed: its offered load (\(String(format: "%.1f", load.offered[interval])) erlangs) is beyond the Erlang formulas' reach"
                    )
                }
            }
            let change =
                prepared.queues.map { queue in
                    zip(current[queue.name] ?? [], next[queue.name] ?? []).map { abs($0 - $1) }.max() ?? 0
                }.max() ?? 0
            let hours = next.values.reduce(0.0) { $0 + Double($1.reduce(0, +)) } * options.interval / 3_600
            iterations.append(
                StaffingIteration(number: number, staffHours: hours, largestChange: number == 1 ? 0 : change))
            progress?(
                "iteration \(number): \(Int(hours.rounded())) staff-hours"
                    + (number == 1 ? " (from ample staff)" : ", largest change \(change)"))
            // A fixed point: no interval moves by more than one server (Feldman et al.'s rule). In
            // a city, redials and the back office couple the queues, and some intervals keep moving
            // by a few servers while the plan's total has settled: then stop too, on the larger of
            // the last two plans.
            let previous = iterations.count > 1 ? iterations[iterations.count - 2].staffHours : .infinity
            let settled = number > 2 && abs(hours - previous) <= Self.settledShare * previous
            if number > 1 && (change <= 1 || settled) {
                let larger = next.merging(current) { a, b in zip(a, b).map { max($0, $1) } }
                return (larger, loads, iterations, change <= 1 ? .fixedPoint : .settled)
            }
            current = next
        }
        return (current, loads, iterations, .iterationsSpent)
    }

    /// Runs the policy with the given queues' schedules (their surge rules dropped: the plan
    /// replaces them), counting the planned queues by arrival interval.
    static func simulate(
        _ prepared: PreparedStaffing, schedules: [String: ShiftSchedule]?, firstReplication: Int,
        replications: Int
    ) -> [ReplicationResult] {
        var plan = prepared.plan
        let policy = plan.policies[0]
        var scenario = schedules.map { applying($0, to: policy.scenario) } ?? policy.scenario
        scenario.probe = StaffingProbe(
            queues: Set(prepared.queues.map(\.name)), interval: prepared.options.interval,
            thresholds: Array(Set(prepared.queues.flatMap { $0.goals.compactMap(\.answerTime) })).sorted())
        plan.policies = [Policy(name: policy.name, description: policy.description, scenario: scenario)]
        plan.variants = [plan.policies]
        plan.firstReplication = firstReplication
        plan.replications = replications
        return Experiment.run(plan).runs
    }

    /// `scenario` with each named queue on its new schedule and without the surge rules that
    /// targeted it.
    static func applying(_ schedules: [String: ShiftSchedule], to scenario: Scenario) -> Scenario {
        var scenario = scenario
        for index in scenario.channels.indices {
            if let schedule = schedules[scenario.channels[index].name] {
                scenario.channels[index].schedule = schedule
            }
        }
        guard var city = scenario.city else { return scenario }
        if let schedule = schedules["command_centre"] { city.commandCentre.schedule = schedule }
        for index in city.departments.indices {
            if let schedule = schedules[city.departments[index].name] {
                city.departments[index].schedule = schedule
            }
        }
        city.surge.removeAll { schedules[$0.target] != nil }
        scenario.city = city
        return scenario
    }

    /// The least-cost shifts covering `requirement`.
    static func planShifts(_ requirement: [Int], _ options: StaffOptions, queue: String) throws(OutputError)
        -> ShiftPlanner.Plan
    {
        let interval = options.interval
        let problem = ShiftPlanner.Problem(
            requirement: requirement,
            lengths: options.shiftLengths.map { Int(($0 / interval).rounded()) },
            breakAfter: options.breakAfter.map { Int(($0 / interval).rounded()) },
            breakLength: Int((options.breakLength / interval).rounded()),
            maxOnDuty: options.maxServers, timeLimit: options.timeLimit)
        do {
            return try ShiftPlanner.solve(problem)
        } catch {
            switch error {
            case .infeasible(let index):
                throw OutputError(
                    "'\(queue)' needs \(requirement[index]) servers at \(format(hours: Double(index) * interval)), more than --max-servers allows or any shift covers"
                )
            case .noSolution(let why): throw OutputError("no shifts for '\(queue)': \(why)")
            }
        }
    }

    /// Hours from the run's start, for messages: `12d 06:00`.
    static func format(hours seconds: Double) -> String { Units.formatRunTime(seconds) }
}
