import ArgumentParser
import GovLoad

/// `govload erlang`: the analytic Erlang B / C / A calculator and staffing solver.
struct ErlangCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erlang",
        abstract: "Erlang B, C and A for one queue, and the fewest servers meeting a target.",
        discussion: """
            Without --patience the model is Erlang C (M/M/c); with it, Erlang A (M/M/c+M, exponential \
            patience), computed exactly. Times are mean wait of all arrivals; the service level is \
            the share of arrivals answered within --answer-time (abandoned callers count as not answered).

            Targets: \(StaffingTarget.writtenForms).

            Examples:
              govload erlang --arrival-rate 10/min --service-time 3m --servers 35
              govload erlang --arrival-rate 10/min --service-time 3m --target 80%@20s
              govload erlang --arrival-rate 12/min --service-time 3m --patience 5m --target abandon<=5% --csv
            """)

    @Option(name: .long, help: "Arrivals, e.g. 10/min or 600/h.")
    var arrivalRate: String

    @Option(name: .long, help: "Mean service time, e.g. 3m or 180s.")
    var serviceTime: String

    @Option(name: .long, help: "Servers: a number (35) or a range (30-40).")
    var servers: String?

    @Option(name: .long, help: "Mean patience, e.g. 5m: switches to Erlang A.")
    var patience: String?

    @Option(name: .long, help: "Staffing target to solve for, e.g. 80%@20s or abandon<=5%.")
    var target: String?

    @Option(name: .long, help: "Answer time of the service-level column (default 20s, or the target's).")
    var answerTime: String?

    @Flag(name: .long, help: "Print CSV instead of a table.")
    var csv = false

    /// The largest offered load the calculator takes (erlangs): a million agents' work.
    static let maxLoad = 1_000_000.0
    /// The most callers Erlang A may need to track: arrivals per second × mean patience.
    static let maxPatientCallers = 100_000.0

    func run() throws {
        var problems: [Diagnostic] = []
        func duration(_ text: String?, _ name: String) -> Double? {
            guard let text else { return nil }
            switch Units.duration(text) {
            case .success(let seconds) where seconds > 0 && seconds <= Units.maxDuration: return seconds
            case .success(let seconds) where seconds > Units.maxDuration:
                problems.append(
                    Diagnostic(.argument(name), "must be at most 520w (ten years); got '\(text)'"))
            default:
                problems.append(
                    Diagnostic(
                        .argument(name), "must be a positive duration such as 90s, 3m or 2h; got '\(text)'"))
            }
            return nil
        }
        var lambda: Double?
        switch Units.rate(arrivalRate) {
        case .success(let rate) where rate > 0 && rate <= Units.maxRate: lambda = rate
        case .success(let rate) where rate > Units.maxRate:
            problems.append(
                Diagnostic(.argument("--arrival-rate"), "must be at most 1000000/s; got '\(arrivalRate)'"))
        default:
            problems.append(
                Diagnostic(
                    .argument("--arrival-rate"),
                    "must be a positive rate such as 10/min or 240/h; got '\(arrivalRate)'"))
        }
        let service = duration(serviceTime, "--service-time")
        let patienceSeconds = duration(patience, "--patience")
        var answer = duration(answerTime, "--answer-time")
        if let lambda, let service, lambda * service > Self.maxLoad {
            problems.append(
                Diagnostic(
                    .argument("--arrival-rate"),
                    "with --service-time \(serviceTime) the offered load is \(CSVWriter.number(lambda * service)) erlangs; the calculator takes up to 1000000"
                ))
        }
        if let lambda, let patienceSeconds, lambda * patienceSeconds > Self.maxPatientCallers {
            problems.append(
                Diagnostic(
                    .argument("--patience"),
                    "with these arrivals, a patience of \(patience ?? "") means tracking over 100000 waiting callers; Erlang A is computed exactly only below that (use a shorter patience, or Erlang C without --patience)"
                ))
        }
        var staffingTarget: StaffingTarget?
        if let target {
            switch StaffingTarget.reading(target) {
            case .success(let parsed): staffingTarget = parsed
            case .failure(.unreadable):
                problems.append(
                    Diagnostic(
                        .argument("--target"),
                        "cannot read '\(target)'; write one of \(StaffingTarget.writtenForms)"))
            case .failure(.unattainable(let why)):
                problems.append(Diagnostic(.argument("--target"), "'\(target)' can never be met: \(why)"))
            }
            if case .serviceLevel(_, let within)? = staffingTarget, answer == nil { answer = within }
            if case .maxAbandonment? = staffingTarget, patience == nil {
                problems.append(
                    Diagnostic(.argument("--target"), "an abandonment target needs --patience (Erlang A)"))
            }
        }
        var range: ClosedRange<Int>?
        if let servers {
            let bounds = servers.split(separator: "-").map { Int($0) }
            if bounds.count == 1, let n = bounds[0], n >= 1, n <= 1_000_000 {
                range = n...n
            } else if bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 1, low <= high,
                high - low <= 10_000
            {
                range = low...high
            } else {
                problems.append(
                    Diagnostic(
                        .argument("--servers"),
                        "must be a number of servers (35) or a range (30-40); got '\(servers)'"))
            }
        }
        guard problems.isEmpty, let lambda, let service else { throw InputError(problems) }
        let answerSeconds = answer ?? 20

        var mark: Int?
        if let staffingTarget {
            let solved =
                if let patienceSeconds {
                    try solveErlangA(lambda, service, patienceSeconds, staffingTarget)
                } else {
                    Staffing.erlangC(arrivalRate: lambda, serviceTime: service, target: staffingTarget)
                }
            guard let solved else {
                throw InputError(
                    Diagnostic(
                        .argument("--target"),
                        "no staffing up to \(Staffing.searchLimit(load: lambda * service)) servers meets '\(target ?? "")' (far beyond the offered load of \(CSVWriter.number(lambda * service)) erlangs)"
                    ))
            }
            mark = solved
            if range == nil { range = max(1, solved - 2)...(solved + 2) }
        }
        let load = lambda * service
        let rows = (range ?? Self.defaultRange(load: load, withPatience: patienceSeconds != nil)).map {
            ErlangRow(
                arrivalRate: lambda, serviceTime: service, servers: $0, patience: patienceSeconds,
                answerTime: answerSeconds)
        }
        if csv {
            print(ErlangTable.csv(rows, answerTime: answerSeconds), terminator: "")
        } else {
            let model = patienceSeconds == nil ? "Erlang C (M/M/c)" : "Erlang A (M/M/c+M)"
            print("\(model): offered load \(String(format: "%.3f", load)) erlangs")
            if let mark, let target { print("fewest servers meeting \(target): \(mark)") }
            print(ErlangTable.text(rows, answerTime: answerSeconds, mark: mark), terminator: "")
        }
    }

    /// Erlang A's fewest servers; a target whose service level is beyond exact computation is bad
    /// input, said plainly.
    func solveErlangA(_ lambda: Double, _ service: Double, _ patience: Double, _ target: StaffingTarget)
        throws(InputError) -> Int?
    {
        do {
            return try Staffing.erlangA(
                arrivalRate: lambda, serviceTime: service, patience: patience, target: target)
        } catch {
            throw InputError(
                Diagnostic(
                    .argument("--target"),
                    "the service level of this queue (\(CSVWriter.number(lambda * patience)) callers' worth of patience) is beyond exact computation; use a shorter --answer-time or --patience"
                ))
        }
    }

    /// Ten staffing levels from just above the load (Erlang C needs more servers than erlangs).
    static func defaultRange(load: Double, withPatience: Bool) -> ClosedRange<Int> {
        let low = max(1, Int(load.rounded(.down)) + (withPatience ? -2 : 1))
        return low...(low + 9)
    }
}
