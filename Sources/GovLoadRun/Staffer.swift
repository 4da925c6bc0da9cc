import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The options of `govload staff`, already parsed from the command line.
public struct StaffOptions: Sendable {
    /// The run's options: scenario, output folder, the one policy, threads, overrides, force.
    public var run: RunOptions
    /// `--target`: what each queue must achieve in every interval.
    public var goals: [StaffingGoal]
    /// `--interval`: the staffing interval (seconds).
    public var interval: SimTime = 3_600
    /// `--verify-replications`: fresh replications the plan is checked on (default: as many as
    /// build it).
    public var verifyReplications: Int?
    /// `--max-iterations`: the most simulations the iterative staffing algorithm makes.
    public var maxIterations = 10
    /// `--max-corrections`: the most rounds of raising the intervals the plan misses on the
    /// replications that built it (0 for none).
    public var maxCorrections = 5
    /// `--shift-lengths`: the lengths a shift may have (seconds).
    public var shiftLengths: [SimTime] = [4 * 3_600, 6 * 3_600, 8 * 3_600]
    /// `--break-after`: shifts at least this long take a break; nil for none.
    public var breakAfter: SimTime? = 7 * 3_600
    /// `--break`: the break's length (seconds).
    public var breakLength: SimTime = 3_600
    /// `--min-servers`: the fewest on duty in any interval.
    public var minServers = 1
    /// `--max-servers`: the most on duty in any interval; nil for no limit.
    public var maxServers: Int?
    /// `--reliability`: the share of replications each interval must meet its goals in; nil to
    /// meet them on average over the replications.
    public var reliability: Double?
    /// The shift solver's time limit per queue (seconds).
    public var timeLimit: Double = 60

    /// Options for the run `run` with `goals`.
    public init(run: RunOptions, goals: [StaffingGoal]) {
        self.run = run
        self.goals = goals
    }
}

/// A queue `govload staff` can plan: one queue, named as in `channels.csv`.
public struct StaffableQueue: Sendable, Equatable {
    /// Its name.
    public var name: String
    /// Its goals, in `--target` order.
    public var goals: [StaffingGoal]
    /// Callers' mean patience (seconds) for Erlang A; nil where nobody abandons (Erlang C).
    public var patience: Double?
    /// What a staff hour costs.
    public var costPerHour: Double
    /// Its staffing in the scenario (surge reserves aside).
    public var schedule: ShiftSchedule
}

/// A staffing study checked and ready to run.
public struct PreparedStaffing: Sendable {
    /// The one policy's plan, as the file and command line say it.
    public var plan: ExperimentPlan
    /// The scenario.
    public var loaded: LoadedScenario
    /// The output folder (checked, not yet claimed).
    public var folder: OutputFolder
    /// The options, resolved.
    public var options: StaffOptions
    /// The queues to plan, in order of first `--target`.
    public var queues: [StaffableQueue]
}

/// `govload staff`: least-cost staffing through time-varying load, by simulation
/// (docs/staffing.md). The iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt,
/// Management Science 54(2), 2008) reads each interval's offered load from a simulation, staffs
/// each interval by the stationary rule for that load, and simulates again until the plan stops
/// changing; GLPK then turns the requirement into shifts at least cost, and fresh replications
/// check the shifts interval by interval.
public enum Staffer {
    /// The most servers the first, ample, simulation puts on a queue in every interval.
    static let ample = 1_000_000

    /// Checks the scenario, its one policy, the targets, the shift rules and the output folder;
    /// throws every problem found.
    public static func prepare(_ options: StaffOptions) throws(InputError) -> PreparedStaffing {
        var options = options
        let loaded = try ScenarioLoader.load(path: options.run.scenarioPath, overrides: options.run.overrides)
        options.run = try runOptions(options.run, loaded: loaded)
        let (plan, _, folder) = try Runner.prepare(options.run)
        var problems: [Diagnostic] = []
        let queues = staffableQueues(options.goals, scenario: plan.policies[0].scenario, &problems)
        problems += checkShifts(options, horizon: plan.scenario.horizon)
        if let city = plan.scenario.city, city.layout.scale != 1 {
            problems.append(
                Diagnostic(
                    .argument("--scale"),
                    "staff plans the whole city (scale 1): a plan at scale \(city.layout.scale) would not be the city's; run it at full scale"
                ))
        }
        guard problems.isEmpty else { throw InputError(problems) }
        return PreparedStaffing(plan: plan, loaded: loaded, folder: folder, options: options, queues: queues)
    }

