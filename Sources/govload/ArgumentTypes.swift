import ArgumentParser
import GovLoad

/// A positive duration on the command line, in the scenario language's units: `90s`, `15m`,
/// `2h`, `3d`. A value that is not one is refused by the parser, naming the option.
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    /// Seconds.
    let seconds: Double

    init?(argument: String) {
        guard case .success(let seconds) = Units.duration(argument), seconds > 0, seconds <= Units.maxDuration
        else { return nil }
        self.seconds = seconds
    }

    static var defaultCompletionKind: CompletionKind { .list(["30m", "1h", "4h", "8h"]) }
}

/// Durations separated by commas: `4h,6h,8h`.
struct DurationListArgument: ExpressibleByArgument, Sendable, Equatable {
    /// Seconds, in the order given.
    let seconds: [Double]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map {
            DurationArgument(argument: String($0))
        }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        seconds = parts.compactMap { $0?.seconds }
    }
}

/// A duration, or `none`: `--break-after 7h`, `--break-after none`.
struct OptionalDurationArgument: ExpressibleByArgument, Sendable, Equatable {
    /// Seconds; nil for `none`.
    let seconds: Double?

    init?(argument: String) {
        if argument == "none" {
            seconds = nil
        } else if let duration = DurationArgument(argument: argument) {
            seconds = duration.seconds
        } else {
            return nil
        }
    }
}

/// A share above 0 and at most 1, written `90%` or `0.9`.
struct ShareArgument: ExpressibleByArgument, Sendable, Equatable {
    /// The share, in (0, 1].
    let value: Double

    init?(argument: String) {
        guard case .success(let share) = Units.probability(argument), share > 0, share <= 1 else {
            return nil
        }
        value = share
    }
}

/// `I/N` with 1 ≤ I ≤ N ≤ 10000: one shard of a study (`--shard`).
struct ShardArgument: ExpressibleByArgument, Sendable, Equatable {
    /// The shard.
    let shard: StudyShard

    init?(argument: String) {
        var problems: [Diagnostic] = []
        guard let shard = StudyShard.parse(argument, &problems), problems.isEmpty else { return nil }
        self.shard = shard
    }
}
