import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The back office (DESIGN §1, a hub): the command centre registers each work order and routes
/// it to a department; a misrouted order is transferred after a delay (the "ping-pong" unified
/// dispatch removes); departments' handlers work their queues by priority; each "done" goes
/// back to the case's partition, which verifies and closes it.
final class BackOffice: LogicalProcess {
    typealias Message = ModelMessage

    let plan: CityPlan
    let model: CityModel
    let centre: QueueBank
    let departments: QueueBank
    let horizon: SimTime
    let unified: Bool
    private let registrationStream: RandomStream
    private let routingStream: RandomStream
    private let handlingStream: RandomStream
    @exclusivity(unchecked) private var held = Slab<CaseRecord>()
    /// Work orders arriving (slot) and transfers completing (slot), by time.
    @exclusivity(unchecked) private var inbound = EventHeap<Int32>()
    @exclusivity(unchecked) private var transfers = EventHeap<Int32>()
    @exclusivity(unchecked) private var staffingChanges = EventHeap<Int32>()
    @exclusivity(unchecked) private var reports: ReportClock
    @exclusivity(unchecked) private var lastCentre = QueueCounters()
    @exclusivity(unchecked) private var lastDepartments: [QueueCounters]
    @exclusivity(unchecked) private(set) var centreSamples: [ChannelSample] = []
    @exclusivity(unchecked) private(set) var departmentSamples: [[ChannelSample]]
    @exclusivity(unchecked) private(set) var events = 0
    /// Duplicate reports registered and merged (created after the warm-up).
    @exclusivity(unchecked) private(set) var duplicatesMerged = 0
    /// `--cases`: where the cases still here at the end are written.
    @exclusivity(unchecked) var caseLog: (any CaseSink)?
    /// Surge reserves, one plan per department.
    @exclusivity(unchecked) private var surges: [SurgePlan]
    /// Surge reserves for the command centre (`target: command_centre`).
    @exclusivity(unchecked) private var centreSurge: SurgePlan

    /// The command centre's name in results and as a surge target.
    static let centreName = "command_centre"

    init(plan: CityPlan, seed: UInt64, replication: Int) {
        self.plan = plan
        model = plan.model
        let scale = plan.model.layout.scale
        let beta = plan.model.layout.staffingBeta
        let warmup = plan.scenario.warmup
        centre = QueueBank(
            schedules: [plan.model.commandCentre.schedule.scaled(by: scale, safety: beta)],
            priorityLevels: CasePriority.levels,
            capacity: nil,
            warmup: warmup, perQueueHistograms: true)
        departments = QueueBank(
            schedules: plan.model.departments.map { $0.schedule.scaled(by: scale, safety: beta) },
            priorityLevels: CasePriority.levels,
            capacity: nil, warmup: warmup, perQueueHistograms: true)
        horizon = plan.scenario.horizon
        reports = ReportClock(interval: plan.scenario.reportInterval, horizon: horizon)
        centre.queues[0].tally = plan.scenario.probe?.tally(for: Self.centreName, horizon: horizon)
        for (queue, spec) in zip(departments.queues, plan.model.departments) {
            queue.tally = plan.scenario.probe?.tally(for: spec.name, horizon: horizon)
        }
        unified = plan.model.strategies.dispatch == .unified
        lastDepartments = Array(repeating: QueueCounters(), count: plan.model.departments.count)
        departmentSamples = Array(repeating: [], count: plan.model.departments.count)
        func stream(_ purpose: StreamPurpose, _ entity: UInt32) -> RandomStream {
            RandomStream(
                StreamKey(
                    seed: seed, replication: UInt32(replication), kind: .department, entity: entity,
                    purpose: purpose))
        }
        registrationStream = stream(.service, 0)
        routingStream = stream(.choice, 0)
        handlingStream = stream(.handling, 1)
        surges = plan.model.departments.map {
            SurgePlan(
                target: $0.name, model: plan.model, warmup: plan.scenario.warmup,
                horizon: plan.scenario.horizon,
                units: 1)
        }
        centreSurge = SurgePlan(
            target: Self.centreName, model: plan.model, warmup: plan.scenario.warmup,
            horizon: plan.scenario.horizon,
            units: 1)
        for time in plan.shockBoundaries where time < horizon { staffingChanges.schedule(-1, at: time) }
        for (rule, trigger) in centreSurge.warningTriggers(
            shocks: plan.model.shocks, earlyOnWarning: plan.model.strategies.preInspection)
        {
            for time in centreSurge.activate(rule, at: trigger) { staffingChanges.schedule(-1, at: time) }
        }
        for index in surges.indices {
            for (rule, trigger) in surges[index].warningTriggers(
                shocks: plan.model.shocks, earlyOnWarning: plan.model.strategies.preInspection)
            {
                for time in surges[index].activate(rule, at: trigger) {
                    staffingChanges.schedule(-1, at: time)
                }
            }
        }
    }

