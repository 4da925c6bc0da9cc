import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A resolved scenario: everything a run needs, in model units (seconds, per-second rates),
/// with no trace of the files it came from. The `Scenario/` layer builds it from YAML.
public struct Scenario: Sendable, Codable, Equatable {
    /// The scenario's name: names the output folder and fills the `scenario` column.
    public var name: String
    /// One line saying what the scenario is for.
    public var description: String
    /// Simulated time to run (seconds).
    public var horizon: SimTime
    /// Statistics count arrivals from this time on (seconds).
    public var warmup: SimTime
    /// Whether the warm-up is to be chosen by MSER-5 from a pilot pass (`warmup: auto`); until
    /// it is, `warmup` is 0.
    public var warmupAuto = false
    /// Independent replications.
    public var replications: Int
    /// The seed of every random stream.
    public var seed: UInt64
    /// The spacing of `timeseries.csv` rows (seconds).
    public var reportInterval: SimTime
    /// The engine's synchronisation window (seconds): the minimum latency of cross-process effects.
    public var window: SimTime
    /// The service points, in file order.
    public var channels: [ChannelSpec]
    /// Overtime pay over the hourly rate: an hour a server works past its shift's end, finishing
    /// the customer in hand, costs `costPerStaffHour` × this (1 by default; 1.5 under the PRC
    /// Labour Law's rule for extended working days, art. 44).
    public var overtimePremium = 1.0
    /// Queues whose customers are counted by arrival interval (`govload staff`); nil for none.
    /// Set by the command, never by a scenario file.
    public var probe: StaffingProbe?
    /// The city: residents, case types, back office, shocks, strategies; nil for a scenario of
    /// channels fed only by external arrivals.
    public var city: CityModel?

    /// Creates a scenario.
    public init(
        name: String, description: String = "", horizon: SimTime, warmup: SimTime = 0,
        replications: Int = 10, seed: UInt64 = 1, reportInterval: SimTime = 3_600,
        window: SimTime = 60, channels: [ChannelSpec]
    ) {
        self.name = name
        self.description = description
        self.horizon = horizon
        self.warmup = warmup
        self.replications = replications
        self.seed = seed
        self.reportInterval = reportInterval
        self.window = window
        self.channels = channels
    }
}

/// The kinds of front-office channel (DESIGN §1). In a channel-only scenario the kind is a label;
/// the city model gives each kind its behaviour.
public enum ChannelKind: String, Sendable, Codable, CaseIterable {
    /// App or web platform.
    case online
    /// 24-hour self-service terminal.
    case terminal
    /// Community service centre.
    case center
    /// District administrative hall.
    case hall
    /// The 12345 hotline.
    case hotline
    /// "Find the secretary": messages to community officials.
    case direct
    /// QR hazard report at a site.
    case qr
    /// A service point of no particular kind (validation queues).
    case generic
}

extension ChannelKind {
    /// Where one unit of the channel sits in a city: one for the whole city, one per district or
    /// one per community. Its staffing is per unit.
    public enum Scope: String, Sendable { case city, district, community }

    /// The channel's scope: halls are district halls; centres, terminals and "find the secretary"
    /// are per community; the rest (hotline, online, QR) serve the whole city.
    public var scope: Scope {
        switch self {
        case .hall: .district
        case .center, .terminal, .direct: .community
        case .online, .hotline, .qr, .generic: .city
        }
    }

    /// Whether residents use it on a phone or a screen (digital literacy helps).
    public var isDigital: Bool { self == .online || self == .terminal || self == .qr }
}

/// One service point: a multi-server queue and what feeds it.
public struct ChannelSpec: Sendable, Codable, Equatable {
    /// The channel's name in the scenario (a key of `channels`).
    public var name: String
    /// What kind of channel it is.
    public var kind: ChannelKind
    /// Servers on duty over the week.
    public var schedule: ShiftSchedule
    /// Service time of a case type without its own entry.
    public var serviceTime: Distribution
    /// Service times by case type, where they differ from `serviceTime`.
    public var serviceTimeByCaseType: [String: Distribution]
    /// How long callers wait before giving up; nil for infinitely patient.
    public var patience: Distribution?
    /// The most customers allowed to wait (not counting those in service); nil for no limit.
    public var capacity: Int?
    /// Exogenous arrival streams.
    public var arrivals: [ExternalArrivals]
    /// Cost of one staff hour (currency units per hour), for `staff_cost`.
    public var costPerStaffHour: Double
    /// What callers who gave up do next; nil: they do not call again.
    public var retry: RetryRule?

    /// Creates a channel.
    public init(
        name: String, kind: ChannelKind = .generic, schedule: ShiftSchedule, serviceTime: Distribution,
        serviceTimeByCaseType: [String: Distribution] = [:], patience: Distribution? = nil,
        capacity: Int? = nil, arrivals: [ExternalArrivals] = [], costPerStaffHour: Double = 0,
        retry: RetryRule? = nil
    ) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
        self.serviceTime = serviceTime
        self.serviceTimeByCaseType = serviceTimeByCaseType
        self.patience = patience
        self.capacity = capacity
        self.arrivals = arrivals
        self.costPerStaffHour = costPerStaffHour
        self.retry = retry
    }

    /// The number of priority classes the channel's arrivals use.
    public var priorityLevels: Int { (arrivals.map(\.priority).max() ?? 0) + 1 }

    /// The service time of `caseType`.
    public func serviceTime(for caseType: String?) -> Distribution {
        caseType.flatMap { serviceTimeByCaseType[$0] } ?? serviceTime
    }
}

/// Redialling: a caller who abandons calls the same channel again with `probability`, after a
/// `delay`, until it has made `maxAttempts` calls in all. Ignoring redials understaffs a hotline
/// (FACTS.md: "Due Process on Hold", a queueing study of SNAP call centres).
public struct RetryRule: Sendable, Codable, Equatable {
    /// The chance that a caller who abandoned calls again.
    public var probability: Double
    /// The time until the next call (seconds).
    public var delay: Distribution
    /// The most calls one caller makes, the first included (≥ 2).
    public var maxAttempts: Int

    /// Creates a rule.
    public init(probability: Double, delay: Distribution, maxAttempts: Int) {
        self.probability = probability
        self.delay = delay
        self.maxAttempts = maxAttempts
    }
}

/// A stream of exogenous arrivals into a channel (`external_arrivals`): Poisson, with a rate that
/// may vary by hour of day and day of week.
public struct ExternalArrivals: Sendable, Codable, Equatable {
    /// When arrivals come.
    public var process: ArrivalProcess
    /// Their priority class at the channel, 0 the highest.
    public var priority: Int
    /// Their case type, which selects the service time; nil for the channel's default.
    public var caseType: String?

    /// Creates an arrival stream.
    public init(process: ArrivalProcess, priority: Int = 0, caseType: String? = nil) {
        self.process = process
        self.priority = priority
        self.caseType = caseType
    }
}
