import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Reads one YAML mapping of a scenario: checks its keys against the valid ones (reporting
/// misspellings with the nearest valid key) and hands out its values. Problems go to the sink;
/// readers never stop at the first one.
struct MappingReader {
    let tree: YAMLTree
    let sink: DiagnosticSink
    /// What the mapping is, for messages: "channel 'hotline'".
    let subject: String
    /// Valid keys that an unknown key was reported as a misspelling of: a missing one of these
    /// is not reported again.
    let suggested: Set<String>

    /// Opens `tree` as a mapping whose valid keys are `keys`; reports and returns nil if it is
    /// not a mapping.
    init?(_ tree: YAMLTree, keys: [String], subject: String, sink: DiagnosticSink) {
        guard case .mapping(let entries, _) = tree else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "\(subject) must be a mapping (key: value lines), not \(tree.shapeName)"))
            return nil
        }
        self.tree = tree
        self.sink = sink
        self.subject = subject
        var suggested = Set<String>()
        for entry in entries where !keys.contains(entry.key) {
            if let near = Suggestion.nearest(to: entry.key, in: keys) { suggested.insert(near) }
            sink.report(
                Diagnostic(
                    at: entry.keyLocation,
                    "unknown key '\(entry.key)' in \(subject)" + Suggestion.hint(for: entry.key, in: keys)))
        }
        self.suggested = suggested
    }

    /// Whether `key` is missing only because it was misspelt (already reported).
    func wasMisspelt(_ key: String) -> Bool { suggested.contains(key) }

    /// The keys present, in file order.
    var keys: [String] {
        guard case .mapping(let entries, _) = tree else { return [] }
        return entries.map(\.key)
    }

    /// The value under `key`, if present.
    subscript(key: String) -> YAMLTree? { tree[key] }

    /// The value under `key`, or a report that it is missing.
    func required(_ key: String, _ what: String = "") -> YAMLTree? {
        if let value = tree[key] { return value }
        if wasMisspelt(key) { return nil }
        sink.report(
            Diagnostic(at: tree.location, "\(subject) needs '\(key)'\(what.isEmpty ? "" : " (\(what))")"))
        return nil
    }
}

/// Typed readers for scenario values. Each returns nil after reporting a located problem.
extension YAMLTree {
    /// The scalar text, or a report that a single value was expected.
    func scalarText(_ what: String, _ sink: DiagnosticSink) -> String? {
        guard case .scalar(let text, _, _) = self else {
            sink.report(Diagnostic(at: location, "\(what) must be a single value, not \(shapeName)"))
            return nil
        }
        return text
    }

    /// A non-empty string.
    func string(_ what: String, _ sink: DiagnosticSink) -> String? {
        guard let text = scalarText(what, sink) else { return nil }
        guard !text.isEmpty else {
            sink.report(Diagnostic(at: location, "\(what) must not be empty"))
            return nil
        }
        return text
    }

