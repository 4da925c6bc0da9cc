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

    /// A round to walk: a local cell, by a worker of a domain.
    struct PatrolRound {
        var cell: Int32
        var domain: Int32
    }

    /// A latent hazard on its cell's list: its held slot and the slot's generation when noted,
    /// and the grid domain whose workers look for it (`domainOfType` modulo the domains), so
    /// that a round of a siloed grid passes other domains' hazards without reading their cases.
    struct LatentEntry {
        var slot: UInt32
        var generation: UInt32
        var domain: UInt32
    }

    /// How many grid queues ahead a patrol event asks for a queue's books.
    static var patrolPrefetchDistance: Int { 8 }

    /// The first patrol event, one round's time after the start (patrol as worker time only).
    func schedulePatrol() {
        guard let round = model.grid.patrolRound else { return }
        patrolLedgers = Array(repeating: PatrolLedger(), count: grid.queues.count)
        latentByCell = ListTable(lists: layout.cells.count)
        if round < horizon { events.schedule(.patrol, at: round) }
    }

    /// Remembers a latent hazard in its cell's list, for the rounds to find.
    func noteLatent(slot: Int) {
        guard model.grid.patrolRound != nil else { return }
        let record = held[slot].contact.record
        let cell = Int(record.cell) - layout.cells.lowerBound
        latentByCell.append(
            LatentEntry(
                slot: UInt32(slot), generation: held.generation(of: slot),
                domain: UInt32(patrolDomain(of: Int(record.type)))),
            to: cell)
    }

    /// The grid domain whose workers look for hazards of case type `type` on a siloed grid.
    func patrolDomain(of type: Int) -> Int {
        plan.domainOfType[type] % max(1, model.grid.domains.count)
    }

    /// The idle duty seconds of grid queue `queue` since its last accounting, up to `time`, and
    /// counts them as patrol hours (those after the warm-up). Overtime — a task finished after
    /// the shift — takes no patrol from the next shift.
    func accruePatrol(queue: Int, at time: SimTime) -> Double {
        let (duty, busy) = grid.seconds(of: queue, through: time)
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
    /// into rounds, and walks them. The rounds of every queue are listed first, asking for each
    /// cell's list of hazards on the way, and walked after (in the same order): the lists lie
    /// all over memory, and the listing hides the wait for them. (A round's finds take workers
    /// at this instant, which leaves the idle time before it — all a later queue's books
    /// read — as it was: walking first or listing first gives the same rounds.)
    func patrol(at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        guard let round = model.grid.patrolRound else { return }
        if time + round < horizon { events.schedule(.patrol, at: time + round) }
        // No worker on duty or on a task since the books were last kept (the night): every
        // queue's idle time is nil and its books unchanged — nothing to do.
        let quiet = grid.quietSince <= lastPatrol
        lastPatrol = time
        if quiet { return }
        let domains = grid.queues.count / max(1, poolsPerDomain)
        patrolRounds.removeAll()
        let queues = grid.queues.count
        for queue in 0..<queues {
            // The books of a queue a few ahead, asked for now, are in the cache when their turn comes.
            if queue + Self.patrolPrefetchDistance < queues {
                grid.prefetchBooks(of: queue + Self.patrolPrefetchDistance)
            }
            let idle = accruePatrol(queue: queue, at: time)
            var ledger = patrolLedgers[queue]
            ledger.credit += idle / round
            let cells = poolCells(pool: queue / max(1, domains))
            while ledger.credit >= 1 && !cells.isEmpty {
                ledger.credit -= 1
                let cell = cells.lowerBound + ledger.nextCell % cells.count
                ledger.nextCell = (ledger.nextCell + 1) % cells.count
                if time >= warmup { tally.patrolRounds += 1 }
                latentByCell.prefetch(cell)
                patrolRounds.append(PatrolRound(cell: Int32(cell), domain: Int32(queue % max(1, domains))))
            }
            patrolLedgers[queue] = ledger
        }
        for index in 0..<patrolRounds.count {
            let next = patrolRounds[index]
            walkRound(cell: Int(next.cell), domain: Int(next.domain), at: time, outbox: &outbox)
        }
    }

    /// Diverts `1 − factor` of grid pool `pool`'s workers (a shock's `grid_diversion`): the pool
    /// keeps round(headcount × factor) of them, whether it is one merged queue or one queue per
    /// domain — each domain keeps its share rounded down, and the workers left over go to the
    /// domains with the largest remainders — so siloed and merged grids lose the same people.
    func divertGrid(pool: Int, factor: Double, at time: SimTime) {
        let domains = grid.queues.count / max(1, poolsPerDomain)
        let headcount = poolHeadcount(pool)
        let shares = (0..<domains).map { Self.domainShare($0, of: headcount, domains: domains) }
        let kept = Self.apportion(Int((Double(shares.reduce(0, +)) * factor).rounded()), over: shares)
        for domain in 0..<domains where shares[domain] > 0 {
            grid.setStaffing(
                queue: pool * domains + domain, factor: Double(kept[domain]) / Double(shares[domain]),
                extra: 0,
                at: time)
        }
    }

    /// The workers of grid pool `pool`, all domains together.
    func poolHeadcount(_ pool: Int) -> Int {
        Int((model.grid.workersPerCell * Double(poolCells(pool: pool).count)).rounded())
    }

    /// Domain `domain`'s share of a pool's `headcount` split among `domains` (as evenly as whole
    /// workers allow, the remainder to the last domains).
    static func domainShare(_ domain: Int, of headcount: Int, domains: Int) -> Int {
        (domain + 1) * headcount / domains - domain * headcount / domains
    }

    /// `total` (at most the sum of `shares`) split over `shares` in proportion, no part above its
    /// share: each part rounded down, the rest one each to the largest remainders (the first on
    /// a tie).
    static func apportion(_ total: Int, over shares: [Int]) -> [Int] {
        let sum = shares.reduce(0, +)
        guard sum > 0 else { return shares.map { _ in 0 } }
        let exact = shares.map { Double($0) * Double(min(total, sum)) / Double(sum) }
        var parts = exact.map { Int($0) }
        let order = exact.indices.sorted { a, b in
            let (left, right) = (exact[a] - Double(parts[a]), exact[b] - Double(parts[b]))
            return left != right ? left > right : a < b
        }
        for index in order.prefix(min(total, sum) - parts.reduce(0, +)) { parts[index] += 1 }
        return parts
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
        guard latentByCell.count(of: cell) > 0 else { return }
        let siloed = model.strategies.grid == .siloed
        // Every hazard on the list lies in this cell, so one chance serves the whole round.
        let chance = findChance(cell: layout.cells.lowerBound + cell, at: time)
        var found: [Int] = []
        // The cell's list is compacted in place: entries still latent and not found stay.
        latentByCell.removeAll(from: cell) { entry in
            let slot = Int(entry.slot)
            guard isLatent(slot, entry.generation) else { return true }
            assert(Int(entry.domain) == patrolDomain(of: Int(held[slot].contact.record.type)))
            guard (!siloed || Int(entry.domain) == domain) && patrolStream.uniform() < chance else {
                return false
            }
            found.append(slot)
            return true
        }
        for slot in found { foundOnPatrol(slot: slot, at: time, outbox: &outbox) }
    }

    /// The chance one round finds a hazard in `cell` (the city's numbering): `patrol_find`, at
    /// the generalists' efficiency on a merged grid, and as thorough as `pre_inspection_factor`
    /// rounds between a warning and its shock (full-cycle). A shock's diversion acts through the
    /// workers left on duty (`divertGrid`): fewer workers, fewer rounds.
    func findChance(cell: Int, at time: SimTime) -> Double {
        let chance =
            model.grid.patrolFind * (model.strategies.grid == .siloed ? 1 : model.grid.generalistEfficiency)
        let district = Int(plan.city.cellDistrict[cell])
        var rounds = 1.0
        // Only pre-inspection raises the rounds: without it, no shock need be looked at.
        for s in model.shocks.indices
        where model.strategies.preInspection && model.shocks[s].hits(district: district) {
            if time >= model.shocks[s].start - model.shocks[s].warning && time < model.shocks[s].start {
                rounds = max(rounds, model.grid.preInspectionFactor)
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
