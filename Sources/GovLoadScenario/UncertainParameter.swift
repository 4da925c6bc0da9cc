import GovLoadSupport

/// A scenario value we do not know exactly (`uncertain:`): its dotted key, as `sweep` and `--fit`
/// name keys, the range it may plausibly take, and where that range comes from. `govload
/// sensitivity` and `robustness` draw it within the range (uniformly).
public struct UncertainParameter: Sendable, Equatable {
    /// The dotted key: `grid.patrol_find`, `case_types.hazard.escalation.mean`.
    public var path: String
    /// The least plausible value (in `unit`).
    public var low: Double
    /// The greatest (in `unit`).
    public var high: Double
    /// The unit written after the number (`%`, `m`, `d`, `/d`), or empty.
    public var unit: String
    /// Where the range comes from.
    public var source: String
    /// Where the entry is written.
    public var location: SourceLocation

    /// The value a unit-cube coordinate u ∈ [0, 1] stands for: low + u (high − low).
    public func value(at unit: Double) -> Double { low + unit * (high - low) }

    /// The value as the scenario file would say it, to 7 significant digits.
    public func text(_ value: Double) -> String { String(format: "%.7g", value) + unit }

    /// The override that sets the value (for the scenario loader).
    public func override(_ value: Double) -> ScenarioOverride {
        ScenarioOverride(path, text(value), argument: "uncertain: \(path)")
    }
}

extension ScenarioLoader {
    /// `uncertain:` — a mapping of dotted keys to `{range: LO..HI, source: "…"}`; nil after a
    /// report. Whether each key can take both ends is checked by the commands that use them.
    static func readUncertain(_ tree: YAMLTree, sink: DiagnosticSink) -> [UncertainParameter]? {
        guard case .mapping(let entries, _) = tree, !entries.isEmpty else {
            sink.report(
                Diagnostic(
                    at: tree.location, "'uncertain' must map dotted keys to {range: LO..HI, source: \"…\"}"))
            return nil
        }
        var parameters: [UncertainParameter] = []
        for entry in entries {
            let subject = "'uncertain: \(entry.key)'"
            guard
                let reader = MappingReader(
                    entry.value, keys: ["range", "source"], subject: subject, sink: sink),
                let rangeNode = reader.required("range", "e.g. 10d..30d"),
                let range = rangeNode.string("'range' of \(subject)", sink),
                let source = reader.required("source", "where the range comes from")?.string(
                    "'source' of \(subject)", sink)
            else { continue }
            let parts = range.components(separatedBy: "..")
            let (low, lowUnit) = parts.count == 2 ? FitParameter.split(parts[0]) : (nil, "")
            let (high, highUnit) = parts.count == 2 ? FitParameter.split(parts[1]) : (nil, "")
            guard let low, let high, low.isFinite, high.isFinite, lowUnit.isEmpty || lowUnit == highUnit,
                low < high
            else {
                sink.report(
                    Diagnostic(
                        at: rangeNode.location,
                        "'range' of \(subject) must be LO..HI with LO < HI and one unit, e.g. 10d..30d or 20%..60%; got '\(range)'"
                    ))
                continue
            }
            parameters.append(
                UncertainParameter(
                    path: entry.key, low: low, high: high, unit: highUnit, source: source,
                    location: entry.keyLocation))
        }
        return parameters.count == entries.count ? parameters : nil
    }
}
