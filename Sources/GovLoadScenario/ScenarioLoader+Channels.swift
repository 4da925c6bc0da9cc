import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `channels` section: service points, their staffing, service and patience.
extension ScenarioLoader {
    static let channelKeys = [
        "kind", "servers", "schedule", "service_time", "patience", "capacity", "external_arrivals",
        "cost_per_hour", "retry", "hours",
    ]
    static let hoursKeys = ["days", "from", "to"]
    static let arrivalKeys = ["rate", "hourly", "daily", "priority", "case_type"]
    static let shiftKeys = ["days", "from", "to", "servers"]
    /// The most servers a channel may have: an absurd number is a typo.
    static let maxServers = 1_000_000

    static func readChannels(_ tree: YAMLTree, caseTypes: Set<String>?, sink: DiagnosticSink)
        -> [ChannelSpec]?
    {
        guard case .mapping(let entries, _) = tree else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "'channels' must be a mapping of channel names to channels, not \(tree.shapeName)"))
            return nil
        }
        guard !entries.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'channels' is empty; define at least one channel"))
            return nil
        }
        guard entries.count <= CaseOrigin.maxChannels else {
            sink.report(
                Diagnostic(
                    at: entries[CaseOrigin.maxChannels].keyLocation,
                    "a scenario may have at most \(CaseOrigin.maxChannels) channels; this is number \(CaseOrigin.maxChannels + 1) of \(entries.count)"
                ))
            return nil
        }
        var channels: [ChannelSpec] = []
        var failed = false
        for entry in entries {
            if let channel = readChannel(name: entry.key, entry.value, caseTypes: caseTypes, sink: sink) {
                channels.append(channel)
            } else {
                failed = true
            }
        }
        return failed ? nil : channels
    }

    /// Reads one channel; `caseTypes` is the city's case types, nil for a scenario without a city.
    static func readChannel(name: String, _ tree: YAMLTree, caseTypes: Set<String>?, sink: DiagnosticSink)
        -> ChannelSpec?
    {
        let subject = "channel '\(name)'"
        guard let reader = MappingReader(tree, keys: channelKeys, subject: subject, sink: sink) else {
            return nil
        }
        var kind: ChannelKind? = .generic
        if let node = reader["kind"], let text = node.string("'kind'", sink) {
            kind = ChannelKind(rawValue: text)
            if kind == nil {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "unknown channel kind '\(text)'"
                            + Suggestion.hint(for: text, in: ChannelKind.allCases.map(\.rawValue))))
            }
        }
        let schedule = readStaffing(reader, tree: tree, subject: subject, sink: sink)
        let arrivals: [ExternalArrivals]?
        if caseTypes != nil {
            if let node = reader["external_arrivals"] {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "\(subject): 'external_arrivals' is for scenarios without a city; in a city, residents raise the contacts"
                    ))
                arrivals = nil
            } else {
                arrivals = []
            }
        } else if let node = reader["external_arrivals"] {
            arrivals = readArrivals(node, subject: subject, sink: sink)
        } else {
            if !reader.wasMisspelt("external_arrivals") {
                sink.report(
                    Diagnostic(
                        at: tree.location,
                        "\(subject) has no 'external_arrivals'; a scenario without a city feeds channels only through them"
                    ))
            }
            arrivals = nil
        }
        let service = reader.required("service_time", "e.g. {dist: exponential, mean: 3m}").flatMap {
            readServiceTimes(
                $0, subject: subject, caseTypes: caseTypes ?? Set(arrivals?.compactMap(\.caseType) ?? []),
                sink: sink)
        }
        let patience = reader["patience"].map {
            readDistribution($0, what: "'patience' of \(subject)", sink: sink)
        }
        let capacity = reader["capacity"].map {
            $0.integer("'capacity' of \(subject)", in: 0...100_000_000, sink)
        }
        let cost =
            reader["cost_per_hour"].map { $0.number("'cost_per_hour' of \(subject)", in: 0...1e9, sink) } ?? 0
        let retry = reader["retry"].map {
            readRetry($0, subject: subject, hasPatience: patience != nil, sink: sink)
        }

        if let node = reader["hours"], let schedule {
            checkOpeningHours(node, schedule: schedule, subject: subject, sink: sink)
        }

        guard let kind, let schedule, let service, let arrivals, let cost else { return nil }
        if case .some(.none) = patience { return nil }
        if case .some(.none) = capacity { return nil }
        if case .some(.none) = retry { return nil }
        return ChannelSpec(
            name: name, kind: kind, schedule: schedule, serviceTime: service.default,
            serviceTimeByCaseType: service.byCaseType, patience: patience ?? nil, capacity: capacity ?? nil,
            arrivals: arrivals, costPerStaffHour: cost, retry: retry ?? nil)
    }

    /// `hours`: when the channel is meant to be open, as shifts without headcounts
    /// (`[{days: mon-fri, from: "09:00", to: "18:00"}]`). A time inside them with nobody on the
    /// schedule is a gap in the staffing plan, reported with the first such stretch.
    static func checkOpeningHours(
        _ tree: YAMLTree, schedule: ShiftSchedule, subject: String, sink: DiagnosticSink
    ) {
        guard let items = tree.list("'hours' of \(subject)", sink) else { return }
        var shifts: [ShiftSchedule.Shift] = []
        for item in items {
            guard
                let reader = MappingReader(
                    item, keys: hoursKeys, subject: "'hours' of \(subject)", sink: sink),
                let days = reader.required("days", "e.g. mon-fri").flatMap({ readDays($0, sink: sink) }),
                let from = reader.required("from", "e.g. \"09:00\"").flatMap({
                    readTimeOfDay($0, what: "'from'", sink: sink)
                }),
                let to = reader.required("to", "e.g. \"18:00\"").flatMap({
                    readTimeOfDay($0, what: "'to'", sink: sink)
                })
            else { return }
            shifts.append(
                ShiftSchedule.Shift(days: days, start: from, end: to == SimClock.day ? 0 : to, servers: 1))
        }
        let open = ShiftSchedule(shifts: shifts)
        // Every stretch of the week between changes of either schedule.
        let points = Set(open.offsets + schedule.offsets + [SimClock.week]).sorted()
        var gapStart: SimTime?
        var gapEnd: SimTime = 0
        for (start, end) in zip(points, points.dropFirst()) {
            let gap = open.servers(at: start) > 0 && schedule.servers(at: start) == 0
            if gap && gapStart == nil { gapStart = start }
            if gap { gapEnd = end } else if gapStart != nil { break }
        }
        guard let gapStart else { return }
        func moment(_ time: SimTime) -> String {
            let day = Int(time / SimClock.day) % 7
            let seconds = Int(time) % 86_400
            let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            return "\(names[day]) " + String(format: "%02d:%02d", seconds / 3_600, seconds % 3_600 / 60)
        }
        sink.report(
            Diagnostic(
                at: tree.location,
                "\(subject) has nobody on shift \(moment(gapStart))–\(moment(gapEnd)), inside its 'hours'; add a shift or narrow the hours"
            ))
    }

    /// `servers: N` or `schedule: [shifts]`, exactly one of them.
    static func readStaffing(_ reader: MappingReader, tree: YAMLTree, subject: String, sink: DiagnosticSink)
        -> ShiftSchedule?
    {
        let schedule: ShiftSchedule?
        switch (reader["servers"], reader["schedule"]) {
        case (let servers?, nil):
            schedule = servers.integer("'servers' of \(subject)", in: 1...maxServers, sink).map {
                ShiftSchedule(constant: $0)
            }
        case (nil, let shifts?):
            schedule = readSchedule(shifts, subject: subject, sink: sink)
        case (_?, let shifts?):
            sink.report(
                Diagnostic(at: shifts.location, "\(subject) has both 'servers' and 'schedule'; keep one"))
            schedule = nil
        case (nil, nil):
            if !reader.wasMisspelt("servers") && !reader.wasMisspelt("schedule") {
                sink.report(
                    Diagnostic(
                        at: tree.location, "\(subject) needs 'servers' (a headcount) or 'schedule' (shifts)"))
            }
            schedule = nil
        }
        return schedule
    }

    /// `retry: {probability: 60%, delay: {dist: exponential, mean: 20m}, max_attempts: 3}`.
    static func readRetry(_ tree: YAMLTree, subject: String, hasPatience: Bool, sink: DiagnosticSink)
        -> RetryRule?
    {
        let what = "'retry' of \(subject)"
        guard
            let reader = MappingReader(
                tree, keys: ["probability", "delay", "max_attempts"], subject: what, sink: sink)
        else { return nil }
        if !hasPatience {
            sink.report(
                Diagnostic(at: tree.location, "\(what) needs 'patience': only callers who give up call again")
            )
            return nil
        }
        let probability = reader.required("probability", "e.g. 60%").flatMap {
            $0.probability("'probability' of \(what)", sink)
        }
        let delay = reader.required("delay", "e.g. {dist: exponential, mean: 20m}").flatMap {
            readDistribution($0, what: "'delay' of \(what)", sink: sink)
        }
        let attempts =
            reader["max_attempts"].map { $0.integer("'max_attempts' of \(what)", in: 2...100, sink) } ?? 3
        guard let probability, let delay, let attempts else { return nil }
        return RetryRule(probability: probability, delay: delay, maxAttempts: attempts)
    }

    /// `service_time`: a distribution, or a mapping from case types (and `default`) to distributions.
    static func readServiceTimes(
        _ tree: YAMLTree, subject: String, caseTypes: Set<String>, sink: DiagnosticSink
    )
        -> (default: Distribution, byCaseType: [String: Distribution])?
    {
        if tree["dist"] != nil || !isMapping(tree) {
            return readDistribution(tree, what: "'service_time' of \(subject)", sink: sink).map { ($0, [:]) }
        }
        guard case .mapping(let entries, _) = tree else { return nil }
        var byType: [String: Distribution] = [:]
        var fallback: Distribution?
        var failed = false
        for entry in entries {
            guard
                let dist = readDistribution(
                    entry.value, what: "'service_time.\(entry.key)' of \(subject)", sink: sink)
            else {
                failed = true
                continue
            }
            if entry.key == "default" {
                fallback = dist
            } else if caseTypes.contains(entry.key) {
                byType[entry.key] = dist
            } else {
                failed = true
                let known = ["default"] + caseTypes.sorted()
                sink.report(
                    Diagnostic(
                        at: entry.keyLocation,
                        "no arrivals of case type '\(entry.key)' reach \(subject)"
                            + Suggestion.hint(for: entry.key, in: known)))
            }
        }
        if fallback == nil && !caseTypes.isSubset(of: byType.keys) && !failed {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "'service_time' of \(subject) needs a 'default' or an entry for every case type that arrives"
                ))
            return nil
        }
        guard !failed, let service = fallback ?? byType.values.first else { return nil }
        return (service, byType)
    }

    static func isMapping(_ tree: YAMLTree) -> Bool {
        if case .mapping = tree { return true }
        return false
    }

    static func readArrivals(_ tree: YAMLTree, subject: String, sink: DiagnosticSink) -> [ExternalArrivals]? {
        let items: [YAMLTree]
        if case .sequence(let list, _) = tree { items = list } else { items = [tree] }
        guard !items.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'external_arrivals' of \(subject) is an empty list"))
            return nil
        }
        let streams = items.map { readArrivalStream($0, subject: subject, sink: sink) }
        return streams.contains { $0 == nil } ? nil : streams.compactMap { $0 }
    }

    static func readArrivalStream(_ tree: YAMLTree, subject: String, sink: DiagnosticSink)
        -> ExternalArrivals?
    {
        let what = "'external_arrivals' of \(subject)"
        guard let reader = MappingReader(tree, keys: arrivalKeys, subject: what, sink: sink) else {
            return nil
        }
        let rate = reader.required("rate", "e.g. 10/min").flatMap { $0.rate("'rate' of \(what)", sink) }
        let hourly = reader["hourly"].map { $0.factors("'hourly'", count: 24, sink) }
        let daily = reader["daily"].map { $0.factors("'daily'", count: 7, sink) }
        let priority = reader["priority"].map { $0.integer("'priority'", in: 0...9, sink) } ?? 0
        let caseType = reader["case_type"].map { $0.string("'case_type'", sink) }
        guard let rate, let priority else { return nil }
        if case .some(.none) = hourly { return nil }
        if case .some(.none) = daily { return nil }
        if case .some(.none) = caseType { return nil }
        let process = ArrivalProcess(
            ratePerSecond: rate, hourFactors: hourly ?? nil, dayFactors: daily ?? nil)
        return ExternalArrivals(process: process, priority: priority, caseType: caseType ?? nil)
    }
}
