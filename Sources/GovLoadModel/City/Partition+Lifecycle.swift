import CGSL
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Hazards, grid workers and the end of a case's life: detection, escalation, on-site handling,
/// verification, closure, follow-up and review (DESIGN §1–§2).
extension Partition {
    /// What a grid worker does with a case; the low two bits of a grid queue's tag.
    enum GridTask: Int32 {
        /// The first half of a domain-crossing case, by its own siloed grid.
        case onSiteFirst = 0
        /// On-site handling (the whole case, or its second half after a hand-off).
        case onSiteFinal = 1
        /// On-site verification of a closure (full-cycle).
        case verify = 2
        /// A follow-up contact with the resident (full-cycle).
        case followUp = 3
    }

    /// Patrol intensity for a hazard of `type`: specialists of its own grid (its share of the
    /// headcount) when siloed; every worker at the generalists' efficiency when merged.
    func patrolIntensity(type: Int) -> Double {
        let grid = model.grid
        return model.strategies.grid == .siloed
            ? grid.workersPerCell / Double(max(1, grid.domains.count))
            : grid.workersPerCell * grid.generalistEfficiency
    }

    /// Whether a sensor watches global site `site` (a fixed hash of the site: the same sites in
    /// every replication and policy).
    func hasSensor(_ site: Int) -> Bool {
        let hash = (UInt64(site) &+ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        let mixed = (hash ^ (hash >> 31)) &* 0x94D0_49BB_1331_11EB
        return Double(mixed >> 11) / 9_007_199_254_740_992 < model.sites.sensorCoverage
    }

    /// Draws how and when a latent hazard is found — by a sensor, by patrol or by a resident
    /// of its cell (competing exponential clocks, at the rates of `time`) — or, if it escalates
    /// first, when it becomes an emergency.
    func scheduleDetection(slot: Int, from time: SimTime, boost: Double) {
        let record = held[slot].contact.record
        let district = Int(plan.city.cellDistrict[Int(record.cell)])
        let sensor = hasSensor(Int(record.site)) ? model.sites.sensorDetectionRate : 0
        var availability = 1.0
        var preInspection = 1.0
        for s in model.shocks.indices where model.shocks[s].hits(district: district) {
            if model.shocks[s].intensity(at: time) > 0 { availability *= 1 - model.shocks[s].gridDiversion }
            if model.strategies.preInspection && time >= model.shocks[s].start - model.shocks[s].warning
                && time < model.shocks[s].start
            {
                preInspection = max(preInspection, model.grid.preInspectionFactor)
            }
        }
        // Patrol as worker time finds hazards on its rounds (`Partition+Patrol`), not by a clock.
        let patrol =
            model.grid.patrolDetectionRate * patrolIntensity(type: Int(record.type)) * availability
            * preInspection * boost
        let cell = Int(record.cell)
        let first = Int(plan.city.cellResidents[cell])
        let count = Int(plan.city.cellResidents[cell + 1]) - first
        let reporter = count > 0 ? first + pick(count, choiceStream) : -1
        let reporterTrust =
            reporter >= 0 ? Double(residents[reporter - layout.residents.lowerBound].trust) / 255 : 0
        let residents = reporter >= 0 ? model.behaviour.hazardReportRate * reporterTrust : 0
        let total = sensor + patrol + residents
        let generation = held.generation(of: slot)
        let found = total > 0 ? time + choiceStream.exponential(mean: 1 / total) : .infinity
        if found < record.escalateAt {
            let u = choiceStream.uniform() * total
            setRole(.latent(u < sensor ? .sensor : (u < sensor + patrol ? .patrol : .resident)), of: slot)
            held[slot].reporter = reporter >= 0 ? UInt32(reporter) : CaseRecord.noResident
            events.schedule(.detect(slot: Int32(slot), generation: generation), at: found)
        } else if record.escalateAt.isFinite {
            setRole(.latent(.escalates), of: slot)
            // A hazard already past its escalation time (a report nobody took) escalates now.
            events.schedule(
                .escalate(slot: Int32(slot), generation: generation), at: max(time, record.escalateAt))
        } else if model.grid.patrolRound != nil {
            // Nobody but a patrol round can find it, and it never escalates.
            setRole(.latent(.patrol), of: slot)
        }
        noteLatent(slot: slot)
    }

    /// Whether `slot` still holds the latent hazard an event was scheduled for.
    func isLatent(_ slot: Int, _ generation: UInt32) -> Bool {
        let latent = held.generation(of: slot) == generation && latentSlots[slot]
        assert(latent == (held.generation(of: slot) == generation && Self.isLatent(held[slot])))
        return latent
    }

    /// Tallies how long a hazard lay latent (its `reported` just set).
    func countFound(_ record: CaseRecord) {
        guard record.created >= warmup, plan.caseRules[Int(record.type)].kind == .hazard else { return }
        tally.hazardsFound += 1
        if record.origin == CaseOrigin.patrol || record.origin == CaseOrigin.sensor {
            tally.hazardsFoundByCity += 1
        }
        tally.latentHoursSum += (record.reported - record.created) / SimClock.hour
    }

    /// A latent hazard is found.
    func detect(slot: Int, generation: UInt32, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        guard isLatent(slot, generation) else { return }
        var record = held[slot].contact.record
        let method = held[slot].role
        let reporter = held[slot].reporter
        release(slot)
        if method == .latent(.resident) && reporter != CaseRecord.noResident {
            record.resident = reporter
            contact(record, at: time, avoid: -1, outbox: &outbox)
            scheduleDuplicates(of: record, at: time)
        } else {
            record.reported = time
            record.origin = method == .latent(.sensor) ? CaseOrigin.sensor : CaseOrigin.patrol
            countFound(record)
            routeFound(record, at: time, outbox: &outbox)
        }
    }

    /// Other residents of the cell who saw the same hazard report it too (Poisson, mean
    /// `duplicate_reports`), each after `duplicate_delay`: contacts that load the channels and the
    /// command centre, which merges them into the first report; they are not cases.
    func scheduleDuplicates(of record: CaseRecord, at time: SimTime) {
        let mean = model.behaviour.duplicateReports
        guard mean > 0 else { return }
        let count = Int(gsl_ran_poisson(choiceStream.rng, mean))
        let cell = Int(record.cell)
        let first = Int(plan.city.cellResidents[cell])
        let residents = Int(plan.city.cellResidents[cell + 1]) - first
        guard residents > 0 else { return }
        for _ in 0..<count {
            var copy = record
            copy.set(CaseFlags.duplicate)
            copy.resident = UInt32(first + pick(residents, choiceStream))
            copy.attempts = 0
            copy.reported = -1
            let at = time + model.behaviour.duplicateDelay.sample(choiceStream)
            guard at < horizon else { continue }
            var entry = Held(contact: Contact(record: copy, channel: 0, unit: 0, patience: 0))
            entry.role = .pendingRepeat
            events.schedule(.duplicateReport(slot: hold(entry)), at: at)
        }
    }

    /// A hazard nobody found in time becomes an emergency: residents call it in at once and it
    /// goes to the command centre at top priority.
    func escalate(slot: Int, generation: UInt32, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        guard isLatent(slot, generation) else { return }
        var record = held[slot].contact.record
        release(slot)
        record.set(CaseFlags.escalated)
        record.reported = time
        record.origin = CaseOrigin.emergencyLine
        countFound(record)
        if record.created >= warmup { tally.escalations += 1 }
        districtTotals[localDistrict(Int(plan.city.cellDistrict[Int(record.cell)]))].emergencies += 1
        sendWorkOrder(record, at: time, outbox: &outbox)
    }

    /// A warning: under full-cycle pre-inspection, grid workers inspect the hit districts'
    /// sites until the shock starts, finding latent hazards at `preInspectionFactor` − 1 times
    /// the patrol rate on top of their usual patrol.
    func warn(shock s: Int, at time: SimTime) {
        // Patrol as worker time inspects more thoroughly on its own rounds (`findChance`).
        guard model.strategies.preInspection, model.grid.patrolRound == nil else { return }
        let shock = model.shocks[s]
        let extra = model.grid.patrolDetectionRate * (model.grid.preInspectionFactor - 1)
        guard extra > 0 else { return }
        for slot in held.indices where held[slot].role.isLatent {
            let record = held[slot].contact.record
            guard record.reported < 0, plan.caseRules[Int(record.type)].kind == .hazard,
                shock.hits(district: Int(plan.city.cellDistrict[Int(record.cell)]))
            else { continue }
            let found =
                time + choiceStream.exponential(mean: 1 / (extra * patrolIntensity(type: Int(record.type))))
            if found < shock.start && found < record.escalateAt {
                setRole(.latent(.patrol), of: slot)
                events.schedule(.detect(slot: Int32(slot), generation: held.generation(of: slot)), at: found)
            }
        }
    }

    /// A hazard found by patrol or a sensor: a grid worker handles it on site when it is simple
    /// enough (`onSiteShare`), otherwise it becomes a work order.
    func routeFound(_ input: CaseRecord, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        var record = input
        let type = plan.caseRules[Int(record.type)]
        guard type.onSiteShare > 0, choiceStream.uniform() < type.onSiteShare else {
            sendWorkOrder(record, at: time, outbox: &outbox)
            return
        }
        record.set(CaseFlags.onSite)
        if type.crossDomainShare > 0 && choiceStream.uniform() < type.crossDomainShare {
            record.set(CaseFlags.crossDomain)
        }
        let slot = Int(hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0))))
        let split = model.strategies.grid == .siloed && record.has(CaseFlags.crossDomain)
        gridTask(
            slot: slot, record: record, task: split ? .onSiteFirst : .onSiteFinal, secondDomain: false,
            at: time)
    }

    /// Queues a grid task for the pool of the case's cell (its domain's queue when siloed).
    func gridTask(slot: Int, record: CaseRecord, task: GridTask, secondDomain: Bool, at time: SimTime) {
        setRecord(record, of: slot)
        let domains = grid.queues.count / max(1, poolsPerDomain)
        let pool = min(
            (Int(record.cell) - layout.cells.lowerBound) / model.grid.cellsPerPool, poolsPerDomain - 1)
        let siloed = model.strategies.grid == .siloed
        let domain =
            siloed ? (plan.domainOfType[Int(record.type)] + (secondDomain ? 1 : 0)) % max(1, domains) : 0
        let type = plan.caseRules[Int(record.type)]
        let serviceTime: SimTime
        let priority: Int
        switch task {
        case .onSiteFirst, .onSiteFinal:
            let parts = !siloed && record.has(CaseFlags.crossDomain) ? 2.0 : 1.0
            let efficiency = siloed ? 1 : model.grid.generalistEfficiency
            serviceTime = type.onSiteTime.sample(handlingStream) * parts / efficiency
            priority = record.has(CaseFlags.escalated) ? CasePriority.emergency : type.priority
        case .verify:
            serviceTime = model.grid.verificationTime.sample(handlingStream)
            priority = CasePriority.verification
        case .followUp:
            serviceTime = model.grid.followUpTime.sample(handlingStream)
            priority = CasePriority.followUp
        }
        grid.arrive(
            queue: pool * domains + domain,
            QueueArrival(
                tag: Int32(slot) << 2 | task.rawValue, priority: priority, serviceTime: serviceTime,
                patience: .infinity),
            at: time)
    }

    /// A grid worker finished a task.
    func gridDeparture(_ departure: QueueDeparture, queue: Int, outbox: inout Outbox<ModelMessage>) {
        let slot = Int(departure.tag >> 2)
        let time = departure.time
        var record = held[slot].contact.record
        switch GridTask(rawValue: departure.tag & 3) ?? .onSiteFinal {
        case .onSiteFirst:
            if record.responded < 0 {
                record.responded = departure.arrival + departure.wait
                setRecord(record, of: slot)
            }
            events.schedule(
                .handoff(slot: Int32(slot)), at: time + model.grid.handoffDelay.sample(handlingStream))
        case .onSiteFinal:
            release(slot)
            if record.responded < 0 { record.responded = departure.arrival + departure.wait }
            record.handled = time
            if record.created >= warmup { tally.onSite += 1 }
            let falseClosure = plan.caseRules[Int(record.type)].falseClosure
            record.set(CaseFlags.falselyClosed, handlingStream.uniform() < falseClosure)
            finishHandling(record, at: time, outbox: &outbox)
        case .verify:
            record.verified = time
            if record.has(CaseFlags.falselyClosed) && handlingStream.uniform() < model.grid.verificationCatch
            {
                // Caught: the case is reopened and handled again.
                if record.created >= warmup { tally.reopened += 1 }
                record.reopenings &+= 1
                record.set(CaseFlags.falselyClosed, false)
                record.handled = -1
                record.verified = -1
                if record.has(CaseFlags.onSite) {
                    gridTask(slot: slot, record: record, task: .onSiteFinal, secondDomain: false, at: time)
                } else {
                    release(slot)
                    sendWorkOrder(record, at: time, outbox: &outbox)
                }
            } else {
                release(slot)
                close(record, at: time, outbox: &outbox)
            }
        case .followUp:
            release(slot)
            adjustTrust(record.resident, by: model.behaviour.trustFollowUp)
            if record.created >= warmup { tally.followUps += 1 }
        }
    }

    /// A handler said "done": verified first under full-cycle, else closed at once.
    func finishHandling(_ record: CaseRecord, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        if model.strategies.verification && plan.caseRules[Int(record.type)].kind != .service {
            let slot = Int(hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0))))
            gridTask(slot: slot, record: record, task: .verify, secondDomain: false, at: time)
        } else {
            close(record, at: time, outbox: &outbox)
        }
    }

    /// Closes a case: tallies it, updates its resident's trust, and under full-cycle schedules a
    /// follow-up and a review of its site. A false closure that reached the resident comes back
    /// as a repeat report with probability 1 − trust × (1 − `repeatComplaint`).
    ///
    /// `time` is the closure's time; `now` the partition's clock, from which anything new is
    /// scheduled (a service closed at a hub is learnt of a window later).
    func close(_ input: CaseRecord, at time: SimTime, now: SimTime? = nil, outbox: inout Outbox<ModelMessage>)
    {
        let now = now ?? time
        var record = input
        record.closed = time
        let typeIndex = Int(record.type)
        let type = plan.caseRules[typeIndex]
        let behaviour = model.behaviour
        // The SLA is the time limit for handling (12345 practice: accept, handle within the limit,
        // call back, close), counted from filing — a hazard's clock starts when it is found, not
        // when it appears (its time unseen is `hazard_latent_h`); verification comes after the
        // limit and shows in the time to close. An emergency's limit is to respond
        // (`sla_ends: response`), and an escalated hazard is an emergency.
        let handled = record.handled >= 0 ? record.handled : time
        let onTime = plan.metSLA(record, handled: handled)
        let district = localDistrict(Int(plan.city.cellDistrict[Int(record.cell)]))
        districtTotals[district].closed += 1
        if type.kind == .hazard && !record.has(CaseFlags.escalated) && record.handled > record.escalateAt {
            // Handled after its escalation time: it had become an emergency while it waited.
            record.set(CaseFlags.escalated)
            if record.created >= warmup { tally.escalations += 1 }
            districtTotals[district].emergencies += 1
        }
        if record.created >= warmup {
            countClosed(record, type: type, onTime: onTime, handled: handled, at: time)
        }
        log(record, status: .closed)
        let reporter = record.resident
        if record.created >= warmup && reporter != CaseRecord.noResident {
            // The resident's rating at the call-back: satisfied when solved within the SLA.
            tally.rated += 1
            if onTime && !record.has(CaseFlags.falselyClosed) { tally.satisfied += 1 }
        }
        adjustTrust(reporter, by: onTime ? behaviour.trustOnTime : behaviour.trustLate)
        if record.has(CaseFlags.falselyClosed) {
            if record.created >= warmup {
                tally.falseClosures += 1
                tally.falselyClosed[typeIndex] += 1
            }
            adjustTrust(reporter, by: behaviour.trustFalseClosure)
            maybeReportAgain(record, at: now)
        }
        if model.strategies.review && type.kind == .hazard && !reviewedUntil.isEmpty {
            let local = Int(record.site) - layout.cells.lowerBound * model.sites.perCell
            if local >= 0 && local < reviewedUntil.count {
                reviewedUntil[local] = Float(time + model.grid.reviewDuration)
            }
        }
        if model.strategies.followUp && reporter != CaseRecord.noResident {
            let slot = Int(hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0))))
            setRole(.followUpOnly, of: slot)
            gridTask(slot: slot, record: record, task: .followUp, secondDomain: false, at: now)
        }
    }

    /// Adds a closed case (created after the warm-up) to the tallies: closures, on time, hours to
    /// close, transfers, dispatch and cross-domain times, storm emergencies; and audits its stages.
    func countClosed(
        _ record: CaseRecord, type: CaseTypeRules, onTime: Bool, handled: SimTime, at time: SimTime
    ) {
        let typeIndex = Int(record.type)
        tally.closed[typeIndex] += 1
        if onTime { tally.onTime[typeIndex] += 1 }
        let hours = (time - record.filed) / SimClock.hour
        tally.closeHoursSum[typeIndex] += hours
        tally.closeHours[typeIndex].record(UInt64(max(1, (hours * 60).rounded())))
        tally.transfers += Int(record.transfers)
        if !CityAccounting.audit(record, kind: type.kind, verification: model.strategies.verification) {
            tally.auditFailures += 1
        }
        if record.dispatched >= 0 {
            tally.dispatched += 1
            tally.dispatchHoursSum += (record.dispatched - record.reported) / SimClock.hour
            tally.addDispatch(
                origin: record.origin, hours: (record.dispatched - record.reported) / SimClock.hour)
            if type.priority == CasePriority.emergency || record.has(CaseFlags.escalated) {
                tally.dispatchedUrgent += 1
                tally.dispatchHoursUrgent += (record.dispatched - record.reported) / SimClock.hour
            }
        }
        if record.has(CaseFlags.crossDomain) {
            tally.crossDomainClosed += 1
            tally.crossDomainHoursSum += hours
        }
        let duringShock = model.shocks.indices.contains { model.shocks[$0].isUnderway(at: record.created) }
        if type.kind == .emergency || record.has(CaseFlags.escalated), duringShock {
            tally.shockEmergencies += 1
            if plan.metSLA(record, handled: handled) {
                tally.shockEmergenciesOnTime += 1
            }
        }
    }

    /// After a false closure the problem is still there: the resident (or, for a problem the city
    /// found, a neighbour) reports it again after `repeat_delay`, unless trust keeps them quiet
    /// (probability `trust × (1 − repeat_complaint)`). The new report is a case of its own.
    func maybeReportAgain(_ record: CaseRecord, at now: SimTime) {
        let behaviour = model.behaviour
        let reporter = record.resident
        let trustNow = reporter == CaseRecord.noResident ? behaviour.initialTrust : residentTrust(reporter)
        guard choiceStream.uniform() < 1 - trustNow * (1 - behaviour.repeatComplaint) else { return }
        var again = CaseRecord(
            id: UInt64(index) << 48 | nextCase, type: record.type,
            resident: reporter == CaseRecord.noResident
                ? plan.city.cellResidents[Int(record.cell)] : reporter,
            cell: record.cell, created: 0)
        nextCase += 1
        again.site = record.site
        again.escalateAt = .infinity
        again.set(CaseFlags.repeatReport)
        let at = now + behaviour.repeatDelay.sample(choiceStream)
        again.created = at
        if at < horizon {
            var entry = Held(contact: Contact(record: again, channel: 0, unit: 0, patience: 0))
            entry.role = .pendingRepeat
            events.schedule(.repeatReport(slot: hold(entry)), at: at)
        }
    }

    /// A resident's trust, 0–1 (initial trust for one who does not live here).
    func residentTrust(_ resident: UInt32) -> Double {
        let local = Int(resident) - layout.residents.lowerBound
        guard local >= 0 && local < residents.count else { return model.behaviour.initialTrust }
        return Double(residents[local].trust) / 255
    }
}
