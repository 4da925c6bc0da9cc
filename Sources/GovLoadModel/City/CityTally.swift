import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport
import Histogram

/// What a partition counts about cases and residents; partitions' tallies add up to the city's.
/// Counts are of cases created after the warm-up unless said otherwise.
public struct CityTally: Sendable, Codable {
    /// Cases created, by case type.
    public var created: [Int]
    /// Cases closed as resolved, by case type.
    public var closed: [Int]
    /// Cases dropped: the resident gave up on every channel, by case type.
    public var dropped: [Int]
    /// Closed cases that were closed falsely — the problem not solved — and reached the
    /// resident (not caught by verification), by case type.
    public var falselyClosed: [Int]
    /// Closed cases handled within their SLA, by case type.
    public var onTime: [Int]
    /// Hours from filing to closure of closed cases, by case type (2 significant digits).
    public var closeHours: [Histogram<UInt64>]
    /// Sum of those hours, by case type.
    public var closeHoursSum: [Double]
    /// Contacts residents made (first tries, retries and repeat reports).
    public var contacts = 0
    /// Of those, retries after giving up and repeat reports after a false closure.
    public var repeatContacts = 0
    /// Contacts abandoned or turned away.
    public var abandoned = 0
    /// False closures that reached the resident (not caught by verification).
    public var falseClosures = 0
    /// Cases reopened (a false closure caught by verification).
    public var reopened = 0
    /// Hazards that became emergencies.
    public var escalations = 0
    /// Work-order transfers between departments (counted where the case closes).
    public var transfers = 0
    /// Online requests approved in seconds (秒批).
    public var autoApproved = 0
    /// Cases finished on site by grid workers.
    public var onSite = 0
    /// Follow-up contacts made (full-cycle).
    public var followUps = 0
    /// Emergencies created during a shock, and of those closed within their SLA.
    public var shockEmergencies = 0
    /// Of `shockEmergencies`, those closed within SLA.
    public var shockEmergenciesOnTime = 0
    /// Duplicate reports residents made (contacts about a hazard already reported).
    public var duplicateReports = 0
    /// Duplicates the command centre registered and merged into the first report.
    public var duplicatesMerged = 0
    /// Hazards found (or escalated), and the hours they lay latent.
    public var hazardsFound = 0
    /// Of those, found by the city itself: patrol or a sensor (the rest by residents or by
    /// escalation).
    public var hazardsFoundByCity = 0
    /// Closed cases a resident raised (who rates the closure at the call-back), and of those the
    /// ones rated satisfied: solved (no false closure) within the SLA.
    public var rated = 0
    public var satisfied = 0
    /// Patrol rounds grid workers walked (one cell each, `patrol_round`), after the warm-up.
    public var patrolRounds = 0
    /// Grid workers' hours on patrol after the warm-up: their duty time with no task.
    public var patrolHours = 0.0
    /// Cases open at the end that were already past their SLA (known to be late); the other open
    /// cases are censored.
    public var lateOpen = 0
    /// Appeals and reports taken at a channel that became work orders (duplicates left out).
    public var workOrdersFromContacts = 0
    /// Appeals and reports settled on the contact (`closed_on_contact`).
    public var resolvedOnContact = 0
    /// `workOrdersFromContacts` by the channel that took the contact (index in scenario order;
    /// grown as channels are met).
    public var workOrdersByChannel: [Int] = []
    /// Closed dispatched cases and Σ hours from report to first dispatch, by where the case was
    /// first reported (`CaseRecord.origin`, so channels first, then the city's own codes).
    public var dispatchedByOrigin: [Int] = []
    public var dispatchHoursByOrigin: [Double] = []
    /// Of the closed dispatched cases, the urgent ones (emergencies and escalated hazards, the top
    /// priority class), and Σ their hours from report to first dispatch.
    public var dispatchedUrgent = 0
    public var dispatchHoursUrgent = 0.0
    /// Σ hours from a hazard's appearance to its detection or escalation.
    public var latentHoursSum = 0.0
    /// Closed cases that needed a second grid domain, and their hours to close.
    public var crossDomainClosed = 0
    /// Σ hours to close of those.
    public var crossDomainHoursSum = 0.0
    /// Open cases at the end (created after the warm-up) by case type and stage: unreported
    /// (a latent hazard, or a need waiting for a channel to open), reported (at the front office or waiting to try again), registered (with the back
    /// office), handled (awaiting verification on site).
    public var open: [[Int]]
    /// Closed cases whose stage times are out of order or miss a stage the case must pass
    /// (`CityAccounting.audit`): 0 in a correct model.
    public var auditFailures = 0
    /// Work orders dispatched (closed cases that went to a department), and Σ hours from report
    /// to first dispatch.
    public var dispatched = 0
    /// Σ hours from report to first dispatch of those.
    public var dispatchHoursSum = 0.0

