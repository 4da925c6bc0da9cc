import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Parsing of the quantities scenario files are written in (DESIGN §5): durations with units
/// (`90s 15m 2h 3d 1w`), rates per unit of time (`10/min 240/h 0.5/d`) and percentages (`85%`).
/// Internally durations are seconds and rates are per second.
public enum Units {
    /// Seconds per duration unit, as written after the number.
    public static let durationUnits: [(suffix: String, seconds: Double)] = [
        ("s", 1), ("min", 60), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800),
    ]

    /// Why a quantity could not be read.
    public enum Problem: Error, Equatable {
        /// Not of the form number-unit.
        case malformed
        /// A number followed by an unknown unit.
        case unknownUnit(String)
        /// A number with no unit.
        case missingUnit
    }

    /// Splits `text` into a leading number — `[+-]digits[.digits][e[+-]digits]`, as in `1.5`,
    /// `-3`, `2e4` or `1e-3` — and the rest (the unit), both trimmed of spaces.
    static func splitNumber(_ text: String) -> (Double, String)? {
        let characters = Array(text.trimmingCharacters(in: " "))
        var end = 0
        func digits() -> Bool {
            let start = end
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            return end > start
        }
        if end < characters.count, characters[end] == "+" || characters[end] == "-" { end += 1 }
        var mantissa = digits()
        if end < characters.count, characters[end] == "." {
            end += 1
            mantissa = digits() || mantissa
        }
        guard mantissa else { return nil }
        if end < characters.count, characters[end] == "e" || characters[end] == "E" {
            let before = end
            end += 1
            if end < characters.count, characters[end] == "+" || characters[end] == "-" { end += 1 }
            if !digits() { end = before }
        }
        guard let number = Double(String(characters[..<end])), number.isFinite else { return nil }
        return (number, String(characters[end...]).trimmingCharacters(in: " "))
    }

    /// A duration in seconds: `90s`, `15m`, `2.5h`, `3d`, `1w`; `0` alone is allowed.
    public static func duration(_ text: String) -> Result<Double, Problem> {
        // Several parts add up: `15d 9h`, `1h 30m`.
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count > 1 {
            var total = 0.0
            for part in parts {
                // Each part a number with a unit; otherwise the text is read (and reported) whole.
                guard case .success(let seconds) = duration(String(part)), splitNumber(String(part))?.1 != ""
                else {
                    total = .nan
                    break
                }
                total += seconds
            }
            if !total.isNaN { return .success(total) }
        }
        guard let (number, unit) = splitNumber(text) else { return .failure(.malformed) }
        if unit.isEmpty { return number == 0 ? .success(0) : .failure(.missingUnit) }
        guard let scale = durationUnits.first(where: { $0.suffix == unit })?.seconds else {
            return .failure(.unknownUnit(unit))
        }
        return .success(number * scale)
    }

    /// A rate per second: `10/min`, `240/h`, `0.5/d`, `3/s`, `100/w`.
    public static func rate(_ text: String) -> Result<Double, Problem> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            if let (_, unit) = splitNumber(text), unit.isEmpty { return .failure(.missingUnit) }
            return .failure(.malformed)
        }
        guard let (number, rest) = splitNumber(String(parts[0])), rest.isEmpty else {
            return .failure(.malformed)
        }
        let unit = parts[1].trimmingCharacters(in: " ")
        guard let scale = durationUnits.first(where: { $0.suffix == unit })?.seconds else {
            return .failure(.unknownUnit(unit))
        }
        return .success(number / scale)
    }

    /// A probability: `85%` or a plain fraction `0.85`.
    public static func probability(_ text: String) -> Result<Double, Problem> {
        guard let (number, unit) = splitNumber(text) else { return .failure(.malformed) }
        switch unit {
        case "": return .success(number)
        case "%": return .success(number / 100)
        default: return .failure(.unknownUnit(unit))
        }
    }

    /// A size in bytes: `800MiB`, `16GiB`, `2TB`, `1e9` (binary and decimal units; `B` alone).
    public static func bytes(_ text: String) -> Double? {
        guard let (number, unit) = splitNumber(text), number > 0 else { return nil }
        let units: [String: Double] = [
            "": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
            "KiB": 1_024, "MiB": 1_048_576, "GiB": 1_073_741_824, "TiB": 1_099_511_627_776,
        ]
        guard let scale = units[unit] else { return nil }
        return number * scale
    }

    /// A time of day `HH:MM` in seconds after midnight; `24:00` is allowed as an end.
    public static func timeOfDay(_ text: String) -> Double? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0...24).contains(hours), (0..<60).contains(minutes), hours < 24 || minutes == 0
        else { return nil }
        return Double(hours) * 3_600 + Double(minutes) * 60
    }

    /// A time of the run written as days from its start and a time of day, `"12d 06:00"`
    /// (seconds); nil if it is not one. At most `maxDuration`.
    public static func runTime(_ text: String) -> Double? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].hasSuffix("d"), let days = Int(parts[0].dropLast()), days >= 0,
            let time = timeOfDay(String(parts[1]))
        else { return nil }
        let seconds = Double(days) * 86_400 + time
        return seconds <= maxDuration ? seconds : nil
    }

    /// A time of the run written back as `"12d 06:00"` (to the minute, rounded down).
    public static func formatRunTime(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        return String(format: "%dd %02d:%02d", minutes / 1440, minutes % 1440 / 60, minutes % 60)
    }

    /// The longest duration a scenario may state: ten years. Anything longer is a typo.
    public static let maxDuration: Double = 520 * 604_800
    /// The highest rate a scenario may state: a million per second.
    public static let maxRate: Double = 1_000_000

    /// A share written as a percentage with up to two decimals: `79.53%`.
    public static func format(percent share: Double) -> String {
        String(format: "%.2f%%", share * 100)
    }

    /// A duration in seconds written back with the largest unit that keeps it whole, or exact to
    /// one decimal: `2h`, `90s`, `3.7m`.
    public static func format(duration seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "\(seconds)s" }
        for (suffix, scale) in [("w", 604_800.0), ("d", 86_400), ("h", 3_600), ("m", 60)]
        where seconds >= scale && (seconds / scale).rounded() == seconds / scale {
            return "\(Int(seconds / scale))\(suffix)"
        }
        for (suffix, scale) in [("h", 3_600.0), ("m", 60)]
        where seconds >= scale && (seconds / scale * 10).rounded() == seconds / scale * 10 {
            return String(format: "%.1f%@", seconds / scale, suffix)
        }
        if seconds.rounded() == seconds { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
