import Foundation
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Patrol as grid workers' time (`patrol_round`, docs/model.md §5): a worker on duty with no task
/// patrols, one cell of the pool after another, and each round of a cell may find the latent
/// hazards there. Tasks come first, so a busy grid (a storm, verification, follow-up) patrols
/// less and finds less — the cost of a strategy shows in what the grid no longer sees.
extension Partition {
    /// One grid queue's patrol book: its duty and task seconds already accounted for, the
    /// rounds owed and not yet walked, and the next cell of its round.
    struct PatrolLedger {
        var dutySeen = 0.0
        var busySeen = 0.0
        var credit = 0.0
        var nextCell = 0
    }

    /// The first patrol event, one round's time after the start (patrol as worker time only).
    func schedulePatrol() {
        guard let round = model.grid.patrolRound else { return }
        patrolLedgers = Array(repeating: PatrolLedger(), count: grid.queues.count)
        latentByCell = Array(repeating: [], count: layout.cells.count)
        if round < horizon { events.schedule(.patrol, at: round) }
    }

    /// Remembers a latent hazard in its cell's list, for the rounds to find.
    func noteLatent(slot: Int) {
        guard model.grid.patrolRound != nil else { return }
        let cell = Int(held[slot].contact.record.cell) - layout.cells.lowerBound
        latentByCell[cell].append(UInt64(held.generation(of: slot)) << 32 | UInt64(slot))
    }

    /// The idle duty seconds of grid queue `queue` since its last accounting, up to `time`, and
    /// counts them as patrol hours (those after the warm-up). Overtime — a task finished after
    /// the shift — takes no patrol from the next shift.
    func accruePatrol(queue: Int, at time: SimTime) -> Double {
        let duty = grid.queues[queue].dutySeconds(through: time)
        let busy = grid.queues[queue].busySeconds(through: time)
        let ledger = patrolLedgers[queue]
        let idle = max(0, (duty - ledger.dutySeen) - (busy - ledger.busySeen))
        patrolLedgers[queue].dutySeen = duty
        patrolLedgers[queue].busySeen = busy
        guard let round = model.grid.patrolRound else { return idle }
        // The share of the interval since the last patrol event that lies after the warm-up.
        let measured = min(1, max(0, (time - warmup) / round))
        tally.patrolHours += idle * measured / SimClock.hour
        return idle
    }

    /// Closes the patrol books at the end of the run (the last interval's hours on patrol).
    func finishPatrol(at time: SimTime) {
        guard model.grid.patrolRound != nil else { return }
        for queue in grid.queues.indices { _ = accruePatrol(queue: queue, at: time) }
    }

    /// Every `patrol_round`: each grid queue turns the idle duty time since the last patrol event
    /// into rounds, and walks them.
    func patrol(at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        guard let round = model.grid.patrolRound else { return }
        if time + round < horizon { events.schedule(.patrol, at: time + round) }
        let domains = grid.queues.count / max(1, poolsPerDomain)
        for queue in grid.queues.indices {
            let idle = accruePatrol(queue: queue, at: time)
            var ledger = patrolLedgers[queue]
            ledger.credit += idle / round
            let cells = poolCells(pool: queue / max(1, domains))
            while ledger.credit >= 1 && !cells.isEmpty {
                ledger.credit -= 1
                let cell = cells.lowerBound + ledger.nextCell % cells.count
                ledger.nextCell = (ledger.nextCell + 1) % cells.count
                if time >= warmup { tally.patrolRounds += 1 }
                walkRound(cell: cell, domain: queue % max(1, domains), at: time, outbox: &outbox)
            }
            patrolLedgers[queue] = ledger
        }
    }

    /// The local cells of grid pool `pool` (the last pool takes the remainder).
    func poolCells(pool: Int) -> Range<Int> {
        let perPool = model.grid.cellsPerPool
        let start = pool * perPool
        let end = pool == poolsPerDomain - 1 ? layout.cells.count : min(layout.cells.count, start + perPool)
        return start..<max(start, end)
    }

    /// One round of local cell `cell` by a worker of `domain` (any domain when merged): each latent
    /// hazard the worker looks for is found with the round's chance; the cell's list drops
    /// hazards no longer latent.
    func walkRound(cell: Int, domain: Int, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        let siloed = model.strategies.grid == .siloed
        let domains = max(1, model.grid.domains.count)
        var list = latentByCell[cell]
        var kept = 0
        var found: [Int] = []
        for entry in list {
            let slot = Int(UInt32(truncatingIfNeeded: entry))
            guard isLatent(slot, UInt32(entry >> 32)) else { continue }
            let record = held[slot].contact.record
            let mine = !siloed || plan.domainOfType[Int(record.type)] % domains == domain
            if mine && patrolStream.uniform() < findChance(record, at: time) {
                found.append(slot)
            } else {
                list[kept] = entry
                kept += 1
            }
        }
        list.removeLast(list.count - kept)
        latentByCell[cell] = list
        for slot in found { foundOnPatrol(slot: slot, at: time, outbox: &outbox) }
    }

    /// The chance one round finds `record`'s hazard: `patrol_find`, at the generalists'
    /// efficiency on a merged grid, less the workers a shock diverts, and as thorough as
    /// `pre_inspection_factor` rounds between a warning and its shock (full-cycle).
    func findChance(_ record: CaseRecord, at time: SimTime) -> Double {
        let grid = model.grid
        var chance = grid.patrolFind * (model.strategies.grid == .siloed ? 1 : grid.generalistEfficiency)
        let district = Int(plan.city.cellDistrict[Int(record.cell)])
        var rounds = 1.0
        for shock in model.shocks where shock.hits(district: district) {
            if shock.intensity(at: time) > 0 { chance *= 1 - shock.gridDiversion }
            if model.strategies.preInspection && time >= shock.start - shock.warning && time < shock.start {
                rounds = max(rounds, grid.preInspectionFactor)
            }
        }
        return rounds == 1 ? chance : 1 - pow(1 - chance, rounds)
    }

    /// A latent hazard a patrol round found: filed at once, handled on site or dispatched.
    func foundOnPatrol(slot: Int, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        var record = held[slot].contact.record
        release(slot)
        record.reported = time
        record.origin = CaseOrigin.patrol
        countFound(record)
        routeFound(record, at: time, outbox: &outbox)
    }
}