    /// Adds `counts` to `total` element by element, growing `total` to fit.
    public static func add<Number: AdditiveArithmetic>(_ counts: [Number], to total: inout [Number]) {
        if counts.count > total.count { total += Array(repeating: .zero, count: counts.count - total.count) }
        for (index, count) in counts.enumerated() { total[index] += count }
    }

    /// Counts a work order made from a contact at `channel`.
    mutating func addWorkOrder(channel: Int) {
        workOrdersFromContacts += 1
        if workOrdersByChannel.count <= channel {
            workOrdersByChannel += Array(repeating: 0, count: channel + 1 - workOrdersByChannel.count)
        }
        workOrdersByChannel[channel] += 1
    }

    /// Counts a closed case first dispatched `hours` after its report, by its origin.
    mutating func addDispatch(origin: UInt8, hours: Double) {
        let index = Int(origin)
        if dispatchedByOrigin.count <= index {
            dispatchedByOrigin += Array(repeating: 0, count: index + 1 - dispatchedByOrigin.count)
            dispatchHoursByOrigin += Array(repeating: 0, count: index + 1 - dispatchHoursByOrigin.count)
        }
        dispatchedByOrigin[index] += 1
        dispatchHoursByOrigin[index] += hours
    }

    /// Open cases at the end by stage, every type together.
    public var openByStage: [Int] {
        (0..<CityAccounting.stages.count).map { stage in open.reduce(0) { $0 + $1[stage] } }
    }

    /// Creates an empty tally for `types` case types.
    public init(types: Int) {
        created = Array(repeating: 0, count: types)
        closed = created
        dropped = created
        onTime = created
        falselyClosed = created
        open = Array(repeating: Array(repeating: 0, count: CityAccounting.stages.count), count: types)
        closeHoursSum = Array(repeating: 0, count: types)
        closeHours = Array(
            repeating: Histogram<UInt64>(
                lowestDiscernibleValue: 1, highestTrackableValue: 1_000_000,
                numberOfSignificantValueDigits: .two),
            count: types)
    }

    /// Adds another partition's tally.
    public mutating func absorb(_ other: CityTally) {
        for type in created.indices {
            created[type] += other.created[type]
            closed[type] += other.closed[type]
            dropped[type] += other.dropped[type]
            onTime[type] += other.onTime[type]
            falselyClosed[type] += other.falselyClosed[type]
            closeHoursSum[type] += other.closeHoursSum[type]
            if other.closeHours[type].totalCount > 0 { closeHours[type].add(other.closeHours[type]) }
        }
        contacts += other.contacts
        repeatContacts += other.repeatContacts
        abandoned += other.abandoned
        falseClosures += other.falseClosures
        reopened += other.reopened
        escalations += other.escalations
        transfers += other.transfers
        autoApproved += other.autoApproved
        onSite += other.onSite
        followUps += other.followUps
        duplicateReports += other.duplicateReports
        duplicatesMerged += other.duplicatesMerged
        hazardsFound += other.hazardsFound
        hazardsFoundByCity += other.hazardsFoundByCity
        lateOpen += other.lateOpen
        patrolRounds += other.patrolRounds
        rated += other.rated
        satisfied += other.satisfied
        patrolHours += other.patrolHours
        dispatchedUrgent += other.dispatchedUrgent
        dispatchHoursUrgent += other.dispatchHoursUrgent
        workOrdersFromContacts += other.workOrdersFromContacts
        resolvedOnContact += other.resolvedOnContact
        Self.add(other.workOrdersByChannel, to: &workOrdersByChannel)
        Self.add(other.dispatchedByOrigin, to: &dispatchedByOrigin)
        Self.add(other.dispatchHoursByOrigin, to: &dispatchHoursByOrigin)
        latentHoursSum += other.latentHoursSum
        crossDomainClosed += other.crossDomainClosed
        crossDomainHoursSum += other.crossDomainHoursSum
        shockEmergencies += other.shockEmergencies
        shockEmergenciesOnTime += other.shockEmergenciesOnTime
        for type in open.indices {
            for stage in open[type].indices { open[type][stage] += other.open[type][stage] }
        }
        auditFailures += other.auditFailures
        dispatched += other.dispatched
        dispatchHoursSum += other.dispatchHoursSum
    }
}

/// A partition's running totals by district at a reporting time (warm-up included): the source
/// of the city's and districts' backlog series.
public struct DistrictSample: Sendable, Equatable, Codable {
    /// Cases created so far.
    public var created = 0
    /// Cases closed so far (resolved).
    public var closed = 0
    /// Cases dropped so far.
    public var dropped = 0
    /// Emergencies created so far.
    public var emergencies = 0
    /// Σ trust of the district's residents in the partition now (0–1 each).
    public var trustSum = 0.0
    /// Residents counted in `trustSum`.
    public var residents = 0

    /// Totals at zero.
    public init() {}

    /// Adds another partition's totals.
    public mutating func absorb(_ other: DistrictSample) {
        created += other.created
        closed += other.closed
        dropped += other.dropped
        emergencies += other.emergencies
        trustSum += other.trustSum
        residents += other.residents
    }
}
