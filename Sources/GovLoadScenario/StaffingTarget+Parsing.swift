import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The written forms of staffing targets, for `govload erlang --target`.
extension StaffingTarget {
    /// The forms accepted, for help and error messages.
    public static let writtenForms =
        "80%@20s (share answered within a time), abandon<=5%, pwait<=30%, wait<=30s"

    /// Parses `80%@20s`, `abandon<=5%`, `pwait<=30%` or `wait<=30s`; nil if it cannot.
    public static func parse(_ text: String) -> StaffingTarget? { try? reading(text).get() }

    /// Parses a target, or says why it cannot be read or can never be met.
    public static func reading(_ text: String) -> Result<StaffingTarget, TargetProblem> {
        let compact = text.filter { $0 != " " }
        if let at = compact.firstIndex(of: "@") {
            guard case .success(let share) = Units.probability(String(compact[..<at])),
                case .success(let seconds) = Units.duration(String(compact[compact.index(after: at)...])),
                seconds >= 0
            else { return .failure(.unreadable) }
            guard share > 0 && share < 1 else {
                return .failure(
                    .unattainable(
                        share >= 1
                            ? "no staffing answers every caller within a time (waits are unbounded); ask for a share below 100%"
                            : "the share must be above 0%"))
            }
            guard seconds <= Units.maxDuration else { return .failure(.unreadable) }
            return .success(.serviceLevel(fraction: share, within: seconds))
        }
        let parts = compact.components(separatedBy: "<=")
        guard parts.count == 2 else { return .failure(.unreadable) }
        switch parts[0] {
        case "abandon", "pwait":
            guard case .success(let p) = Units.probability(parts[1]) else { return .failure(.unreadable) }
            guard p > 0 else {
                return .failure(
                    .unattainable(
                        parts[0] == "abandon"
                            ? "with patience, some callers always abandon, however many servers; ask for a share above 0%"
                            : "some callers always wait, however many servers; ask for a share above 0%"))
            }
            guard p < 1 else {
                return .failure(.unattainable("a share of 100% or more is no target; ask for less"))
            }
            return .success(parts[0] == "abandon" ? .maxAbandonment(p) : .maxWaitProbability(p))
        case "wait":
            guard case .success(let seconds) = Units.duration(parts[1]), seconds <= Units.maxDuration else {
                return .failure(.unreadable)
            }
            guard seconds > 0 else {
                return .failure(
                    .unattainable("some callers always wait, so the mean wait is never 0; ask for more"))
            }
            return .success(.maxMeanWait(seconds))
        default:
            return .failure(.unreadable)
        }
    }
}

/// Why a written staffing target was refused.
public enum TargetProblem: Error, Equatable, Sendable {
    /// Not one of the written forms.
    case unreadable
    /// Readable, but no number of servers can meet it: why.
    case unattainable(String)
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
