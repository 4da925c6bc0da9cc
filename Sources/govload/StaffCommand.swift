import ArgumentParser
import Foundation
import GovLoad

/// `govload staff`: least-cost staffing that meets service targets interval by interval, found
/// by simulation and verified on fresh replications.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Find least-cost hour-by-hour staffing and shifts that meet service targets.",
        discussion: """
            Runs the iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008): \
            simulates the scenario with ample staff, reads each interval's offered load, staffs \
            each interval by the stationary rule for that load (Erlang A where callers abandon), \
            and simulates again until the plan stops changing — redials, shocks and the back \
            office included, on common random numbers. GLPK then covers the requirement with \
            shifts at least cost, and fresh replications check every interval. Writes \
            staffing.csv, shifts.csv, verification.csv and staffed.yaml (a scenario that extends \
            this one with the plan; its surge rules for the planned queues are dropped). \
            docs/staffing.md explains the method and its limits.

            Targets: QUEUE: 80%@20s (answered within a time), abandon<=5%, pwait<=30% or \
            wait<=30s, on a channel, command_centre or a department.

            Examples:
              govload staff scenarios/validation/isa-sinusoid.yaml --target 'hotline: 80%@60s'
              govload staff scenarios/shenzhen-typhoon.yaml --target 'hotline: 80%@20s' --target 'command_centre: wait<=5m'
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(
        name: [.customShort("t"), .long],
        help: ArgumentHelp(
            "A service target, QUEUE: TARGET, e.g. 'hotline: 80%@20s' (repeatable).",
            valueName: "queue: target"))
    var target: [String] = []

    @Option(
        name: [.customShort("p"), .long],
        help: ArgumentHelp("The policy to staff (default 'baseline', or the first).", valueName: "name"),
        completion: PolicyCompletion.kind)
    var policy: String?

    @Option(name: .long, help: ArgumentHelp("The staffing interval (default 1h).", valueName: "duration"))
    var interval: DurationArgument?

    @Option(
        name: .long,
        help: ArgumentHelp("Allowed shift lengths, e.g. 4h,6h,8h (the default).", valueName: "durations"))
    var shiftLengths: DurationListArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Shifts at least this long take a break (default 7h; 'none' for no breaks).",
            valueName: "duration"))
    var breakAfter: OptionalDurationArgument?

    @Option(name: .long, help: ArgumentHelp("The break's length (default 1h).", valueName: "duration"))
    var `break`: DurationArgument?

    @Option(
        name: .long, help: ArgumentHelp("The fewest on duty in any interval (default 1).", valueName: "count")
    )
    var minServers: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("The most on duty in any interval (default: no limit).", valueName: "count"))
    var maxServers: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Fresh replications the plan is checked on (default: as many as build it).", valueName: "count"))
    var verifyReplications: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("The most simulations the algorithm makes (default 10).", valueName: "count"))
    var maxIterations: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The most rounds raising intervals the plan misses in simulation (default 5; 0 for none).",
            valueName: "count"))
    var maxCorrections: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Meet the targets in this share of replications, e.g. 90% (default: on average over them).",
            valueName: "share"))
    var reliability: ShareArgument?

    @OptionGroup var common: StudyOptions

    func run() throws {
        let prepared = try Staffer.prepare(try options())
        Interruption.install(folder: prepared.folder)
        try prepared.folder.claim(force: common.force)
        let progress: (@Sendable (String) -> Void)? =
            common.quiet ? nil : { @Sendable line in Console.error(line) }
        let report = try Staffer.execute(prepared, progress: progress)
        if !common.quiet { print(StaffingTable.render(report)) }
    }

    /// The options checked: every problem at once, each naming its option.
    func options() throws(InputError) -> StaffOptions {
        var problems: [Diagnostic] = []
        var run = common.runOptions(scenario: scenario, &problems)
        run.policies = policy.map { [$0] } ?? []
        var goals: [StaffingGoal] = []
        if target.isEmpty {
            problems.append(
                Diagnostic(
                    .argument("--target"), "staff needs at least one, e.g. --target 'hotline: 80%@20s'"))
        }
        for text in target {
            switch StaffingGoal.parse(text) {
            case .success(let goal): goals.append(goal)
            case .failure(let problem): problems.append(problem)
            }
        }
        var options = StaffOptions(run: run, goals: goals)
        if let interval { options.interval = interval.seconds }
        if let shiftLengths { options.shiftLengths = shiftLengths.seconds }
        if let breakAfter { options.breakAfter = breakAfter.seconds }
        if let length = self.break { options.breakLength = length.seconds }
        options.reliability = reliability?.value
        func count(_ value: Int?, _ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value else { return nil }
            guard range.contains(value) else {
                problems.append(
                    Diagnostic(
                        .argument(name),
                        "must be between \(range.lowerBound) and \(range.upperBound), got \(value)"))
                return nil
            }
            return value
        }
        if let value = count(minServers, "--min-servers", 0...1_000_000) { options.minServers = value }
        options.maxServers = count(maxServers, "--max-servers", 1...1_000_000)
        options.verifyReplications = count(verifyReplications, "--verify-replications", 2...1_000)
        if let value = count(maxIterations, "--max-iterations", 2...100) { options.maxIterations = value }
        if let value = count(maxCorrections, "--max-corrections", 0...100) { options.maxCorrections = value }
        guard problems.isEmpty else { throw InputError(problems) }
        return options
    }
}
