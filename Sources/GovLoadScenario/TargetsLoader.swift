import Foundation
import GovLoadAnalysis
import GovLoadModel
import GovLoadSupport

/// Reads a calibration targets file (`govload calibrate`; docs/calibration.md): a mapping of
/// target names to targets, each with the metric it is held against, the figure, the tolerance,
/// the source and its quality — every problem located at its file, line and column.
///
/// ```yaml
/// hotline_contacts_per_day:
///   metric: hotline.offered_per_day
///   value: 24000
///   tolerance: 20%
///   source: "Beijing 12345 2020, 11.04 M contacts, per capita (FACTS.md)"
///   quality: I
/// ```
public enum TargetsLoader {
    static let keys = ["metric", "value", "tolerance", "source", "quality", "missing", "weight"]
    /// The most targets a file may hold.
    public static let maxTargets = 1_000

    /// The targets in `path`, in file order; `isMetric` says whether a metric name exists.
    public static func load(path: String, isMetric: (String) -> Bool) throws(InputError)
        -> [CalibrationTarget]
    {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            throw InputError(
                Diagnostic(
                    .file(path), "a targets file's name must end in .yaml or .yml; this one is not read"))
        }
        let (loaded, _) = try YAMLTree.load(path: path, kind: "targets file")
        guard let tree = loaded, case .mapping(let entries, _) = tree, !entries.isEmpty else {
            throw InputError(
                Diagnostic(
                    .file(path),
                    "must map target names to targets (metric, value, tolerance, source, quality)"))
        }
        guard entries.count <= maxTargets else {
            throw InputError(
                Diagnostic(.file(path), "has \(entries.count) targets; at most \(maxTargets) are allowed"))
        }
        let sink = DiagnosticSink()
        var targets: [CalibrationTarget] = []
        for entry in entries {
            if let target = readTarget(name: entry.key, entry.value, isMetric: isMetric, sink: sink) {
                targets.append(target)
            }
        }
        try sink.throwIfAny()
        return targets
    }

    static func readTarget(name: String, _ tree: YAMLTree, isMetric: (String) -> Bool, sink: DiagnosticSink)
        -> CalibrationTarget?
    {
        let subject = "target '\(name)'"
        guard let reader = MappingReader(tree, keys: keys, subject: subject, sink: sink) else { return nil }
        let metric = reader.required("metric", "e.g. hotline.offered_per_day").flatMap { node in
            readMetric(node, subject: subject, isMetric: isMetric, sink: sink)
        }
        let value = reader.required("value", "the figure").flatMap {
            $0.number("'value' of \(subject)", in: -1e12...1e12, sink)
        }
        let tolerance = reader.required("tolerance", "e.g. 20%").flatMap {
            $0.probability("'tolerance' of \(subject)", sink)
        }
        let source = reader.required("source", "where the figure comes from").flatMap {
            $0.string("'source' of \(subject)", sink)
        }
        let quality = reader.required("quality", "S, S-low, U or I").flatMap {
            readQuality($0, subject: subject, sink: sink)
        }
        let missing = reader["missing"].map { $0.string("'missing' of \(subject)", sink) }
        let weight = reader["weight"].map { $0.number("'weight' of \(subject)", in: 0...1_000, sink) } ?? 1
        guard let metric, let value, let tolerance, let source, let quality, let weight else { return nil }
        if case .some(.none) = missing { return nil }
        return CalibrationTarget(
            name: name, metric: metric, value: value, tolerance: tolerance, source: source, quality: quality,
            missing: missing ?? nil, weight: weight)
    }

    static func readMetric(
        _ node: YAMLTree, subject: String, isMetric: (String) -> Bool, sink: DiagnosticSink
    )
        -> String?
    {
        guard let name = node.string("'metric' of \(subject)", sink) else { return nil }
        guard isMetric(name) else {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'metric' of \(subject): no metric is called '\(name)' (see docs/calibration.md for the list)"
                ))
            return nil
        }
        return name
    }

    static func readQuality(_ node: YAMLTree, subject: String, sink: DiagnosticSink) -> SourceQuality? {
        guard let text = node.string("'quality' of \(subject)", sink) else { return nil }
        guard let quality = SourceQuality(rawValue: text) else {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'quality' of \(subject) must be S, S-low, U or I, not '\(text)'"
                        + Suggestion.hint(for: text, in: SourceQuality.allCases.map(\.rawValue))))
            return nil
        }
        return quality
    }
}
