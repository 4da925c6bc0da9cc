import GovLoadAnalysis
import GovLoadSupport

/// A service target on one queue, as `govload staff --target` writes it: `hotline: 80%@20s`.
public struct StaffingGoal: Sendable, Equatable {
    /// The queue: a channel, `command_centre` or a department.
    public var queue: String
    /// What it must achieve in every interval.
    public var target: StaffingTarget
    /// The target as written after the colon (`80%@20s`).
    public var written: String

    /// Creates a goal.
    public init(queue: String, target: StaffingTarget, written: String) {
        self.queue = queue
        self.target = target
        self.written = written
    }

    /// Reads `QUEUE: TARGET`; a problem names `--target`.
    public static func parse(_ text: String) -> Result<StaffingGoal, Diagnostic> {
        func problem(_ message: String) -> Result<StaffingGoal, Diagnostic> {
            .failure(Diagnostic(.argument("--target"), message))
        }
        guard let colon = text.firstIndex(of: ":") else {
            return problem(
                "must be QUEUE: TARGET, e.g. 'hotline: 80%@20s'; got '\(text)' (targets: \(StaffingTarget.writtenForms))"
            )
        }
        let queue = text[..<colon].trimmingCharacters(in: " ")
        let written = text[text.index(after: colon)...].trimmingCharacters(in: " ")
        guard !queue.isEmpty else { return problem("names no queue before ':' in '\(text)'") }
        switch StaffingTarget.reading(written) {
        case .success(let target):
            return .success(StaffingGoal(queue: queue, target: target, written: written))
        case .failure(.unreadable):
            return problem("'\(written)' is not a target; write \(StaffingTarget.writtenForms)")
        case .failure(.unattainable(let why)):
            return problem("'\(written)' cannot be met: \(why)")
        }
    }

    /// The answer time the target counts service within (seconds), if it has one.
    public var answerTime: Double? {
        if case .serviceLevel(_, let within) = target { return within }
        return nil
    }

    /// The measured quantity's name (`verification.csv`'s `metric`).
    public var metricName: String {
        switch target {
        case .serviceLevel(_, let within): "answered_within_\(Units.format(duration: within))"
        case .maxAbandonment: "abandon_rate"
        case .maxWaitProbability: "p_wait"
        case .maxMeanWait: "mean_wait_s"
        }
    }

    /// The target's figure: the share to reach, or the most allowed.
    public var figure: Double {
        switch target {
        case .serviceLevel(let fraction, _): fraction
        case .maxAbandonment(let p), .maxWaitProbability(let p): p
        case .maxMeanWait(let seconds): seconds
        }
    }

    /// Whether the target is a floor (a share to reach) rather than a ceiling.
    public var isFloor: Bool {
        if case .serviceLevel = target { return true }
        return false
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
