import Foundation
import GovLoadScenario
import GovLoadSupport

/// What a calibration fit found (`govload calibrate --fit`).
public struct FitOutcome: Sendable {
    /// The values fitted, in `--fit` order.
    public var parameters: [FitParameter]
    /// The best value of each.
    public var values: [Double]
    /// The loss there: the weighted mean squared relative error over the targets (see
    /// `CalibrationLoss`).
    public var loss: Double
    /// The loss at the start (the middle of every range).
    public var startLoss: Double
    /// Scenario evaluations made.
    public var evaluations: Int
    /// Whether the simplex converged (otherwise the evaluation budget ran out).
    public var converged: Bool
    /// The targets file fitted to.
    public var targetsPath: String

    /// Creates an outcome.
    public init(
        parameters: [FitParameter], values: [Double], loss: Double, startLoss: Double, evaluations: Int,
        converged: Bool, targetsPath: String
    ) {
        self.parameters = parameters
        self.values = values
        self.loss = loss
        self.startLoss = startLoss
        self.evaluations = evaluations
        self.converged = converged
        self.targetsPath = targetsPath
    }

    /// The fitted values as the command line's overrides.
    public var overrides: [ScenarioOverride] {
        zip(parameters, values).map { ScenarioOverride($0.path, $0.text($1), argument: "--fit") }
    }
}

/// Writes `fitted.yaml`: a scenario that `extends` the calibrated one and sets each fitted value,
/// marked `[C]` with its range and the targets it was fitted to, so that `govload run` takes the
/// fitted scenario as it is.
public enum FittedScenario {
    /// Writes `fitted.yaml` into `folder`.
    public static func write(_ fit: FitOutcome, scenarioPath: String, to folder: OutputFolder)
        throws(OutputError)
    {
        let text = render(fit, extends: relative(scenarioPath, from: folder.path))
        try AtomicFile.write(text, to: folder.file("fitted.yaml"), ledger: folder.ledger)
    }

    /// The file's text.
    static func render(_ fit: FitOutcome, extends parent: String) -> String {
        var lines = [
            "# Fitted by govload calibrate (GovLoad \(GovLoadVersion.string)) to \(fit.targetsPath):",
            "# loss \(format(fit.loss)) (from \(format(fit.startLoss)) at the ranges' middles) after \(fit.evaluations) evaluations\(fit.converged ? ", converged" : ", budget spent").",
            "# [C] marks a value calibrated: fitted within its range to the targets.",
            "extends: \(quoted(parent))",
        ]
        let marked = zip(fit.parameters, fit.values).map { parameter, value in
            (
                keys: parameter.path.split(separator: ".").map(String.init),
                line: parameter.text(value) + "   # [C: \(fit.targetsPath); "
                    + "\(parameter.text(parameter.low))..\(parameter.text(parameter.high))]"
            )
        }
        lines += nested(marked, depth: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The values under their keys, each mapping written once: keys sharing a prefix are grouped
    /// under it, in the order the prefixes first appear.
    static func nested(_ entries: [(keys: [String], line: String)], depth: Int) -> [String] {
        var order: [String] = []
        var groups: [String: [(keys: [String], line: String)]] = [:]
        for entry in entries {
            let key = entry.keys[depth]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(entry)
        }
        let indent = String(repeating: "  ", count: depth)
        var lines: [String] = []
        for key in order {
            let group = groups[key] ?? []
            if let leaf = group.first(where: { $0.keys.count == depth + 1 }) {
                lines.append(indent + quoted(key) + ": " + leaf.line)
            } else {
                lines.append(indent + quoted(key) + ":")
                lines += nested(group, depth: depth + 1)
            }
        }
        return lines
    }

    /// A key or path as YAML: plain when it is safe, double-quoted otherwise.
    static func quoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
        guard !safe || text.isEmpty else { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// `path` written relative to the folder `base`.
    static func relative(_ path: String, from base: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let origin = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, origin.count) && target[common] == origin[common] { common += 1 }
        let ups = Array(repeating: "..", count: origin.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }

    static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