    var profileGroup: String { "back office" }

    var nextEventTime: SimTime {
        min(
            centre.nextEventTime, departments.nextEventTime, inbound.nextTime, transfers.nextTime,
            staffingChanges.nextTime, reports.next)
    }

    func advance(until end: SimTime, outbox: inout Outbox<ModelMessage>) {
        // The sources, in their same-instant order: the command centre's departures, the
        // departments', staffing changes, transfers, work orders arriving, samples.
        while let source = SameInstant.next(
            [
                centre.nextEventTime, departments.nextEventTime, staffingChanges.nextTime, transfers.nextTime,
                inbound.nextTime, reports.next,
            ], before: end)
        {
            switch source {
            case 0:
                centre.processNext { _, departure in registered(departure) }
            case 1:
                departments.processNext { queue, departure in handled(departure, outbox: &outbox) }
            case 2:
                guard let change = staffingChanges.popFirst() else { return }
                restaff(at: change.time)
            case 3:
                guard let entry = transfers.popFirst() else { return }
                dispatch(slot: Int(entry.payload), at: entry.time)
            case 4:
                guard let entry = inbound.popFirst() else { return }
                arrive(slot: Int(entry.payload), at: entry.time)
            default:
                sample(at: reports.next)
                reports.advance()
            }
        }
    }

    func receive(_ envelope: Envelope<ModelMessage>) {
        guard case .workOrder(let record) = envelope.message else {
            preconditionFailure("the back office received a message meant for another process")
        }
        inbound.schedule(held.hold(record), at: envelope.time)
    }

    private func priority(of record: CaseRecord, at time: SimTime) -> Int {
        if record.has(CaseFlags.escalated) || time >= record.escalateAt { return CasePriority.emergency }
        return plan.caseRules[Int(record.type)].priority
    }

    /// A work order arrives: new orders are registered by the command centre; a reopened one
    /// goes straight back to its department.
    private func arrive(slot: Int, at time: SimTime) {
        events += 1
        let record = held[slot]
        if record.registered >= 0 {
            dispatch(slot: slot, at: time)
            return
        }
        let spec = model.commandCentre
        let factor = unified ? spec.unifiedRegistrationFactor : 1
        centre.arrive(
            queue: 0,
            QueueArrival(
                tag: Int32(slot), priority: priority(of: record, at: time),
                serviceTime: spec.registration.sample(registrationStream) * factor, patience: .infinity),
            at: time)
    }

    /// Registered: routed right first time with the dispatch model's accuracy, otherwise sent to
    /// the wrong department, which sends it back after the transfer delay (the type's own, or the
    /// command centre's). Either way the order is dispatched now: `dispatched` is the first
    /// dispatch, as in 12345 practice's "call to dispatched work order".
    private func registered(_ departure: QueueDeparture) {
        let slot = Int(departure.tag)
        if held[slot].has(CaseFlags.duplicate) {
            // Recognised as a report of a case already registered: merged into it.
            if held[slot].created >= plan.scenario.warmup { duplicatesMerged += 1 }
            held.release(slot)
            return
        }
        held[slot].registered = departure.time
        let spec = model.commandCentre
        let accuracy = unified ? spec.unifiedRoutingAccuracy : spec.routingAccuracy
        if routingStream.uniform() < accuracy {
            dispatch(slot: slot, at: departure.time)
        } else {
            held[slot].transfers = held[slot].transfers &+ 1
            held[slot].dispatched = departure.time
            let delay = transferDelay(of: held[slot], at: departure.time)
            transfers.schedule(Int32(slot), at: departure.time + delay.sample(routingStream))
        }
    }

    /// A misrouted order's delay: its type's own, an emergency's for an escalated hazard, or the
    /// command centre's.
    private func transferDelay(of record: CaseRecord, at time: SimTime) -> Distribution {
        let escalated = priority(of: record, at: time) == CasePriority.emergency
        let emergency = escalated ? plan.emergencyType.flatMap { plan.caseRules[$0].transferDelay } : nil
        return emergency ?? plan.caseRules[Int(record.type)].transferDelay
            ?? model.commandCentre.transferDelay
    }

    /// The order reaches its department's queue.
    private func dispatch(slot: Int, at time: SimTime) {
        let record = held[slot]
        if record.dispatched < 0 { held[slot].dispatched = time }
        let type = plan.caseRules[Int(record.type)]
        guard let department = plan.departmentOfType[Int(record.type)] else {
            preconditionFailure(
                "case type '\(model.caseTypes[Int(record.type)].name)' reached the back office without a department"
            )
        }
        let factor = unified ? model.commandCentre.unifiedHandlingFactor : 1
        departments.arrive(
            queue: department,
            QueueArrival(
                tag: Int32(slot), priority: priority(of: record, at: time),
                serviceTime: type.handling.sample(handlingStream) * factor, patience: .infinity),
            at: time)
    }