    /// A whole number in `range`.
    func integer(_ what: String, in range: ClosedRange<Int>, _ sink: DiagnosticSink) -> Int? {
        guard let text = scalarText(what, sink) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            sink.report(Diagnostic(at: location, "\(what) must be a whole number, got '\(text)'"))
            return nil
        }
        guard range.contains(value) else {
            sink.report(Diagnostic(at: location, "\(what) must be \(Self.describe(range)), got \(value)"))
            return nil
        }
        return value
    }

    /// A plain number in `range`.
    func number(_ what: String, in range: ClosedRange<Double>, _ sink: DiagnosticSink) -> Double? {
        guard let text = scalarText(what, sink) else { return nil }
        guard let value = Double(text), value.isFinite else {
            sink.report(Diagnostic(at: location, "\(what) must be a number, got '\(text)'"))
            return nil
        }
        guard range.contains(value) else {
            sink.report(
                Diagnostic(
                    at: location,
                    "\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(text)"))
            return nil
        }
        return value
    }

    /// A duration (seconds) of at least `minimum` seconds (`positive`: strictly above 0).
    func duration(_ what: String, positive: Bool, _ sink: DiagnosticSink) -> Double? {
        guard let text = scalarText(what, sink) else { return nil }
        switch Units.duration(text) {
        case .success(let seconds):
            if seconds > Units.maxDuration {
                sink.report(
                    Diagnostic(
                        at: location,
                        "\(what) of '\(text)' is longer than the 520w (ten years) GovLoad accepts"))
                return nil
            }
            if seconds < 0 || (positive && seconds == 0) {
                sink.report(
                    Diagnostic(
                        at: location,
                        "\(what) must be \(positive ? "positive" : "zero or more"), got '\(text)'"))
                return nil
            }
            return seconds
        case .failure(let problem):
            sink.report(
                Diagnostic(
                    at: location,
                    Self.unitMessage(
                        problem, what: what, text: text, kind: "a duration", example: "90s, 15m, 2h, 3d or 1w"
                    )))
            return nil
        }
    }

    /// A rate per second, zero or more.
    func rate(_ what: String, _ sink: DiagnosticSink) -> Double? {
        guard let text = scalarText(what, sink) else { return nil }
        switch Units.rate(text) {
        case .success(let rate):
            if rate > Units.maxRate {
                sink.report(
                    Diagnostic(
                        at: location, "\(what) of '\(text)' is above the million a second GovLoad accepts"))
                return nil
            }
            if rate < 0 {
                sink.report(Diagnostic(at: location, "\(what) must be zero or more, got '\(text)'"))
                return nil
            }
            return rate
        case .failure(let problem):
            sink.report(
                Diagnostic(
                    at: location,
                    Self.unitMessage(
                        problem, what: what, text: text, kind: "a rate", example: "10/min, 240/h or 0.5/d")))
            return nil
        }
    }

    /// A probability in [0, 1], written `85%` or `0.85`.
    func probability(_ what: String, _ sink: DiagnosticSink) -> Double? {
        guard let text = scalarText(what, sink) else { return nil }
        switch Units.probability(text) {
        case .success(let p) where (0...1).contains(p): return p
        case .success:
            sink.report(Diagnostic(at: location, "\(what) must be between 0% and 100%, got '\(text)'"))
        case .failure(let problem):
            sink.report(
                Diagnostic(
                    at: location,
                    Self.unitMessage(problem, what: what, text: text, kind: "a share", example: "85% or 0.85")
                ))
        }
        return nil
    }

    /// A factor in `range`, written `150%` or `1.5`.
    func factor(_ what: String, in range: ClosedRange<Double>, _ sink: DiagnosticSink) -> Double? {
        guard let text = scalarText(what, sink) else { return nil }
        switch Units.probability(text) {
        case .success(let value) where range.contains(value): return value
        case .success:
            sink.report(
                Diagnostic(
                    at: location,
                    "\(what) must be between \(Int(range.lowerBound * 100))% and \(Int(range.upperBound * 100))%, got '\(text)'"
                ))
        case .failure(let problem):
            sink.report(
                Diagnostic(
                    at: location,
                    Self.unitMessage(
                        problem, what: what, text: text, kind: "a factor", example: "150% or 1.5")))
        }
        return nil
    }

    /// A list of values.
    func list(_ what: String, _ sink: DiagnosticSink) -> [YAMLTree]? {
        guard case .sequence(let items, _) = self else {
            sink.report(Diagnostic(at: location, "\(what) must be a list, not \(shapeName)"))
            return nil
        }
        return items
    }

    /// A list of exactly `count` non-negative numbers.
    func factors(_ what: String, count: Int, _ sink: DiagnosticSink) -> [Double]? {
        guard let items = list(what, sink) else { return nil }
        guard items.count == count else {
            sink.report(Diagnostic(at: location, "\(what) must list \(count) factors, got \(items.count)"))
            return nil
        }
        let values = items.compactMap { $0.number("each factor of \(what)", in: 0...1e9, sink) }
        return values.count == count ? values : nil
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    static func unitMessage(
        _ problem: Units.Problem, what: String, text: String, kind: String, example: String
    ) -> String {
        switch problem {
        case .malformed: "\(what) must be \(kind) such as \(example), got '\(text)'"
        case .missingUnit: "\(what) needs a unit, e.g. \(example); got '\(text)'"
        case .unknownUnit(let unit):
            "unknown unit '\(unit)' in \(what) '\(text)'; write \(kind) such as \(example)"
        }
    }
}
