import CGSL
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Demand: needs and hazards as Poisson processes whose rates are constant within each hour
/// (hour-of-day × day-of-week profile × a city-wide daily gamma factor × shocks × visitors), so
/// the cost follows the number of needs, not residents × minutes.
extension Partition {
    /// The top of an hour: new rates for every generator (a Poisson process may redraw its next
    /// arrival at any time: it has no memory), and staffing factors for shocks.
    func tick(at time: SimTime) {
        let hour = Int(time / SimClock.hour) % 24
        let day = Int(time / SimClock.day)
        let weekday = day % 7
        if day != noiseDay { drawNoise(day: day) }
        for g in generators.indices {
            let generator = generators[g]
            let type = model.caseTypes[generator.type]
            let segment = segments[generator.segment]
            let rate =
                generator.weight * type.hourly[hour] * type.daily[weekday]
                * noise[generator.type]
                * demandFactor(type: generator.type, district: segment.district, at: time)
            generators[g].rate = rate
            generators[g].generation &+= 1
            if rate > 0 {
                let next = time + arrivalStream.exponential(mean: 1 / rate)
                needs.schedule(NeedEvent(generator: Int32(g), generation: generators[g].generation), at: next)
            }
        }
        let sites = Double(model.sites.perCell)
        for (t, type) in model.caseTypes.enumerated() where type.kind == .hazard {
            let perSite = type.rates.first ?? 0
            for s in segments.indices {
                let segment = segments[s]
                var factor = 1.0
                for shock in model.shocks where shock.hits(district: segment.district) {
                    factor *= ShockSpec.blend(shock.hazardFactor, shock.intensity(at: time))
                }
                let rate =
                    Double(segment.cells.count) * sites * perSite * type.hourly[hour] * type.daily[weekday]
                    * noise[t] * factor
                segments[s].hazardRate = rate
                segments[s].hazardGeneration &+= 1
                if rate > 0 {
                    events.schedule(
                        .hazard(segment: Int32(s), generation: segments[s].hazardGeneration),
                        at: time + arrivalStream.exponential(mean: 1 / rate))
                }
            }
            break  // one hazard type drives the sites; others are raised only by shocks
        }
        applyStaffing(at: time)
        let next = (Double(Int(time / SimClock.hour)) + 1) * SimClock.hour
        if next < horizon { events.schedule(.tick, at: next) }
    }

    /// The city-wide daily intensity factors: gamma with mean 1 and the type's `dispersion` as
    /// coefficient of variation, from a stream keyed by the day alone, so every partition draws
    /// the same factor and the city's daily counts are overdispersed (gamma–Poisson).
    func drawNoise(day: Int) {
        noiseDay = day
        for (t, type) in model.caseTypes.enumerated() {
            guard type.dispersion > 0 else {
                noise[t] = 1
                continue
            }
            noiseStream.rekey(
                StreamKey(
                    seed: seed, replication: UInt32(replication), kind: .partition,
                    entity: UInt32(day * CaseTypeSpec.maxCount + t), purpose: .demandNoise))
            let shape = 1 / (type.dispersion * type.dispersion)
            noise[t] = gsl_ran_gamma(noiseStream.rng, shape, 1 / shape)
        }
    }

    /// The shocks' demand multiplier for `type` in `district` at `time`, visitors included
    /// (visitors raise appeals and emergencies at the residents' rates, not services).
    func demandFactor(type: Int, district: Int, at time: SimTime) -> Double {
        let spec = model.caseTypes[type]
        var factor = 1.0
        let residents = Double(plan.city.districts[district].residents)
        for shock in model.shocks where shock.hits(district: district) {
            let intensity = shock.intensity(at: time)
            guard intensity > 0 else { continue }
            if let multiplier = shock.demand[spec.name] { factor *= ShockSpec.blend(multiplier, intensity) }
            if spec.kind != .service, let visitors = shock.visitors[district] {
                factor *= 1 + Double(visitors) * model.layout.scale * intensity / residents
            }
        }
        return factor
    }

    /// A need arrives at the generator's rate, raised by the resident drawn for it at the last
    /// need (`drawNextRaiser`).
    func need(generator g: Int, generation: UInt32, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        let generator = generators[g]
        guard generation == generator.generation else { return }
        needs.schedule(
            NeedEvent(generator: Int32(g), generation: generation),
            at: time + arrivalStream.exponential(mean: 1 / generator.rate))
        let resident = generator.nextResident
        let cell = generator.nextCell
        drawNextRaiser(generator: g)
        let record = newCase(type: generator.type, resident: resident, cell: cell, at: time)
        if plan.caseRules[generator.type].kind == .emergency {
            var reported = record
            reported.reported = time
            reported.origin = CaseOrigin.emergencyLine
            sendWorkOrder(reported, at: time, outbox: &outbox)
        } else {
            contact(record, at: time, avoid: -1, outbox: &outbox)
        }
    }

