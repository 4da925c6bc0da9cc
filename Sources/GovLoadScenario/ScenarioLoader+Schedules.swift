import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Shift schedules: which days, from when to when, how many on duty.
extension ScenarioLoader {
    /// `schedule`: a list of shifts, weekly `{days: mon-fri, from: "08:00", to: "18:00", servers: 12}`
    /// or dated `{from: "12d 06:00", to: "15d 00:00", servers: 80}` (times of the run: days from
    /// its start and a time of day), which add to the weekly ones.
    static func readSchedule(_ tree: YAMLTree, subject: String, sink: DiagnosticSink) -> ShiftSchedule? {
        guard let items = tree.list("'schedule' of \(subject)", sink) else { return nil }
        guard !items.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'schedule' of \(subject) lists no shifts"))
            return nil
        }
        var shifts: [ShiftSchedule.Shift] = []
        var dated: [ShiftSchedule.DatedShift] = []
        var failed = false
        for item in items {
            guard
                let reader = MappingReader(
                    item, keys: shiftKeys, subject: "a shift of \(subject)", sink: sink)
            else {
                failed = true
                continue
            }
            if reader["days"] == nil, let from = reader["from"], Units.runTime(from.scalarValue ?? "") != nil
            {
                if let shift = readDatedShift(reader, from: from, sink: sink) {
                    dated.append(shift)
                } else {
                    failed = true
                }
            } else if let shift = readWeeklyShift(reader, sink: sink) {
                shifts.append(shift)
            } else {
                failed = true
            }
        }
        guard !failed else { return nil }
        let schedule = ShiftSchedule(shifts: shifts, dated: dated)
        if schedule.peak == 0 {
            sink.report(
                Diagnostic(at: tree.location, "the 'schedule' of \(subject) never has anyone on duty"))
            return nil
        }
        return schedule
    }

    /// A weekly shift: days, times of day and a headcount.
    static func readWeeklyShift(_ reader: MappingReader, sink: DiagnosticSink) -> ShiftSchedule.Shift? {
        let days = reader.required("days", "e.g. mon-fri, or dated times such as from: \"12d 06:00\"").flatMap
        {
            readDays($0, sink: sink)
        }
        let from = reader.required("from", "e.g. \"08:00\"").flatMap {
            readTimeOfDay($0, what: "'from'", sink: sink)
        }
        let to = reader.required("to", "e.g. \"18:00\"").flatMap {
            readTimeOfDay($0, what: "'to'", sink: sink)
        }
        let servers = reader.required("servers").flatMap {
            $0.integer("'servers' of a shift", in: 0...maxServers, sink)
        }
        guard let days, let from, let to, let servers else { return nil }
        if from == to, let node = reader["to"] {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "a shift must not start and end at the same time; for round the clock write from: \"00:00\", to: \"24:00\""
                ))
            return nil
        }
        return ShiftSchedule.Shift(
            days: days, start: from, end: to == SimClock.day ? 0 : to, servers: servers)
    }

    /// A dated shift: `from` and `to` as times of the run (`"12d 06:00"`), `to` after `from`.
    static func readDatedShift(_ reader: MappingReader, from: YAMLTree, sink: DiagnosticSink)
        -> ShiftSchedule.DatedShift?
    {
        let start = readRunTime(from, what: "'from'", sink: sink)
        let end = reader.required("to", "e.g. \"15d 00:00\"").flatMap {
            readRunTime($0, what: "'to'", sink: sink)
        }
        let servers = reader.required("servers").flatMap {
            $0.integer("'servers' of a shift", in: 0...maxServers, sink)
        }
        guard let start, let end, let servers else { return nil }
        guard end > start else {
            if let node = reader["to"] {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "a dated shift must end after it starts (from \(Units.formatRunTime(start)) to \(Units.formatRunTime(end)))"
                    ))
            }
            return nil
        }
        return ShiftSchedule.DatedShift(start: start, end: end, servers: servers)
    }

    static func readRunTime(_ tree: YAMLTree, what: String, sink: DiagnosticSink) -> Double? {
        guard let text = tree.string(what, sink) else { return nil }
        guard let seconds = Units.runTime(text) else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "\(what) of a dated shift must be a time of the run, days from the start and a time of day, e.g. \"12d 06:00\"; got '\(text)'"
                ))
            return nil
        }
        return seconds
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Days: `mon-fri`, `sat,sun`, `all`, `daily`, `weekdays`, `weekends`, or a list of day names.
    static func readDays(_ tree: YAMLTree, sink: DiagnosticSink) -> Set<Int>? {
        var words: [(String, SourceLocation)] = []
        if case .sequence(let items, _) = tree {
            for item in items {
                if let text = item.string("a day", sink) { words.append((text, item.location)) }
            }
        } else if let text = tree.string("'days'", sink) {
            words = text.split(separator: ",").map {
                (String($0).lowercased().filter { $0 != " " }, tree.location)
            }
        } else {
            return nil
        }
        var days = Set<Int>()
        for (word, location) in words {
            switch word {
            case "all", "daily", "every_day": days.formUnion(0..<7)
            case "weekdays": days.formUnion(0..<5)
            case "weekends", "weekend": days.formUnion(5..<7)
            default:
                let ends = word.split(separator: "-").map(String.init)
                let indices = ends.map { end in dayNames.firstIndex(of: String(end.prefix(3))) }
                guard (1...2).contains(ends.count), indices.allSatisfy({ $0 != nil }),
                    let first = indices.first ?? nil,
                    let last = indices.last ?? nil
                else {
                    sink.report(
                        Diagnostic(
                            at: location,
                            "'\(word)' is not a day or a range of days; write e.g. mon-fri, sat,sun, weekdays or all"
                        ))
                    return nil
                }
                var day = first
                while true {
                    days.insert(day)
                    if day == last { break }
                    day = (day + 1) % 7
                }
            }
        }
        return days
    }

    static func readTimeOfDay(_ tree: YAMLTree, what: String, sink: DiagnosticSink) -> Double? {
        guard let text = tree.string(what, sink) else { return nil }
        guard let seconds = Units.timeOfDay(text) else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "\(what) must be a time of day HH:MM between 00:00 and 24:00, got '\(text)'"))
            return nil
        }
        return seconds
    }
}