    /// One policy (`baseline` by default); the output folder `results/<name>-staffing` by default.
    static func runOptions(_ run: RunOptions, loaded: LoadedScenario) throws(InputError) -> RunOptions {
        var run = run
        if run.policies.isEmpty {
            let names = loaded.policies.map(\.name)
            run.policies = [names.contains(Policy.baselineName) ? Policy.baselineName : names[0]]
        }
        guard run.policies.count == 1 else {
            throw InputError(Diagnostic(.argument("--policy"), "staff plans one policy's staffing; name one"))
        }
        run.baseline = run.policies[0]
        if run.output == nil { run.output = "results/\(loaded.scenario.name)-staffing" }
        return run
    }

    /// The queues the goals name, each once, with the goals grouped; a problem for every name
    /// that is not a queue GovLoad can plan.
    static func staffableQueues(_ goals: [StaffingGoal], scenario: Scenario, _ problems: inout [Diagnostic])
        -> [StaffableQueue]
    {
        var queues: [StaffableQueue] = []
        let candidates = queueNames(scenario)
        for goal in goals {
            if let index = queues.firstIndex(where: { $0.name == goal.queue }) {
                queues[index].goals.append(goal)
                continue
            }
            if let channel = scenario.channels.first(where: { $0.name == goal.queue }) {
                if scenario.city != nil && channel.kind.scope == .district {
                    problems.append(
                        Diagnostic(
                            .argument("--target"),
                            "channel '\(goal.queue)' is a queue in every district; staff plans city-wide queues (\(candidates.joined(separator: ", ")))"
                        ))
                    continue
                }
                queues.append(
                    StaffableQueue(
                        name: goal.queue, goals: [goal], patience: channel.patience?.mean,
                        costPerHour: channel.costPerStaffHour, schedule: channel.schedule))
            } else if let city = scenario.city, goal.queue == "command_centre" {
                queues.append(
                    StaffableQueue(
                        name: goal.queue, goals: [goal], patience: nil,
                        costPerHour: city.commandCentre.costPerStaffHour,
                        schedule: city.commandCentre.schedule))
            } else if let department = scenario.city?.departments.first(where: { $0.name == goal.queue }) {
                queues.append(
                    StaffableQueue(
                        name: goal.queue, goals: [goal], patience: nil,
                        costPerHour: department.costPerStaffHour, schedule: department.schedule))
            } else {
                let hint =
                    Suggestion.nearest(to: goal.queue, in: candidates).map { " (did you mean '\($0)'?)" }
                    ?? ""
                problems.append(
                    Diagnostic(
                        .argument("--target"),
                        "scenario '\(scenario.name)' has no queue '\(goal.queue)'\(hint); queues: \(candidates.joined(separator: ", "))"
                    ))
            }
        }
        return queues
    }

    /// The queues a scenario has that staff can plan.
    static func queueNames(_ scenario: Scenario) -> [String] {
        let channels = scenario.channels.filter { scenario.city == nil || $0.kind.scope != .district }.map(
            \.name)
        guard let city = scenario.city else { return channels }
        return channels + ["command_centre"] + city.departments.map(\.name)
    }

    /// The interval and shift rules against each other and the horizon.
    static func checkShifts(_ options: StaffOptions, horizon: SimTime) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let interval = options.interval
        func whole(_ seconds: SimTime) -> Bool {
            let ratio = seconds / interval
            return ratio >= 1 && abs(ratio - ratio.rounded()) < 1e-9
        }
        if !(60...86_400).contains(interval) {
            problems.append(Diagnostic(.argument("--interval"), "must be between 1m and 1d"))
        } else if horizon / interval > 100_000 {
            problems.append(
                Diagnostic(
                    .argument("--interval"),
                    "cuts the horizon into more than 100000 intervals; make it longer"))
        } else {
            for length in options.shiftLengths where !whole(length) {
                problems.append(
                    Diagnostic(
                        .argument("--shift-lengths"),
                        "\(Units.format(duration: length)) is not a whole number of \(Units.format(duration: interval)) intervals"
                    ))
            }
            if options.breakAfter != nil && !whole(options.breakLength) {
                problems.append(
                    Diagnostic(
                        .argument("--break"),
                        "\(Units.format(duration: options.breakLength)) is not a whole number of \(Units.format(duration: interval)) intervals"
                    ))
            }
        }
        if let most = options.maxServers, most < options.minServers {
            problems.append(
                Diagnostic(.argument("--max-servers"), "is below --min-servers (\(options.minServers))"))
        }
        return problems
    }
}
