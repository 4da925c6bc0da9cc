import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `sweep` section: a factorial grid over numeric keys.
///
/// ```yaml
/// sweep:
///   channels.hotline.servers: [30, 35, 40]
///   channels.hotline.patience.mean: [3m, 5m]
/// ```
///
/// Every combination is a sweep point (the first key varies slowest); each point's values are set
/// into the scenario — after a policy's overlay, so a sweep can vary what the policies share —
/// and the result is validated like any scenario, errors located at the swept value.
extension ScenarioLoader {
    /// The most points a sweep may have.
    static let maxSweepPoints = 10_000

    /// Top-level keys that define the experiment as a whole (as for policy overlays): every sweep
    /// point shares them, so a sweep of one would be ignored, and is refused instead.
    static let runSettingKeys = [
        "name", "horizon", "warmup", "replications", "seed", "report_interval", "window",
    ]

    /// Reads the sweep's keys and values; nil after reporting a problem. No sweep is one point.
    static func readSweep(_ tree: YAMLTree?, base: YAMLTree, sink: DiagnosticSink) -> [SweepAxis]? {
        guard let tree else { return [] }
        guard case .mapping(let entries, _) = tree else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "'sweep' must map dotted keys to lists of values, e.g. channels.hotline.servers: [30, 35, 40]"
                ))
            return nil
        }
        var axes: [SweepAxis] = []
        var failed = false
        for entry in entries {
            guard let values = entry.value.list("'sweep.\(entry.key)'", sink) else {
                failed = true
                continue
            }
            guard !values.isEmpty else {
                sink.report(Diagnostic(at: entry.value.location, "'sweep.\(entry.key)' lists no values"))
                failed = true
                continue
            }
            let path = entry.key.split(separator: ".").map(String.init)
            if path.count == 1, runSettingKeys.contains(entry.key) {
                sink.report(
                    Diagnostic(
                        at: entry.keyLocation,
                        "'\(entry.key)' is set for the whole run, not per sweep point, so it cannot be swept"
                            + (entry.key == "replications" || entry.key == "seed" || entry.key == "horizon"
                                ? "; use --\(entry.key) to change it" : "")))
                failed = true
                continue
            }
            guard let current = lookUp(path, in: base, keyLocation: entry.keyLocation, sink: sink) else {
                failed = true
                continue
            }
            guard case .scalar(let text, _, _) = current, isNumeric(text) else {
                sink.report(
                    Diagnostic(
                        at: entry.keyLocation,
                        "'\(entry.key)' is not a number, duration, rate or share, so it cannot be swept"))
                failed = true
                continue
            }
            var texts: [(String, SourceLocation)] = []
            for value in values {
                guard case .scalar(let text, let location, _) = value, isNumeric(text) else {
                    sink.report(
                        Diagnostic(
                            at: value.location,
                            "sweep values must be numbers, durations, rates or shares, like the value they replace"
                        ))
                    failed = true
                    continue
                }
                if let earlier = texts.first(where: { sameQuantity($0.0, text) }) {
                    sink.report(
                        Diagnostic(
                            at: location,
                            "'sweep.\(entry.key)' lists \(text) twice (first at line \(earlier.1.line)); each point must differ"
                        ))
                    failed = true
                    continue
                }
                texts.append((text, location))
            }
            axes.append(SweepAxis(key: entry.key, path: path, values: texts))
        }
        let points = axes.reduce(1) { $0 * $1.values.count }
        if points > maxSweepPoints {
            sink.report(
                Diagnostic(
                    at: tree.location, "the sweep has \(points) points; at most \(maxSweepPoints) are allowed"
                ))
            return nil
        }
        return failed ? nil : axes
    }

    /// Every combination of the axes' values, the first axis varying slowest.
    static func points(of axes: [SweepAxis]) -> [[(axis: Int, value: Int)]] {
        var points: [[(axis: Int, value: Int)]] = [[]]
        for (index, axis) in axes.enumerated() {
            points = points.flatMap { point in axis.values.indices.map { point + [(index, $0)] } }
        }
        return points
    }

    /// The value at `path`, or a located report of where the path leaves the scenario.
    static func lookUp(_ path: [String], in tree: YAMLTree, keyLocation: SourceLocation, sink: DiagnosticSink)
        -> YAMLTree?
    {
        var node = tree
        for (depth, key) in path.enumerated() {
            guard case .mapping(let entries, _) = node else {
                sink.report(
                    Diagnostic(
                        at: keyLocation,
                        "'\(path.prefix(depth).joined(separator: "."))' has no keys, so '\(path.joined(separator: "."))' names nothing"
                    ))
                return nil
            }
            guard let next = entries.first(where: { $0.key == key })?.value else {
                let here = path.prefix(depth).joined(separator: ".")
                sink.report(
                    Diagnostic(
                        at: keyLocation,
                        "the scenario has no '\(path.prefix(depth + 1).joined(separator: "."))' to sweep"
                            + Suggestion.hint(for: key, in: entries.map(\.key)).replacingOccurrences(
                                of: "did you mean '", with: "did you mean '\(here.isEmpty ? "" : here + ".")")
                    ))
                return nil
            }
            node = next
        }
        return node
    }

    /// `tree` with the scalar at `path` replaced by `value` (which keeps its own location).
    static func setting(_ path: ArraySlice<String>, to value: YAMLTree, in tree: YAMLTree) -> YAMLTree {
        guard let key = path.first, case .mapping(var entries, let location) = tree,
            let index = entries.firstIndex(where: { $0.key == key })
        else { return tree }
        entries[index].value =
            path.count == 1 ? value : setting(path.dropFirst(), to: value, in: entries[index].value)
        return .mapping(entries, location)
    }

    /// Whether two sweep values are the same quantity, however written (`2` and `2.0`, `2m` and
    /// `120s`).
    static func sameQuantity(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        func value(_ text: String) -> Double? {
            if let number = Double(text.replacingOccurrences(of: "_", with: "")) { return number }
            if case .success(let seconds) = Units.duration(text) { return seconds }
            if case .success(let rate) = Units.rate(text) { return rate }
            if case .success(let share) = Units.probability(text) { return share }
            return nil
        }
        guard let x = value(a), let y = value(b) else { return false }
        return x == y
    }

    /// Whether a scalar reads as a quantity: a number, possibly with a unit, a rate or a percentage.
    static func isNumeric(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return first.isNumber || ((first == "-" || first == "+" || first == ".") && text.count > 1)
    }
}

/// One swept key and its values, as written.
struct SweepAxis {
    /// The dotted key.
    var key: String
    /// The key split at the dots.
    var path: [String]
    /// The values, as written, with where each was written.
    var values: [(text: String, location: SourceLocation)]
}
