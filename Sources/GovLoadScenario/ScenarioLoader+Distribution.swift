import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Distributions: `{dist: exponential, mean: 3m}`, `{dist: gamma, mean: 12m, cv: 0.5}`,
/// `{dist: lognormal, mean: 4m, cv: 0.8}`, `{dist: fixed, value: 2m}`, `{dist: uniform, min: 1m, max: 5m}`.
extension ScenarioLoader {
    static let distributionKeys: [String: [String]] = [
        "exponential": ["mean"], "gamma": ["mean", "cv"], "lognormal": ["mean", "cv"], "fixed": ["value"],
        "uniform": ["min", "max"],
    ]

    static func readDistribution(_ tree: YAMLTree, what: String, sink: DiagnosticSink) -> Distribution? {
        guard case .mapping = tree else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "\(what) must be a distribution such as {dist: exponential, mean: 3m}, not \(tree.shapeName)"
                ))
            return nil
        }
        guard let distNode = tree["dist"] else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "\(what) needs 'dist' (one of \(distributionKeys.keys.sorted().joined(separator: ", ")))")
            )
            return nil
        }
        guard let name = distNode.string("'dist'", sink) else { return nil }
        guard let parameters = distributionKeys[name] else {
            sink.report(
                Diagnostic(
                    at: distNode.location,
                    "unknown distribution '\(name)'"
                        + Suggestion.hint(for: name, in: distributionKeys.keys.sorted())))
            return nil
        }
        guard
            let reader = MappingReader(
                tree, keys: ["dist"] + parameters, subject: "\(what) (\(name))", sink: sink)
        else {
            return nil
        }
        func duration(_ key: String, positive: Bool) -> Double? {
            reader.required(key).flatMap { $0.duration("'\(key)' of \(what)", positive: positive, sink) }
        }
        func cv() -> Double? {
            guard let node = reader.required("cv", "coefficient of variation, e.g. 0.5") else { return nil }
            guard let value = node.number("'cv' of \(what)", in: 0...100, sink) else { return nil }
            guard value > 0 else {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "'cv' of \(what) must be above 0; for no variation use {dist: fixed, value: …}"))
                return nil
            }
            return value
        }
        switch name {
        case "exponential":
            return duration("mean", positive: true).map { .exponential(mean: $0) }
        case "gamma":
            let mean = duration("mean", positive: true)
            let cv = cv()
            guard let mean, let cv else { return nil }
            return .gamma(mean: mean, cv: cv)
        case "lognormal":
            let mean = duration("mean", positive: true)
            let cv = cv()
            guard let mean, let cv else { return nil }
            return .lognormal(mean: mean, cv: cv)
        case "fixed":
            return duration("value", positive: false).map { .fixed($0) }
        default:
            let low = duration("min", positive: false)
            let high = duration("max", positive: false)
            guard let low, let high else { return nil }
            guard low <= high else {
                sink.report(
                    Diagnostic(
                        at: tree.location,
                        "\(what): 'min' (\(Units.format(duration: low))) is above 'max' (\(Units.format(duration: high)))"
                    ))
                return nil
            }
            return .uniform(min: low, max: high)
        }
    }
}
