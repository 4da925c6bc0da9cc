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
        let query = try checkedQuery()
        var range = query.servers
        var mark: Int?
        if let target = query.target {
            let solved = try solve(query, target)
            mark = solved
            if range == nil { range = max(1, solved - 2)...(solved + 2) }
        }
        let load = query.arrivalRate * query.serviceTime
        let rows = (range ?? Self.defaultRange(load: load, withPatience: query.patience != nil)).map {
            ErlangRow(
                arrivalRate: query.arrivalRate, serviceTime: query.serviceTime, servers: $0,
                patience: query.patience, answerTime: query.answerTime)
        }
        if csv {
            print(ErlangTable.csv(rows, answerTime: query.answerTime, mark: mark), terminator: "")
        } else {
            let model = query.patience == nil ? "Erlang C (M/M/c)" : "Erlang A (M/M/c+M)"
            print("\(model): offered load \(String(format: "%.3f", load)) erlangs")
            if let mark, let target { print("fewest servers meeting \(target): \(mark)") }
            print(ErlangTable.text(rows, answerTime: query.answerTime, mark: mark), terminator: "")
        }
    }

    /// The fewest servers meeting `target`, or bad input saying none up to the search's limit does.
    func solve(_ query: ErlangQuery, _ target: StaffingTarget) throws(InputError) -> Int {
        let (lambda, service) = (query.arrivalRate, query.serviceTime)
        let solved =
            if let patience = query.patience {
                try solveErlangA(lambda, service, patience, target)
            } else {
                Staffing.erlangC(arrivalRate: lambda, serviceTime: service, target: target)
            }
        guard let solved else {
            throw InputError(
                Diagnostic(
                    .argument("--target"),
                    "no staffing up to \(Staffing.searchLimit(load: lambda * service)) servers meets '\(self.target ?? "")' (far beyond the offered load of \(CSVWriter.number(lambda * service)) erlangs)"
                ))
        }
        return solved
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
