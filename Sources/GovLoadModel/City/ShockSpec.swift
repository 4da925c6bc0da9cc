import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The kinds of shock (DESIGN §1): labels for reports; the effects say what a shock does.
public enum ShockKind: String, Sendable, Codable, CaseIterable {
    /// A tropical storm (Mangkhut, 2018).
    case typhoon
    /// An epidemic wave (closed compounds, 2020).
    case epidemic
    /// A holiday surge (Golden Week at the beaches).
    case holiday
    /// A platform outage.
    case outage
    /// A rainstorm (waterlogging).
    case rainstorm
    /// Anything else.
    case custom
}

/// One stress shock on the scenario's timeline.
///
/// Its intensity rises linearly from 0 at `start` to 1 at `start + ramp`, holds until
/// `start + duration`, and is 0 after; every multiplier `m` acts as `1 + (m − 1) × intensity`.
public struct ShockSpec: Sendable, Codable, Equatable {
    /// A name for reports (defaults to the kind).
    public var name: String
    /// The kind.
    public var kind: ShockKind
    /// When it starts (seconds from the run's start).
    public var start: SimTime
    /// How long it lasts (seconds).
    public var duration: SimTime
    /// How long it takes to reach full intensity (seconds, ≤ duration).
    public var ramp: SimTime
    /// The districts it hits (indices into `CityModel.districts`); empty for all.
    public var districts: [Int]
    /// How long before `start` a warning is issued (seconds; 0 for none).
    public var warning: SimTime
    /// Demand multipliers by case-type name.
    public var demand: [String: Double]
    /// Multiplier on the rate of new hazards.
    public var hazardFactor: Double
    /// Hazards created at once at the start, placed by district exposure and site count (before `scale`).
    public var burstHazards: Int
    /// Emergencies created at once at the start (before `scale`).
    public var burstEmergencies: Int
    /// The share of hazards lying latent in the hit districts at the start that the shock turns
    /// into emergencies (a weak tree falls, a blocked drain floods); pre-inspection lowers it by
    /// finding them first.
    public var escalationShare: Double
    /// Multipliers on channels' staffing by channel name (0 closes or takes the channel down).
    public var channels: [String: Double]
    /// Multiplier on department handlers on duty (absence).
    public var departmentStaff: Double
    /// The share of grid workers' time diverted to shock duties (door-to-door checks, shelters).
    public var gridDiversion: Double
    /// Visitors added to districts by index (before `scale`): they raise needs at adult rates.
    public var visitors: [Int: Int]

    /// Creates a shock.
    public init(
        name: String, kind: ShockKind, start: SimTime, duration: SimTime, ramp: SimTime = 0,
        districts: [Int] = [], warning: SimTime = 0, demand: [String: Double] = [:],
        hazardFactor: Double = 1, burstHazards: Int = 0, burstEmergencies: Int = 0,
        escalationShare: Double = 0,
        channels: [String: Double] = [:], departmentStaff: Double = 1, gridDiversion: Double = 0,
        visitors: [Int: Int] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.start = start
        self.duration = duration
        self.ramp = ramp
        self.districts = districts
        self.warning = warning
        self.demand = demand
        self.hazardFactor = hazardFactor
        self.burstHazards = burstHazards
        self.burstEmergencies = burstEmergencies
        self.escalationShare = escalationShare
        self.channels = channels
        self.departmentStaff = departmentStaff
        self.gridDiversion = gridDiversion
        self.visitors = visitors
    }

    /// The shock's intensity at `time`, 0–1.
    public func intensity(at time: SimTime) -> Double {
        guard isUnderway(at: time) else { return 0 }
        guard ramp > 0 else { return 1 }
        return min(1, (time - start) / ramp)
    }

    /// Whether `time` lies in [start, start + duration): the shock is underway (its intensity may
    /// still be 0 at the very start of a ramp).
    public func isUnderway(at time: SimTime) -> Bool { time >= start && time < start + duration }

    /// Whether it hits district `index`.
    public func hits(district index: Int) -> Bool { districts.isEmpty || districts.contains(index) }

    /// `1 + (factor − 1) × intensity`: a multiplier at partial intensity.
    public static func blend(_ factor: Double, _ intensity: Double) -> Double {
        1 + (factor - 1) * intensity
    }
}
