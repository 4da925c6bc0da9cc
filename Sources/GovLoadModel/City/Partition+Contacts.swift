import Foundation
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Residents at the front office: channel choice by multinomial logit, contacts, answers,
/// abandonment, retries and trust.
extension Partition {
    /// Takes `record` to a channel chosen by the resident (or, for a case without a resident, by
    /// a neighbour in its cell). With no channel open, the resident tries again later.
    func contact(_ input: CaseRecord, at time: SimTime, avoid: Int, outbox: inout Outbox<ModelMessage>) {
        var record = input
        let residentIndex =
            record.resident == CaseRecord.noResident
            ? Int(plan.city.cellResidents[Int(record.cell)]) : Int(record.resident)
        let local = residentIndex - layout.residents.lowerBound
        let district = Int(plan.city.cellDistrict[Int(record.cell)])
        guard
            let channel = choose(
                type: Int(record.type), local: local, district: district, avoid: avoid, at: time)
        else {
            // Nothing open: try again after the retry delay, without counting a contact.
            let slot = hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0)))
            events.schedule(.retry(slot: slot), at: time + model.behaviour.retryDelay.sample(choiceStream))
            return
        }
        record.attempts &+= 1
        if record.origin == CaseOrigin.unreported { record.origin = UInt8(channel) }
        if record.reported < 0 {
            record.reported = time
            if !record.has(CaseFlags.duplicate) { countFound(record) }
        }
        if time >= warmup {
            tally.contacts += 1
            if record.has(CaseFlags.duplicate) { tally.duplicateReports += 1 }
            if record.attempts > 1 || record.has(CaseFlags.repeatReport) { tally.repeatContacts += 1 }
        }
        let spec = plan.channelRules[channel]
        let type = plan.caseRules[Int(record.type)]
        if spec.kind == .online && type.kind == .service && model.strategies.channels == .digitalFirst
            && type.autoApproval > 0 && choiceStream.uniform() < type.autoApproval
        {
            // Second-level approval (秒批): done on the spot, no staff involved.
            if time >= warmup { tally.autoApproved += 1 }
            record.handled = time
            close(record, at: time, now: time, outbox: &outbox)
            return
        }
        let patience =
            (spec.patience?.sample(patienceStream) ?? .infinity)
            * model.ageBands[Int(residents[local].band)].patienceFactor
        var contact = Contact(
            record: record, channel: UInt16(channel), unit: UInt32(district), patience: patience)
        if let bankIndex = plan.localIndex[channel] {
            let community = communityFor(record.cell, bank: bankIndex)
            let slot = hold(Held(contact: contact))
            let arrival = QueueArrival(
                tag: slot, priority: type.priority,
                serviceTime: plan.serviceTime(channel: channel, type: Int(record.type)).sample(serviceStream),
                patience: patience)
            let admission = bankHandles[bankIndex]._withUnsafeGuaranteedRef {
                $0.arrive(queue: community, arrival, at: time)
            }
            if admission == .turnedAway {
                release(Int(slot))
                contact.outcome = .turnedAway
                contact.ended = time
                answer(contact, at: time, outbox: &outbox)
            }
        } else if let hub = plan.hubProcess[channel] {
            outbox.send(.contact(contact), to: hub, at: time + plan.latency)
        }
    }

    /// The community whose centre takes a case from `cell`: the resident's own, or under
    /// digital-first any-centre handling (通办) the least loaded centre of the street.
    func communityFor(_ cell: UInt32, bank: Int) -> Int {
        let city = plan.city
        let own = Int(city.cellCommunity[Int(cell)])
        let base = layout.communities.lowerBound
        guard model.strategies.channels == .digitalFirst,
            plan.channelRules[plan.localChannels[bank]].kind == .center
        else { return own - base }
        let street = Int(city.communityStreet[own])
        var best = own - base
        var bestLoad = Int.max
        for community in Int(city.streetCommunities[street])..<Int(city.streetCommunities[street + 1]) {
            let queue = banks[bank].queues[community - base]
            let load = queue.inSystem - queue.onDuty
            if load < bestLoad {
                bestLoad = load
                best = community - base
            }
        }
        return best
    }

    /// The channel a resident chooses for a case of `type` (multinomial logit), or nil if none
    /// of the allowed channels is open. Utility: the type's base utility for the channel + the
    /// age band's preference for its kind + literacy on digital channels + trust on official
    /// ones + the wait the partition expects there.
    func choose(type: Int, local: Int, district: Int, avoid: Int, at time: SimTime) -> Int? {
        let resident = residents[local]
        let literacyTerm = model.behaviour.literacyWeight * (Double(resident.literacy) / 255)
        let trustTerm = model.behaviour.trustWeight * (Double(resident.trust) / 255)
        let waitWeight = model.behaviour.waitWeight
        let preferences = Int(resident.band) * plan.channelRules.count
        // A reused buffer: no allocation per contact.
        choiceWeights.removeAll()
        var total = 0.0
        for (channel, base) in plan.choices[type] where channel != avoid {
            guard isOpen(channel, district: district, at: time) else { continue }
            var utility = base + plan.bandPreference[preferences + channel]
            utility += plan.channelRules[channel].kind.isDigital ? literacyTerm : trustTerm
            utility += waitWeight * expectedWait[channel] / SimClock.hour
            let weight = exp(max(-50, min(50, utility)))
            choiceWeights.append((channel: channel, weight: weight))
            total += weight
        }
        guard total > 0 else { return nil }
        var u = choiceStream.uniform() * total
        for index in 0..<choiceWeights.count {
            let choice = choiceWeights[index]
            if u < choice.weight { return choice.channel }
            u -= choice.weight
        }
        return choiceWeights[choiceWeights.count - 1].channel
    }

    /// Whether `channel` has staff on duty now (and is not down).
    func isOpen(_ channel: Int, district: Int, at time: SimTime) -> Bool {
        plan.schedules[channel].servers(at: time) > 0
            && plan.channelFactor(channel, district: district, at: time) > 0
    }

    /// A community queue's customer left.
    func localDeparture(_ departure: QueueDeparture, channel: Int, outbox: inout Outbox<ModelMessage>) {
        let slot = Int(departure.tag)
        var contact = held[slot].contact
        release(slot)
        contact.outcome = departure.outcome == .served ? .served : .abandoned
        contact.wait = departure.wait
        contact.ended = departure.time
        if contact.outcome == .served && plan.settles(contact, stream: resolutionStream) {
            contact.outcome = .resolved
        }
        if contact.outcome == .served && plan.caseRules[Int(contact.record.type)].kind != .service {
            // An appeal or report taken at a community channel becomes a work order.
            sendWorkOrder(contact.record, at: departure.time, outbox: &outbox)
        }
        answer(contact, at: departure.time, outbox: &outbox)
    }

    /// The end of a contact, from a community queue or a hub: the resident learns the wait,
    /// a finished service closes, and a resident who gave up may try again.
    /// `now` is when the partition learns of it (a hub's answer arrives a window later); the
    /// case's stage times keep when the contact really ended.
    func answer(_ contact: Contact, at now: SimTime, outbox: inout Outbox<ModelMessage>) {
        let memory = model.behaviour.waitMemory
        let channel = Int(contact.channel)
        expectedWait[channel] = (1 - memory) * expectedWait[channel] + memory * contact.wait
        let record = contact.record
        let time = contact.ended
        switch contact.outcome {
        case .served:
            if plan.caseRules[Int(record.type)].kind == .service {
                var done = record
                done.handled = time
                close(done, at: time, now: now, outbox: &outbox)
            } else if !record.has(CaseFlags.duplicate) && record.created >= warmup {
                tally.addWorkOrder(channel: channel)
            }
        case .resolved:
            if record.created >= warmup { tally.resolvedOnContact += 1 }
            var done = record
            done.handled = time
            done.set(CaseFlags.settledOnContact)
            close(done, at: time, now: now, outbox: &outbox)
        case .abandoned, .turnedAway:
            if time >= warmup { tally.abandoned += 1 }
            adjustTrust(record.resident, by: model.behaviour.trustAbandoned)
            // A duplicate report given up on is simply not made: the first report stands.
            if record.has(CaseFlags.duplicate) { return }
            let behaviour = model.behaviour
            if Int(record.attempts) < behaviour.maxAttempts
                && choiceStream.uniform() < behaviour.retryProbability
            {
                let avoid = choiceStream.uniform() < behaviour.switchProbability ? Int16(channel) : -1
                let slot = hold(Held(contact: contact, avoid: avoid))
                events.schedule(.retry(slot: slot), at: now + behaviour.retryDelay.sample(choiceStream))
            } else if plan.caseRules[Int(record.type)].kind == .hazard {
                // Nobody took the report: the hazard stays latent until someone else finds it.
                var latent = record
                latent.reported = -1
                latent.resident = CaseRecord.noResident
                let slot = hold(Held(contact: Contact(record: latent, channel: 0, unit: 0, patience: 0)))
                scheduleDetection(slot: Int(slot), from: now, boost: 1)
            } else {
                drop(record)
            }
        }
    }

    /// The resident gave up on every channel: the need is dropped unmet.
    func drop(_ record: CaseRecord) {
        districtTotals[localDistrict(Int(plan.city.cellDistrict[Int(record.cell)]))].dropped += 1
        log(record, status: .dropped)
        if record.created >= warmup { tally.dropped[Int(record.type)] += 1 }
    }

    /// Writes a case's row to `cases.csv` (`--cases`): cases created after the warm-up, like
    /// every count in `summary.csv`.
    func log(_ record: CaseRecord, status: CaseStatus) {
        guard let caseLog, record.created >= warmup else { return }
        caseLog.add(
            record, type: model.caseTypes[Int(record.type)].name,
            district: plan.city.districts[Int(plan.city.cellDistrict[Int(record.cell)])].name,
            channel: CaseOrigin.name(record.origin, channels: plan.channelNames), status: status)
    }

    /// Sends a work order to the command centre.
    func sendWorkOrder(_ record: CaseRecord, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        outbox.send(.workOrder(record), to: plan.backOfficeProcess, at: time + plan.latency)
    }

    /// Adds `delta` to a resident's trust (clamped to 0–1), if the resident lives here.
    func adjustTrust(_ resident: UInt32, by delta: Double) {
        guard resident != CaseRecord.noResident, delta != 0 else { return }
        let local = Int(resident) - layout.residents.lowerBound
        guard local >= 0 && local < residents.count else { return }
        let before = residents[local].trust
        let after = Self.byte(Double(before) / 255 + delta)
        guard after != before else { return }
        residents[local].trust = after
        let district = localDistrict(districtOfLocal(local))
        districtTotals[district].trustSum += (Double(after) - Double(before)) / 255
    }

    /// The district of resident `local` (a local index): its segment's, every cell of which lies
    /// in that district.
    func districtOfLocal(_ local: Int) -> Int {
        let resident = local + layout.residents.lowerBound
        for s in segments.indices where segments[s].residents.contains(resident) {
            return segments[s].district
        }
        return Int(plan.city.cellDistrict[layout.cells.lowerBound])
    }

    /// Sets community queues' and grid pools' staffing for the shocks active at `time`.
    func applyStaffing(at time: SimTime) {
        let city = plan.city
        for (b, channel) in plan.localChannels.enumerated() {
            for q in banks[b].queues.indices {
                let community = layout.communities.lowerBound + q
                let district = Int(city.cellDistrict[Int(city.communityCells[community])])
                let factor = plan.channelFactor(channel, district: district, at: time)
                banks[b].setStaffing(queue: q, factor: factor, extra: 0, at: time)
            }
        }
        for pool in 0..<poolsPerDomain {
            let cell = layout.cells.lowerBound + pool * model.grid.cellsPerPool
            let district = Int(city.cellDistrict[cell])
            var factor = 1.0
            for s in model.shocks.indices
            where model.shocks[s].hits(district: district) && model.shocks[s].intensity(at: time) > 0 {
                factor *= 1 - model.shocks[s].gridDiversion
            }
            // The same factor as last hour leaves every queue of the pool as it is.
            guard factor != gridFactor[pool] else { continue }
            gridFactor[pool] = factor
            divertGrid(pool: pool, factor: factor, at: time)
        }
    }
}
