import GovLoad

/// What `govload erlang` was asked, every value checked: rates and durations within GovLoad's
/// bounds, the offered load and Erlang A's state space small enough to compute exactly, a target
/// that can be read and met.
struct ErlangQuery {
    var arrivalRate: Double
    var serviceTime: Double
    var patience: Double?
    var answerTime: Double
    var target: StaffingTarget?
    var servers: ClosedRange<Int>?
}

extension ErlangCommand {
    /// The query, or every problem with the arguments at once.
    func checkedQuery() throws(InputError) -> ErlangQuery {
        var problems: [Diagnostic] = []
        let lambda = checkedRate(&problems)
        let service = checkedDuration(serviceTime, "--service-time", &problems)
        let patienceSeconds = checkedDuration(patience, "--patience", &problems)
        var answer = checkedDuration(answerTime, "--answer-time", &problems)
        if let lambda, let service, lambda * service > Self.maxLoad {
            problems.append(
                Diagnostic(
                    .argument("--arrival-rate"),
                    "with --service-time \(serviceTime) the offered load is \(Self.plain(lambda * service)) erlangs; the calculator takes up to 1000000"
                ))
        }
        if let lambda, let patienceSeconds, lambda * patienceSeconds > Self.maxPatientCallers {
            problems.append(
                Diagnostic(
                    .argument("--patience"),
                    "with these arrivals, a patience of \(patience ?? "") means tracking over 100000 waiting callers; Erlang A is computed exactly only below that (use a shorter patience, or Erlang C without --patience)"
                ))
        }
        let staffingTarget = checkedTarget(&problems)
        if case .serviceLevel(_, let within)? = staffingTarget, answer == nil { answer = within }
        let range = checkedServers(&problems)
        guard problems.isEmpty, let lambda, let service else { throw InputError(problems) }
        return ErlangQuery(
            arrivalRate: lambda, serviceTime: service, patience: patienceSeconds, answerTime: answer ?? 20,
            target: staffingTarget, servers: range)
    }

    /// `--arrival-rate` per second, positive and at most a million a second.
    func checkedRate(_ problems: inout [Diagnostic]) -> Double? {
        switch Units.rate(arrivalRate) {
        case .success(let rate) where rate > 0 && rate <= Units.maxRate: return rate
        case .success(let rate) where rate > Units.maxRate:
            problems.append(
                Diagnostic(.argument("--arrival-rate"), "must be at most 1000000/s; got '\(arrivalRate)'"))
        default:
            problems.append(
                Diagnostic(
                    .argument("--arrival-rate"),
                    "must be a positive rate such as 10/min or 240/h; got '\(arrivalRate)'"))
        }
        return nil
    }

    /// A positive duration of at most ten years, in seconds; nil when not given or refused.
    func checkedDuration(_ text: String?, _ name: String, _ problems: inout [Diagnostic]) -> Double? {
        guard let text else { return nil }
        switch Units.duration(text) {
        case .success(let seconds) where seconds > 0 && seconds <= Units.maxDuration: return seconds
        case .success(let seconds) where seconds > Units.maxDuration:
            problems.append(Diagnostic(.argument(name), "must be at most 520w (ten years); got '\(text)'"))
        default:
            problems.append(
                Diagnostic(
                    .argument(name), "must be a positive duration such as 90s, 3m or 2h; got '\(text)'"))
        }
        return nil
    }

    /// `--target`, read and attainable; an abandonment target needs `--patience`.
    func checkedTarget(_ problems: inout [Diagnostic]) -> StaffingTarget? {
        guard let target else { return nil }
        var parsed: StaffingTarget?
        switch StaffingTarget.reading(target) {
        case .success(let value): parsed = value
        case .failure(.unreadable):
            problems.append(
                Diagnostic(
                    .argument("--target"),
                    "cannot read '\(target)'; write one of \(StaffingTarget.writtenForms)"))
        case .failure(.unattainable(let why)):
            problems.append(Diagnostic(.argument("--target"), "'\(target)' can never be met: \(why)"))
        }
        if case .maxAbandonment? = parsed, patience == nil {
            problems.append(
                Diagnostic(.argument("--target"), "an abandonment target needs --patience (Erlang A)"))
        }
        return parsed
    }

    /// `--servers`: one headcount up to a million, or a range of at most 10,000 levels.
    func checkedServers(_ problems: inout [Diagnostic]) -> ClosedRange<Int>? {
        guard let servers else { return nil }
        let bounds = servers.split(separator: "-").map { Int($0) }
        if bounds.count == 1, let n = bounds[0], n >= 1, n <= 1_000_000 { return n...n }
        if bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 1, low <= high,
            high - low <= 10_000
        {
            return low...high
        }
        problems.append(
            Diagnostic(
                .argument("--servers"),
                "must be a number of servers (35) or a range (30-40); got '\(servers)'"))
        return nil
    }

    /// A number for a message: whole numbers without a decimal point.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }
}
