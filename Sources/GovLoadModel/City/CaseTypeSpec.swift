import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// What a case is, which decides where it starts and how it travels (DESIGN §1).
public enum CaseKind: String, Sendable, Codable, CaseIterable {
    /// Administrative services: finished at the front office (some auto-approved online).
    case service
    /// Appeals (诉求): taken at the front office, handled by a department.
    case appeal
    /// Hazards (隐患): latent at a site until patrol, a sensor or a resident finds them.
    case hazard
    /// Emergencies (突发): by escalation or a shock's burst; top priority.
    case emergency
}

/// One type of case: how often it arises, where residents take it and who handles it.
public struct CaseTypeSpec: Sendable, Codable, Equatable {
    /// The most case types a city may have. A case stores its type in a byte, and the daily
    /// demand-noise stream of type `t` on day `d` is keyed `d × maxCount + t`
    /// (`Partition.drawNoise`): with more types, one day's streams would be the next day's.
    public static let maxCount = 64

    /// The type's name (`service`, `appeal`, `hazard`, `emergency` or any other).
    public var name: String
    /// Its kind.
    public var kind: CaseKind
    /// Needs per resident per second, by age band (service and appeal types); for hazards, new
    /// hazards per site per second (the first entry); for emergencies, per resident.
    public var rates: [Double]
    /// 24 hour-of-day factors, 00:00 first.
    public var hourly: [Double]
    /// 7 day-of-week factors, Monday first.
    public var daily: [Double]
    /// The coefficient of variation of a city-wide daily intensity factor (gamma, mean 1): 0 is
    /// Poisson; daily 12345/311 counts are far burstier (FACTS.md).
    public var dispersion: Double
    /// The channels residents may take it to, with each one's base utility (logit units).
    public var channels: [String: Double]
    /// The grid domain it belongs to (siloed grids detect and handle only their own domain).
    public var domain: String
    /// The share of cases that also need a second domain.
    public var crossDomainShare: Double
    /// The department that handles it; nil when the front office finishes it.
    public var department: String?
    /// Department handling time.
    public var handling: Distribution
    /// The share a grid worker can handle on site instead of a department.
    public var onSiteShare: Double
    /// A grid worker's on-site handling time.
    public var onSiteTime: Distribution
    /// Time allowed from filing (the report, or the find) to handling (seconds).
    public var sla: SimTime
    /// The chance that a handler's "done" is a false closure.
    public var falseClosure: Double
    /// Time from a hazard's appearance until it becomes an emergency if nobody handles it; nil
    /// for types that do not escalate.
    public var escalation: Distribution?
    /// Priority at queues, 0 the highest.
    public var priority: Int
    /// The share of online requests approved in seconds without staff (秒批; digital-first only).
    public var autoApproval: Double
    /// By channel name, the share of served contacts that settle the case on the contact (an
    /// enquiry answered, a complaint resolved by the agent): closed there, no work order
    /// (appeals only; channels not named settle none).
    public var closedOnContact: [String: Double] = [:]
    /// The time a misrouted work order of this type takes to come back and be sent on; nil: the
    /// command centre's `transfer_delay`.
    public var transferDelay: Distribution? = nil
    /// Whether the SLA limits the time from filing to the first response — a handler or grid
    /// worker starting on the case — rather than to handling done (`sla_ends: response`; the
    /// emergency rule's 2 h is to respond).
    public var slaEndsAtResponse = false

    /// Creates a case type.
    public init(
        name: String, kind: CaseKind, rates: [Double], hourly: [Double] = Array(repeating: 1, count: 24),
        daily: [Double] = Array(repeating: 1, count: 7), dispersion: Double = 0,
        channels: [String: Double] = [:], domain: String = "city", crossDomainShare: Double = 0,
        department: String? = nil, handling: Distribution = .fixed(0), onSiteShare: Double = 0,
        onSiteTime: Distribution = .fixed(0), sla: SimTime, falseClosure: Double = 0,
        escalation: Distribution? = nil, priority: Int = 1, autoApproval: Double = 0
    ) {
        self.name = name
        self.kind = kind
        self.rates = rates
        self.hourly = hourly
        self.daily = daily
        self.dispersion = dispersion
        self.channels = channels
        self.domain = domain
        self.crossDomainShare = crossDomainShare
        self.department = department
        self.handling = handling
        self.onSiteShare = onSiteShare
        self.onSiteTime = onSiteTime
        self.sla = sla
        self.falseClosure = falseClosure
        self.escalation = escalation
        self.priority = priority
        self.autoApproval = autoApproval
    }
}
