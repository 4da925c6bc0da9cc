import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Building a partition: its residents, its districts' segments and demand generators, its grid
/// pools, and the first events of the run.
extension Partition {
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
    /// (The trust is summed in a local first and added once: the same additions in the same
    /// order, without a copy-on-write check on the totals per resident.)
    func countResidents() {
        for segment in segments {
            let local = localDistrict(segment.district)
            districtTotals[local].residents += segment.residents.count
            var trustSum = districtTotals[local].trustSum
            for resident in segment.residents {
                trustSum += Double(residents[resident - layout.residents.lowerBound].trust) / 255
            }
            districtTotals[local].trustSum = trustSum
        }
    }

    /// The run's first events: the hourly tick at 0, and each shock's start and warning; and who
    /// raises each generator's first need.
    func scheduleStart() {
        for g in generators.indices { drawNextRaiser(generator: g) }
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
