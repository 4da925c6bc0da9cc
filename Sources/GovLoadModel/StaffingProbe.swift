import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Which queues a run counts by arrival interval, and how (`IntervalTally`): what staffing by
/// simulation reads. Queues are named as in `channels.csv`: a channel, `command_centre` or a
/// department.
public struct StaffingProbe: Sendable, Codable, Equatable {
    /// The queues counted.
    public var queues: Set<String>
    /// The length of an interval (seconds).
    public var interval: SimTime
    /// The answer times whose service level is counted (seconds).
    public var thresholds: [SimTime]

    /// Creates a probe.
    public init(queues: Set<String>, interval: SimTime, thresholds: [SimTime]) {
        self.queues = queues
        self.interval = interval
        self.thresholds = thresholds
    }

    /// A tally for queue `name` over a run to `horizon`, or nil if the queue is not probed.
    func tally(for name: String, horizon: SimTime) -> IntervalTally? {
        guard queues.contains(name) else { return nil }
        return IntervalTally(length: interval, horizon: horizon, thresholds: thresholds)
    }
}
