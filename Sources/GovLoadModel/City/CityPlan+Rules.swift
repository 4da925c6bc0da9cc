import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The numbers the hot path reads about a case type, as plain values.
///
/// ``CaseTypeSpec`` holds strings, arrays and dictionaries; copying one out of the shared plan
/// retains each of them, and when partitions on several threads do that for every contact the
/// shared reference counts bounce between the cores (measured: 20 % more work on 2 threads than
/// on 1). Copying a `CaseTypeRules` retains nothing.
struct CaseTypeRules: Sendable {
    /// What the case is.
    let kind: CaseKind
    /// Queue priority, 0 highest.
    let priority: Int
    /// Time from filing to handling within which the case is on time (seconds).
    let sla: SimTime
    /// Chance that a handler reports the case done when it is not.
    let falseClosure: Double
    /// Share of cases that need a second grid domain too.
    let crossDomainShare: Double
    /// Share of patrol- or sensor-found hazards a grid worker fixes on site.
    let onSiteShare: Double
    /// A grid worker's time on site (seconds).
    let onSiteTime: Distribution
    /// A department's handling time (seconds).
    let handling: Distribution
    /// Time until an unhandled hazard becomes an emergency (seconds), if it can.
    let escalation: Distribution?
    /// Share of services approved online in seconds under digital-first.
    let autoApproval: Double
    /// A misrouted work order's delay before it is sent on, if the type has its own.
    let transferDelay: Distribution?
    /// Whether the SLA ends at the first response rather than at handling done.
    let slaEndsAtResponse: Bool

    init(_ spec: CaseTypeSpec) {
        kind = spec.kind
        priority = spec.priority
        sla = spec.sla
        falseClosure = spec.falseClosure
        crossDomainShare = spec.crossDomainShare
        onSiteShare = spec.onSiteShare
        onSiteTime = spec.onSiteTime
        handling = spec.handling
        escalation = spec.escalation
        autoApproval = spec.autoApproval
        transferDelay = spec.transferDelay
        slaEndsAtResponse = spec.slaEndsAtResponse
    }
}

/// The numbers the hot path reads about a channel, as plain values (see ``CaseTypeRules``).
struct ChannelRules: Sendable {
    /// What kind of service point it is.
    let kind: ChannelKind
    /// How long a resident waits before giving up (seconds); nil: forever.
    let patience: Distribution?

    init(_ spec: ChannelSpec) {
        kind = spec.kind
        patience = spec.patience
    }
}

extension CityPlan {
    /// The service time of a case of type `type` at channel `channel` (seconds).
    func serviceTime(channel: Int, type: Int) -> Distribution {
        serviceTimes[channel * caseRules.count + type]
    }

    /// Whether an open case is already late at `time`: filed (its clock started) longer ago than
    /// its type's SLA. An open case within its SLA, or not yet reported, is censored: its
    /// timeliness is not known.
    func isLate(_ record: CaseRecord, at time: SimTime) -> Bool {
        guard record.reported >= 0 else { return false }
        let (limit, atResponse) = slaRule(of: record)
        let stop = atResponse && record.responded >= 0 ? record.responded : time
        return stop - record.filed > limit
    }

    /// A case's SLA and whether it ends at the first response: its type's, or the emergency
    /// type's for a hazard that escalated (it is an emergency now).
    func slaRule(of record: CaseRecord) -> (limit: SimTime, atResponse: Bool) {
        let type = caseRules[Int(record.type)]
        if record.has(CaseFlags.escalated), let emergency = emergencyRules {
            return (emergency.sla, emergency.slaEndsAtResponse)
        }
        return (type.sla, type.slaEndsAtResponse)
    }

    /// Whether a case handled (done) at `handled` met its SLA: the first response within the
    /// limit where the SLA ends at response, else handling done within it.
    func metSLA(_ record: CaseRecord, handled: SimTime) -> Bool {
        let (limit, atResponse) = slaRule(of: record)
        let stop = atResponse && record.responded >= 0 ? record.responded : handled
        return stop - record.filed <= limit
    }

    /// The share of served contacts of type `type` at channel `channel` that settle the case.
    func closedOnContact(channel: Int, type: Int) -> Double {
        closedOnContactShares[channel * caseRules.count + type]
    }

    /// Whether a served contact settles its case on the spot: a draw from `stream` only when the
    /// type and channel allow it, so that scenarios without `closed_on_contact` draw nothing.
    func settles(_ contact: Contact, stream: RandomStream) -> Bool {
        let share = closedOnContact(channel: Int(contact.channel), type: Int(contact.record.type))
        return share > 0 && !contact.record.has(CaseFlags.duplicate) && stream.uniform() < share
    }
}
