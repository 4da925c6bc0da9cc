import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Building a partition: its residents, its districts' segments and demand generators, its grid
/// pools, and the first events of the run.
extension Partition {
    /// Each resident's age band, digital literacy and trust, drawn cell by cell from `stream`
    /// (the partition's generation stream): bands by the district's age shares, literacy around
    /// the band's mean (±0.2), trust around the initial level (±0.15), each stored as a byte.
    static func drawResidents(plan: CityPlan, layout: City.Partition, from stream: RandomStream) -> [Resident]
    {
        let count = layout.residents.count
        var residents = [Resident](repeating: Resident(band: 0, literacy: 0, trust: 0), count: count)
        let city = plan.city
        let bandLiteracy = plan.model.ageBands.map(\.literacy)
        let initialTrust = plan.model.behaviour.initialTrust
        let rng = stream.rng
        residents.withUnsafeMutableBufferPointer { residents in
            for cell in layout.cells {
                let shares = plan.model.districts[Int(city.cellDistrict[cell])].ageShares
                let first = Int(city.cellResidents[cell]) - layout.residents.lowerBound
                let end = Int(city.cellResidents[cell + 1]) - layout.residents.lowerBound
                for local in first..<end {
                    var u = RandomStream.uniform(rng)
                    var chosen = shares.count - 1
                    for (b, share) in shares.enumerated() {
                        if u < share {
                            chosen = b
                            break
                        }
                        u -= share
                    }
                    let literacy = byte(bandLiteracy[chosen] + 0.2 * (RandomStream.uniform(rng) - 0.5) * 2)
                    let trust = byte(initialTrust + 0.15 * (RandomStream.uniform(rng) - 0.5) * 2)
                    residents[local] = Resident(
                        band: UInt8(truncatingIfNeeded: chosen), literacy: literacy, trust: trust)
                }
            }
        }
        return residents
    }

    /// The partition's cells cut where the district changes.
    static func segments(plan: CityPlan, layout: City.Partition) -> [Segment] {
        let city = plan.city
        var segments: [Segment] = []
        var start = layout.cells.lowerBound
        while start < layout.cells.upperBound {
            let district = Int(city.cellDistrict[start])
            var end = start
            while end < layout.cells.upperBound && Int(city.cellDistrict[end]) == district { end += 1 }
            segments.append(
                Segment(
                    district: district, cells: start..<end,
                    residents: Int(city.cellResidents[start])..<Int(city.cellResidents[end])))
            start = end
        }
        return segments
    }

    /// One demand generator per segment and case type that residents raise (hazards arise at
    /// sites instead), thinned by age band from the type's highest band rate.
    static func generators(plan: CityPlan, segments: [Segment]) -> [Generator] {
        var generators: [Generator] = []
        for s in segments.indices {
            for (t, type) in plan.model.caseTypes.enumerated() where type.kind != .hazard {
                let top = type.rates.max() ?? 0
                guard top > 0 else { continue }
                generators.append(Generator(segment: s, type: t, baseRate: top))
            }
        }
        return generators
    }

    /// The acceptance table by case type and age band (type-major): the band's rate over the
    /// type's highest (0 for a type nobody raises).
    static func acceptance(plan: CityPlan) -> [Double] {
        plan.model.caseTypes.flatMap { type in
            let top = type.rates.max() ?? 0
            return plan.model.ageBands.indices.map { b in
                top > 0 && b < type.rates.count ? type.rates[b] / top : 0
            }
        }
    }

    /// The grid pools as one bank of queues, pool-major and domain-minor, and the number of pools.
    /// Whole pools of `cells_per_pool` cells, the last taking the cells left over so that no pool
    /// is smaller than the rest (a siloed pool needs a worker for every domain); a pool's headcount
    /// is split evenly among the domains when grids are siloed (equal headcount either way).
    static func gridPools(plan: CityPlan, layout: City.Partition, warmup: SimTime) -> (QueueBank, Int) {
        let gridSpec = plan.model.grid
        let pools = max(1, layout.cells.count / gridSpec.cellsPerPool)
        let domains = plan.model.strategies.grid == .siloed ? gridSpec.domains.count : 1
        var schedules: [ShiftSchedule] = []
        let peak = Double(max(1, gridSpec.schedule.peak))
        for pool in 0..<pools {
            let cells =
                pool == pools - 1 ? layout.cells.count - pool * gridSpec.cellsPerPool : gridSpec.cellsPerPool
            let headcount = Int((gridSpec.workersPerCell * Double(cells)).rounded())
            for domain in 0..<domains {
                let share = domainShare(domain, of: headcount, domains: domains)
                schedules.append(
                    share == 0
                        ? ShiftSchedule(constant: 0) : gridSpec.schedule.scaled(by: Double(share) / peak))
            }
        }
        let bank = QueueBank(
            schedules: schedules, priorityLevels: CasePriority.levels, capacity: nil, warmup: warmup)
        return (bank, pools)
    }

    /// Counts each district's residents and their trust into the running totals.
    func countResidents() {
        for segment in segments {
            let local = localDistrict(segment.district)
            districtTotals[local].residents += segment.residents.count
            for resident in segment.residents {
                districtTotals[local].trustSum +=
                    Double(residents[resident - layout.residents.lowerBound].trust) / 255
            }
        }
    }

    /// The run's first events: the hourly tick at 0, and each shock's start and warning.
    func scheduleStart() {
        events.schedule(.tick, at: 0)
        schedulePatrol()
        for (s, shock) in plan.model.shocks.enumerated() {
            if shock.start < horizon { events.schedule(.shockStart(shock: Int32(s)), at: shock.start) }
            if shock.warning > 0 && shock.start - shock.warning >= 0 {
                events.schedule(.warning(shock: Int32(s)), at: shock.start - shock.warning)
            }
        }
    }
}
