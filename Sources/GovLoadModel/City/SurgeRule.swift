import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A surge rule: reserve staff for one channel, department or the grid, called in by a warning
/// or by waits above a threshold, after an activation delay, for at most a maximum duration.
public struct SurgeRule: Sendable, Codable, Equatable {
    /// What the reserve joins: a channel's or a department's name.
    public var target: String
    /// Reserve headcount (before `scale`).
    public var reserve: Int
    /// Their efficiency (volunteers work slower): the reserve counts as `reserve × efficiency`.
    public var efficiency: Double
    /// Trigger: the target's mean wait over the last reporting interval above this (seconds); nil: none.
    public var waitAbove: SimTime?
    /// Trigger: more than this many waiting at the end of a reporting interval; nil: none.
    public var queueAbove: Int?
    /// Trigger: a shock's warning (full-cycle pre-inspection also triggers it early).
    public var onWarning: Bool
    /// Time from the trigger until the reserve is on duty.
    public var activationDelay: SimTime
    /// The longest the reserve stays.
    public var maxDuration: SimTime
    /// Cost of a reserve hour.
    public var costPerStaffHour: Double

    /// Creates a surge rule.
    public init(
        target: String, reserve: Int, efficiency: Double = 1, waitAbove: SimTime? = nil,
        queueAbove: Int? = nil,
        onWarning: Bool = false, activationDelay: SimTime = 0, maxDuration: SimTime,
        costPerStaffHour: Double = 0
    ) {
        self.target = target
        self.reserve = reserve
        self.efficiency = efficiency
        self.waitAbove = waitAbove
        self.queueAbove = queueAbove
        self.onWarning = onWarning
        self.activationDelay = activationDelay
        self.maxDuration = maxDuration
        self.costPerStaffHour = costPerStaffHour
    }
}
