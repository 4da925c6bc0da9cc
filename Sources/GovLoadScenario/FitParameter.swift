import GovLoadSupport

/// A scenario value a calibration fits (`govload calibrate --fit PATH=LO..HI`): the dotted key, as
/// `sweep` and `--set` name keys, and its range. The bounds may carry a unit (`30m..3h` is not
/// allowed — both ends take the same unit: `0.5..3h`, `30%..80%`); fitted values are written back
/// with it, so they meet the same checks as the file's values.
public struct FitParameter: Sendable, Equatable {
    /// The dotted key: `case_types.appeal.closed_on_contact.hotline`.
    public var path: String
    /// The least value (in `unit`).
    public var low: Double
    /// The greatest value (in `unit`).
    public var high: Double
    /// The unit written after the number (`%`, `m`, `h`, `/d`), or empty.
    public var unit: String

    /// The value as the scenario file would say it, to 7 significant digits: `55.5%`, `3.7m`,
    /// `2e-05/d`.
    public func text(_ value: Double) -> String {
        String(format: "%.7g", value) + unit
    }

    /// Reads `PATH=LO..HI`; a problem names `--fit`.
    public static func parse(_ text: String) -> Result<FitParameter, Diagnostic> {
        func problem(_ message: String) -> Result<FitParameter, Diagnostic> {
            .failure(Diagnostic(.argument("--fit"), "\(message); got '\(text)'"))
        }
        guard let equals = text.firstIndex(of: "=") else {
            return problem("must be PATH=LO..HI, e.g. case_types.appeal.closed_on_contact=30%..80%")
        }
        let path = String(text[..<equals])
        let range = text[text.index(after: equals)...]
        let parts = range.components(separatedBy: "..")
        guard !path.isEmpty, !path.split(separator: ".", omittingEmptySubsequences: false).contains(""),
            parts.count == 2
        else { return problem("must be PATH=LO..HI with a dotted key, e.g. grid.patrol_detection=0.2..2/d") }
        let (lowNumber, lowUnit) = split(parts[0])
        let (highNumber, highUnit) = split(parts[1])
        guard let low = lowNumber, let high = highNumber, low.isFinite, high.isFinite else {
            return problem("LO and HI must be numbers, optionally with a unit")
        }
        guard lowUnit.isEmpty || lowUnit == highUnit else {
            return problem("LO and HI must have the same unit (or LO none)")
        }
        guard low < high else { return problem("LO must be less than HI") }
        return .success(FitParameter(path: path, low: low, high: high, unit: highUnit))
    }

    /// A bound's number and unit: `0.5h` → (0.5, "h").
    static func split(_ text: String) -> (Double?, String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var end = trimmed.startIndex
        for index in trimmed.indices {
            if Double(trimmed[trimmed.startIndex...index]) != nil { end = trimmed.index(after: index) }
        }
        let number = Double(trimmed[trimmed.startIndex..<end])
        return (number, String(trimmed[end...]))
    }
}
