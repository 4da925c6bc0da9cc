/// The written forms of staffing targets, for `govload erlang --target`.
extension StaffingTarget {
    /// The forms accepted, for help and error messages.
    public static let writtenForms =
        "80%@20s (share answered within a time), abandon<=5%, pwait<=30%, wait<=30s"

    /// Parses `80%@20s`, `abandon<=5%`, `pwait<=30%` or `wait<=30s`.
    public static func parse(_ text: String) -> StaffingTarget? {
        let compact = text.filter { $0 != " " }
        if let at = compact.firstIndex(of: "@") {
            guard case .success(let share) = Units.probability(String(compact[..<at])), share > 0, share < 1,
                case .success(let seconds) = Units.duration(String(compact[compact.index(after: at)...])),
                seconds >= 0
            else { return nil }
            return .serviceLevel(fraction: share, within: seconds)
        }
        let parts = compact.components(separatedBy: "<=")
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "abandon":
            guard case .success(let p) = Units.probability(parts[1]), p > 0, p < 1 else { return nil }
            return .maxAbandonment(p)
        case "pwait":
            guard case .success(let p) = Units.probability(parts[1]), p > 0, p < 1 else { return nil }
            return .maxWaitProbability(p)
        case "wait":
            guard case .success(let seconds) = Units.duration(parts[1]), seconds > 0 else { return nil }
            return .maxMeanWait(seconds)
        default:
            return nil
        }
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    fileprivate func range(of needle: String) -> Range<Substring.Index>? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
