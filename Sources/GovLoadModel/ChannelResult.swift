import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Everything one channel measured in one replication.
public struct ChannelResult: Sendable, Codable {
    /// The channel's name.
    public var name: String
    /// Its kind.
    public var kind: ChannelKind
    /// Steady-state statistics (after the warm-up).
    public var statistics: QueueStatistics
    /// Cost of a staff hour.
    public var costPerStaffHour: Double
    /// Staff hours on duty over the measured period, from the schedule (exact: the same for two
    /// policies with the same schedule, to the last bit).
    public var staffHours: Double
    /// Calls after the warm-up that were redials of callers who had given up (`retry`).
    public var repeatContacts: Int
    /// The time series, one sample per reporting interval.
    public var samples: [ChannelSample]
    /// Of `staffHours`, hours of surge reserves (at their efficiency).
    public var surgeHours = 0.0
    /// What the surge reserves cost (all their hours at the rule's rate).
    public var surgeCost = 0.0
    /// What the row is when it is not a front-office channel: `command_centre`, `department`
    /// or `grid` (the `kind` column); nil for channels.
    public var role: String? = nil

    /// Whether the row's "staff" are machines (self-service terminals), whose hours are not
    /// labour.
    public var isMachine: Bool { kind == .terminal && role == nil }

    /// The row's cost: hours at its cost per hour, surge reserves at their own rate.
    public var cost: Double { (staffHours - surgeHours) * costPerStaffHour + surgeCost }
}
