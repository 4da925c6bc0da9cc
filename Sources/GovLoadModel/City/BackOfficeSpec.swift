import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A back-office department (urban management, housing, water …): handlers on shifts.
public struct DepartmentSpec: Sendable, Codable, Equatable {
    /// The department's name.
    public var name: String
    /// Handlers on duty over the week (city-wide; before `scale`).
    public var schedule: ShiftSchedule
    /// Cost of a handler hour.
    public var costPerStaffHour: Double

    /// Creates a department.
    public init(name: String, schedule: ShiftSchedule, costPerStaffHour: Double = 0) {
        self.name = name
        self.schedule = schedule
        self.costPerStaffHour = costPerStaffHour
    }
}

/// The command centre: registers work orders and routes them to departments.
public struct CommandCentreSpec: Sendable, Codable, Equatable {
    /// Registration agents on duty over the week (before `scale`).
    public var schedule: ShiftSchedule
    /// Time to register and route one work order.
    public var registration: Distribution
    /// The chance a work order reaches the right department first time, under siloed dispatch.
    public var routingAccuracy: Double
    /// Time lost on each transfer of a misrouted order (the "ping-pong").
    public var transferDelay: Distribution
    /// Under unified dispatch (一网统管): routing accuracy.
    public var unifiedRoutingAccuracy: Double
    /// Under unified dispatch: factor on registration time (shared data).
    public var unifiedRegistrationFactor: Double
    /// Under unified dispatch: factor on department handling time (shared data).
    public var unifiedHandlingFactor: Double
    /// Cost of an agent hour.
    public var costPerStaffHour: Double

    /// Creates a command centre.
    public init(
        schedule: ShiftSchedule, registration: Distribution, routingAccuracy: Double,
        transferDelay: Distribution, unifiedRoutingAccuracy: Double, unifiedRegistrationFactor: Double = 1,
        unifiedHandlingFactor: Double = 1, costPerStaffHour: Double = 0
    ) {
        self.schedule = schedule
        self.registration = registration
        self.routingAccuracy = routingAccuracy
        self.transferDelay = transferDelay
        self.unifiedRoutingAccuracy = unifiedRoutingAccuracy
        self.unifiedRegistrationFactor = unifiedRegistrationFactor
        self.unifiedHandlingFactor = unifiedHandlingFactor
        self.costPerStaffHour = costPerStaffHour
    }
}

/// Grid workers: who they are, when they work, how they patrol.
public struct GridSpec: Sendable, Codable, Equatable {
    /// Grid workers per cell, all domains together (the headcount a policy keeps equal).
    public var workersPerCell: Double
    /// Cells one pool of workers covers (workers are pooled to whole numbers).
    public var cellsPerPool: Int
    /// The specialised grids of the siloed model (for example security, city, safety, community);
    /// each case type's `domain` names one.
    public var domains: [String]
    /// When workers are on duty: a pool has `schedule.servers(at:) / schedule.peak` of its
    /// workers on duty (a schedule of 1s is "everyone, during these hours").
    public var schedule: ShiftSchedule
    /// Patrol detection rate of one latent hazard by one specialist worker per cell (per second),
    /// when patrol is a rate (no `patrolRound`); 0 when patrol is rounds.
    public var patrolDetectionRate: Double
    /// Patrol as worker time: the time one worker takes to patrol one cell once (seconds), or
    /// nil for patrol as a free detection rate. Workers patrol whenever they are on duty and have
    /// no task, one cell after another (docs/model.md §5).
    public var patrolRound: SimTime?
    /// The chance that one round of a cell finds a given latent hazard there (of the worker's
    /// domain when siloed; times `generalistEfficiency` when merged), 0–1.
    public var patrolFind: Double
    /// A generalist's efficiency relative to a specialist (merged grids), 0–1.
    public var generalistEfficiency: Double
    /// Time for a hand-off between siloed grids on a domain-crossing case.
    public var handoffDelay: Distribution
    /// Time to verify a closure on site (full-cycle).
    public var verificationTime: Distribution
    /// The chance verification catches a false closure.
    public var verificationCatch: Double
    /// Time for a follow-up contact with the resident (full-cycle).
    public var followUpTime: Distribution
    /// How long a post-closure review lowers the hazard rate at its site (seconds).
    public var reviewDuration: SimTime
    /// The factor on the hazard rate at a reviewed site while the review lasts.
    public var reviewHazardFactor: Double
    /// Patrol intensity factor on exposed sites between a warning and its shock (pre-inspection).
    public var preInspectionFactor: Double
    /// Cost of a grid-worker hour.
    public var costPerStaffHour: Double

    /// Creates a grid specification.
    public init(
        workersPerCell: Double, cellsPerPool: Int = 5, domains: [String] = ["city"],
        schedule: ShiftSchedule = ShiftSchedule(constant: 1),
        patrolDetectionRate: Double, patrolRound: SimTime? = nil, patrolFind: Double = 0,
        generalistEfficiency: Double = 0.8,
        handoffDelay: Distribution = .fixed(0), verificationTime: Distribution = .fixed(0),
        verificationCatch: Double = 0.8, followUpTime: Distribution = .fixed(0),
        reviewDuration: SimTime = 0, reviewHazardFactor: Double = 1, preInspectionFactor: Double = 1,
        costPerStaffHour: Double = 0
    ) {
        self.workersPerCell = workersPerCell
        self.cellsPerPool = cellsPerPool
        self.domains = domains
        self.schedule = schedule
        self.patrolDetectionRate = patrolDetectionRate
        self.patrolRound = patrolRound
        self.patrolFind = patrolFind
        self.generalistEfficiency = generalistEfficiency
        self.handoffDelay = handoffDelay
        self.verificationTime = verificationTime
        self.verificationCatch = verificationCatch
        self.followUpTime = followUpTime
        self.reviewDuration = reviewDuration
        self.reviewHazardFactor = reviewHazardFactor
        self.preInspectionFactor = preInspectionFactor
        self.costPerStaffHour = costPerStaffHour
    }
}
