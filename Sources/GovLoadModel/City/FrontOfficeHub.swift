import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A city- or district-scope channel in a city (DESIGN §4 hub): the hotline, the online
/// platform, QR reports, or the district halls (one queue per district). Contacts arrive as
/// messages from the partitions; each contact's end goes back to the resident's partition, and an
/// appeal or report taken becomes a work order for the command centre.
final class FrontOfficeHub: LogicalProcess {
    typealias Message = ModelMessage

    let plan: CityPlan
    let channel: Int
    let spec: ChannelSpec
    let bank: QueueBank
    let horizon: SimTime
    let serviceStream: RandomStream
    /// Whether a contact settles its case on the spot (`closed_on_contact`).
    let resolutionStream: RandomStream
    /// Contacts that have arrived as messages and wait for their time (slots into `held`).
    @exclusivity(unchecked) private var inbound = EventHeap<Int32>()
    /// Staffing changes (shocks and surges), as times at which factors are recomputed.
    @exclusivity(unchecked) private var staffingChanges = EventHeap<Int32>()
    @exclusivity(unchecked) private var held = Slab<Contact>()
    @exclusivity(unchecked) private var reports: ReportClock
    @exclusivity(unchecked) private var lastCounters = QueueCounters()
    @exclusivity(unchecked) private(set) var samples: [ChannelSample] = []
    /// Surge reserves for this channel.
    @exclusivity(unchecked) private var surge: SurgePlan
    @exclusivity(unchecked) private(set) var events = 0
    /// `--cases`: where the cases still here at the end are written.
    @exclusivity(unchecked) var caseLog: (any CaseSink)?

    init(plan: CityPlan, channel: Int, seed: UInt64, replication: Int) {
        self.plan = plan
        self.channel = channel
        spec = plan.scenario.channels[channel]
        let units = spec.kind.scope == .district ? plan.city.districts.count : 1
        bank = QueueBank(
            schedules: Array(repeating: plan.schedules[channel], count: units),
            priorityLevels: CasePriority.levels,
            capacity: spec.capacity, warmup: plan.scenario.warmup)
        horizon = plan.scenario.horizon
        if let tally = plan.scenario.probe?.tally(for: spec.name, horizon: horizon) {
            for queue in bank.queues { queue.tally = tally }
        }
        reports = ReportClock(interval: plan.scenario.reportInterval, horizon: horizon)
        serviceStream = RandomStream(
            StreamKey(
                seed: seed, replication: UInt32(replication), kind: .channel,
                entity: StreamIdentity.entity(named: spec.name), purpose: .service))
        resolutionStream = RandomStream(
            StreamKey(
                seed: seed, replication: UInt32(replication), kind: .channel,
                entity: StreamIdentity.entity(named: spec.name), purpose: .resolution))
        surge = SurgePlan(
            target: plan.scenario.channels[channel].name, model: plan.model, warmup: plan.scenario.warmup,
            horizon: plan.scenario.horizon, units: units)
        for time in plan.shockBoundaries where time < horizon { staffingChanges.schedule(-1, at: time) }
        for (rule, trigger) in surge.warningTriggers(
            shocks: plan.model.shocks, earlyOnWarning: plan.model.strategies.preInspection)
        {
            for time in surge.activate(rule, at: trigger) { staffingChanges.schedule(-1, at: time) }
        }
    }

    var profileGroup: String { "channel hubs" }

    var nextEventTime: SimTime {
        min(bank.nextEventTime, inbound.nextTime, staffingChanges.nextTime, reports.next)
    }

    func advance(until end: SimTime, outbox: inout Outbox<ModelMessage>) {
        // The sources, in their same-instant order: departures, staffing changes, contacts
        // arriving, samples.
        while let source = SameInstant.next(
            [bank.nextEventTime, staffingChanges.nextTime, inbound.nextTime, reports.next], before: end)
        {
            switch source {
            case 0:
                bank.processNext { _, departure in depart(departure, outbox: &outbox) }
            case 1:
                guard let change = staffingChanges.popFirst() else { return }
                restaff(at: change.time)
            case 2:
                guard let entry = inbound.popFirst() else { return }
                arrive(slot: Int(entry.payload), at: entry.time, outbox: &outbox)
            default:
                sample(at: reports.next)
                reports.advance()
            }
        }
    }