    /// A new latent hazard at a random site of the segment; a site under post-closure review
    /// keeps it only with the review's hazard factor. Every draw is made whatever the policy
    /// (the review's too), so each policy meets the same hazards at the same times and places.
    func newHazard(segment s: Int, generation: UInt32, at time: SimTime) {
        let segment = segments[s]
        guard generation == segment.hazardGeneration else { return }
        events.schedule(
            .hazard(segment: Int32(s), generation: generation),
            at: time + arrivalStream.exponential(mean: 1 / segment.hazardRate))
        let perCell = model.sites.perCell
        let site = segment.cells.lowerBound * perCell + pick(segment.cells.count * perCell, arrivalStream)
        guard let type = plan.hazardType else { return }
        let escalateAt = escalationTime(type: type, from: time)
        let kept = hazardStream.uniform() < model.grid.reviewHazardFactor
        let localSite = site - layout.cells.lowerBound * perCell
        if !reviewedUntil.isEmpty && Double(reviewedUntil[localSite]) > time && !kept { return }
        createHazard(type: type, site: site, escalateAt: escalateAt, at: time)
    }

    /// When a hazard of `type` appearing at `time` becomes an emergency if nobody handles it
    /// (+∞ if it cannot), from the hazards' own stream.
    func escalationTime(type: Int, from time: SimTime) -> SimTime {
        plan.caseRules[type].escalation.map { time + $0.sample(hazardStream) } ?? .infinity
    }

    /// Creates a latent hazard at `site` and schedules how it ends: found, or escalated.
    func createHazard(type: Int, site: Int, escalateAt: SimTime, at time: SimTime) {
        let cell = site / model.sites.perCell
        var record = newCase(type: type, resident: CaseRecord.noResident, cell: UInt32(cell), at: time)
        record.site = UInt32(site)
        record.escalateAt = escalateAt
        let slot = hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0)))
        scheduleDetection(slot: Int(slot), from: time, boost: 1)
    }

    /// A new case, counted as created.
    func newCase(type: Int, resident: UInt32, cell: UInt32, at time: SimTime) -> CaseRecord {
        let record = CaseRecord(
            id: UInt64(index) << 48 | nextCase, type: UInt8(type), resident: resident, cell: cell,
            created: time)
        nextCase += 1
        openCase(record, at: time)
        return record
    }

    /// Counts a case as created.
    func openCase(_ record: CaseRecord, at time: SimTime) {
        let district = localDistrict(Int(plan.city.cellDistrict[Int(record.cell)]))
        districtTotals[district].created += 1
        if plan.caseRules[Int(record.type)].kind == .emergency { districtTotals[district].emergencies += 1 }
        if time >= warmup { tally.created[Int(record.type)] += 1 }
    }

    /// The cell of global resident `resident` in `segment` (binary search over the cells).
    func cellOf(resident: Int, in segment: Segment) -> Int {
        let starts = plan.city.cellResidents
        var low = segment.cells.lowerBound
        var high = segment.cells.upperBound - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(starts[mid]) <= resident { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// A uniform index in 0..<count.
    func pick(_ count: Int, _ stream: RandomStream) -> Int {
        min(count - 1, Int(stream.uniform() * Double(count)))
    }

    /// A shock starts: its burst of hazards and emergencies lands on this partition's share of
    /// the hit districts' sites, weighted by exposure.
    func burst(shock s: Int, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        let shock = model.shocks[s]
        let scale = model.layout.scale
        var total = 0.0
        for (d, district) in plan.city.districts.enumerated() where shock.hits(district: d) {
            total += Double(district.cells.count) * model.districts[d].exposure
        }
        guard total > 0 else { return }
        if shock.escalationShare > 0 {
            // The storm turns a share of the latent hazards it finds into emergencies.
            for slot in held.indices where held[slot].role.isLatent {
                let record = held[slot].contact.record
                guard record.reported < 0,
                    shock.hits(district: Int(plan.city.cellDistrict[Int(record.cell)])),
                    shockStream.uniform() < shock.escalationShare
                else { continue }
                escalate(slot: slot, generation: held.generation(of: slot), at: time, outbox: &outbox)
            }
        }
        for segment in segments where shock.hits(district: segment.district) {
            let weight = Double(segment.cells.count) * model.districts[segment.district].exposure / total
            let hazards = Int((Double(shock.burstHazards) * scale * weight).rounded())
            let emergencies = Int((Double(shock.burstEmergencies) * scale * weight).rounded())
            let perCell = model.sites.perCell
            if let type = plan.hazardType {
                for _ in 0..<hazards {
                    let site =
                        segment.cells.lowerBound * perCell
                        + pick(segment.cells.count * perCell, arrivalStream)
                    createHazard(
                        type: type, site: site, escalateAt: escalationTime(type: type, from: time), at: time)
                }
            }
            if let type = plan.emergencyType {
                for _ in 0..<emergencies {
                    let resident = segment.residents.lowerBound + pick(segment.residents.count, arrivalStream)
                    var record = newCase(
                        type: type, resident: UInt32(resident),
                        cell: UInt32(cellOf(resident: resident, in: segment)),
                        at: time)
                    record.reported = time
                    record.origin = CaseOrigin.emergencyLine
                    sendWorkOrder(record, at: time, outbox: &outbox)
                }
            }
        }
    }
}