    /// A handler said "done" (falsely, with the type's probability): back to the partition.
    private func handled(_ departure: QueueDeparture, outbox: inout Outbox<ModelMessage>) {
        let slot = Int(departure.tag)
        var record = held[slot]
        held.release(slot)
        if record.responded < 0 { record.responded = departure.arrival + departure.wait }
        record.handled = departure.time
        let falseClosure = plan.caseRules[Int(record.type)].falseClosure
        record.set(CaseFlags.falselyClosed, handlingStream.uniform() < falseClosure)
        outbox.send(
            .handled(record), to: plan.partition(ofCell: record.cell), at: departure.time + plan.latency)
    }

    /// Shocks' absence among department handlers.
    private func restaff(at time: SimTime) {
        var factor = 1.0
        for shock in model.shocks where shock.isUnderway(at: time) {
            factor *= shock.departmentStaff
        }
        let centreExtra = centreSurge.extraServers(at: time)
        centre.setStaffing(queue: 0, factor: 1, extra: centreExtra, at: time)
        for index in departments.queues.indices {
            departments.setStaffing(
                queue: index, factor: factor, extra: surges[index].extraServers(at: time), at: time)
        }
    }

    private func sample(at time: SimTime) {
        let centreSample = Self.sample(centre.queues[0], since: &lastCentre, at: time)
        centreSamples.append(centreSample)
        for rule in centreSurge.waitTriggers(
            meanWait: centreSample.meanWaitOfServed, waiting: centreSample.waiting)
        {
            for change in centreSurge.activate(rule, at: time) { staffingChanges.schedule(-1, at: change) }
        }
        for (index, queue) in departments.queues.enumerated() {
            let sample = Self.sample(queue, since: &lastDepartments[index], at: time)
            departmentSamples[index].append(sample)
            for rule in surges[index].waitTriggers(meanWait: sample.meanWaitOfServed, waiting: sample.waiting)
            {
                for change in surges[index].activate(rule, at: time) {
                    staffingChanges.schedule(-1, at: change)
                }
            }
        }
    }

    /// One queue's sample at `time`; `last` moves on to its running totals now.
    static func sample(_ queue: ServiceQueue, since last: inout QueueCounters, at time: SimTime)
        -> ChannelSample
    {
        defer { last = queue.counters }
        return ChannelSample(time: time, queue: queue, since: last)
    }

    /// Closes the books at the horizon.
    func finish() {
        centre.finish(at: horizon)
        departments.finish(at: horizon)
        sample(at: horizon)
    }

    /// Of the cases open here at the end, those already past their SLA (counted by `open`).
    private(set) var lateOpen = 0

    /// Cases here at the end (created after `warmup`), by type and stage.
    func open(warmup: SimTime, types: Int) -> [[Int]] {
        var open = Array(repeating: Array(repeating: 0, count: CityAccounting.stages.count), count: types)
        held.forEachHeld { _, record in
            guard record.created >= warmup, !record.has(CaseFlags.duplicate) else { return }
            open[Int(record.type)][CityAccounting.stage(of: record)] += 1
            if plan.isLate(record, at: horizon) { lateOpen += 1 }
            caseLog?.add(
                record, type: model.caseTypes[Int(record.type)].name,
                district: plan.city.districts[Int(plan.city.cellDistrict[Int(record.cell)])].name,
                channel: CaseOrigin.name(record.origin, channels: plan.channelNames), status: .open)
        }
        return open
    }

    /// The command centre's and the departments' queue results (rows of `channels.csv`).
    func results() -> [ChannelResult] {
        let centreSpec = model.commandCentre
        var rows = [
            ChannelResult(
                name: Self.centreName, kind: .generic, statistics: centre.statistics,
                costPerStaffHour: centreSpec.costPerStaffHour,
                staffHours: centre.staffSeconds / SimClock.hour,
                repeatContacts: 0, samples: centreSamples,
                surgeHours: centreSurge.effectiveSeconds / SimClock.hour,
                surgeCost: centreSurge.cost, role: "command_centre", tally: centre.queues[0].tally?.bins)
        ]
        for (index, spec) in model.departments.enumerated() {
            let queue = departments.queues[index]
            let statistics = queue.statistics
            rows.append(
                ChannelResult(
                    name: spec.name, kind: .generic, statistics: statistics,
                    costPerStaffHour: spec.costPerStaffHour,
                    staffHours: queue.staffSeconds / SimClock.hour, repeatContacts: 0,
                    samples: departmentSamples[index],
                    surgeHours: surges[index].effectiveSeconds / SimClock.hour,
                    surgeCost: surges[index].cost, role: "department", tally: queue.tally?.bins))
        }
        return rows
    }
}