    func receive(_ envelope: Envelope<ModelMessage>) {
        guard case .contact(let contact) = envelope.message else {
            preconditionFailure("a channel hub received a message meant for another process")
        }
        inbound.schedule(held.hold(contact), at: envelope.time)
    }

    private func arrive(slot: Int, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        events += 1
        let contact = held[slot]
        let type = plan.caseRules[Int(contact.record.type)]
        let unit = spec.kind.scope == .district ? Int(contact.unit) : 0
        let priority = contact.record.has(CaseFlags.escalated) ? CasePriority.emergency : type.priority
        let admission = bank.arrive(
            queue: unit,
            QueueArrival(
                tag: Int32(slot), priority: priority,
                serviceTime: plan.serviceTime(channel: channel, type: Int(contact.record.type)).sample(
                    serviceStream),
                patience: contact.patience),
            at: time)
        if admission == .turnedAway {
            depart(
                QueueDeparture(tag: Int32(slot), arrival: time, time: time, wait: 0, outcome: .abandoned),
                turnedAway: true, outbox: &outbox)
        }
    }

    private func depart(
        _ departure: QueueDeparture, turnedAway: Bool = false, outbox: inout Outbox<ModelMessage>
    ) {
        let slot = Int(departure.tag)
        var contact = held[slot]
        held.release(slot)
        contact.outcome = turnedAway ? .turnedAway : (departure.outcome == .served ? .served : .abandoned)
        contact.wait = departure.wait
        contact.ended = departure.time
        if contact.outcome == .served && plan.settles(contact, stream: resolutionStream) {
            contact.outcome = .resolved
        }
        if contact.outcome == .served && plan.caseRules[Int(contact.record.type)].kind != .service {
            outbox.send(
                .workOrder(contact.record), to: plan.backOfficeProcess, at: departure.time + plan.latency)
        }
        outbox.send(
            .answer(contact), to: plan.partition(ofCell: contact.record.cell),
            at: departure.time + plan.latency)
    }

    /// Recomputes every unit's staffing: the shocks' factor and the reserves on duty.
    private func restaff(at time: SimTime) {
        let reserve = surge.extraServers(at: time)
        for unit in bank.queues.indices {
            let factor = plan.channelFactor(channel, district: unit, at: time)
            bank.setStaffing(queue: unit, factor: factor, extra: reserve, at: time)
        }
    }

    private func sample(at time: SimTime) {
        let sample = ChannelSample(time: time, bank: bank, since: lastCounters)
        samples.append(sample)
        lastCounters = bank.counters
        for rule in surge.waitTriggers(meanWait: sample.meanWaitOfServed, waiting: sample.waiting) {
            for change in surge.activate(rule, at: time) { staffingChanges.schedule(-1, at: change) }
        }
    }

    /// Closes the books at the horizon.
    func finish() {
        bank.finish(at: horizon)
        sample(at: horizon)
    }

    /// Of the cases open here at the end, those already past their SLA (counted by `openCases`).
    private(set) var lateOpen = 0

    /// Cases waiting here or on their way in at the end (all at the "reported" stage), by type.
    func openCases(warmup: SimTime, types: Int) -> [Int] {
        var open = Array(repeating: 0, count: types)
        held.forEachHeld { _, contact in
            guard contact.record.created >= warmup, !contact.record.has(CaseFlags.duplicate) else {
                return
            }
            open[Int(contact.record.type)] += 1
            let record = contact.record
            if plan.isLate(record, at: horizon) { lateOpen += 1 }
            caseLog?.add(
                record, type: plan.model.caseTypes[Int(record.type)].name,
                district: plan.city.districts[Int(plan.city.cellDistrict[Int(record.cell)])].name,
                channel: CaseOrigin.name(record.origin, channels: plan.channelNames), status: .open)
        }
        return open
    }

    /// The channel's result for the replication.
    func result() -> ChannelResult {
        ChannelResult(
            name: spec.name, kind: spec.kind, statistics: bank.statistics,
            costPerStaffHour: spec.costPerStaffHour,
            staffHours: bank.staffSeconds / SimClock.hour, repeatContacts: 0, samples: samples,
            surgeHours: surge.effectiveSeconds / SimClock.hour, surgeCost: surge.cost,
            tally: bank.queues.first?.tally?.bins)
    }
}
