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
    /// The customers counted by arrival interval, when the run's `probe` names this row.
    public var tally: IntervalTally.Bins? = nil

    /// Whether the row's "staff" are machines (self-service terminals), whose hours are not
    /// labour.
    public var isMachine: Bool { kind == .terminal && role == nil }

    /// The pay of an overtime hour over the hourly rate (the scenario's `overtime_premium`).
    public var overtimePremium = 1.0

    /// Hours servers worked past their shift's end, finishing the customer in hand, over the
    /// measured period: time on duty beyond the schedule's (machines work no overtime).
    public var overtimeHours: Double {
        let extra = statistics.dutyArea / SimClock.hour - staffHours
        return isMachine || extra <= 1e-9 * max(1, staffHours) ? 0 : extra
    }

    /// The row's cost: hours at its cost per hour, surge reserves at their own rate, overtime at
    /// the hourly rate × `overtimePremium`.
    public var cost: Double {
        (staffHours - surgeHours) * costPerStaffHour + surgeCost
            + overtimeHours * costPerStaffHour * overtimePremium
    }
}
