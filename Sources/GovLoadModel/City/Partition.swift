import CGSL
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport
import Histogram

/// A partition of the city (DESIGN §4): whole streets with their cells, residents, hazard sites,
/// community channels (centres, terminals, "find the secretary") and grid-worker pools. It
/// raises needs and hazards, runs its residents' choices and trust, works its community queues
/// and grid workers, and closes every case of its cells. Other processes reach it by messages.
final class Partition: LogicalProcess {
    typealias Message = ModelMessage

    /// What the partition schedules for itself.
    enum Event {
        /// The top of an hour: demand rates and staffing factors are recomputed.
        case tick
        /// The next new hazard in a segment (stale if the generation moved on).
        case hazard(segment: Int32, generation: UInt32)
        /// A held latent hazard is found (stale unless still latent in the same slot generation).
        case detect(slot: Int32, generation: UInt32)
        /// A held latent hazard becomes an emergency (same staleness rule).
        case escalate(slot: Int32, generation: UInt32)
        /// A held case is taken to a channel again.
        case retry(slot: Int32)
        /// A hub's answer (held) takes effect.
        case answer(slot: Int32)
        /// A department's "done" (held) arrives.
        case handled(slot: Int32)
        /// A cross-domain hand-off between siloed grids completes.
        case handoff(slot: Int32)
        /// A resident reports a falsely closed problem again (a new case, held).
        case repeatReport(slot: Int32)
        /// Another resident reports a hazard already reported (a duplicate, held).
        case duplicateReport(slot: Int32)
        /// A shock starts: its burst of hazards and emergencies lands.
        case shockStart(shock: Int32)
        /// A shock's warning is issued.
        case warning(shock: Int32)
        /// Grid workers' idle time since the last patrol event becomes rounds (`patrol_round`).
        case patrol
    }

    /// A demand generator's next need.
    struct NeedEvent {
        var generator: Int32
        var generation: UInt32
    }

    /// A case the partition holds, with what it is waiting for.
    struct Held {
        var contact: Contact
        /// What the entry is waiting for.
        var role = Role.other
        /// The resident who will report a hazard (detection by a resident).
        var reporter: UInt32 = CaseRecord.noResident
        /// A channel to avoid on the next try (after switching), or −1.
        var avoid: Int16 = -1
    }

    /// What a held entry is waiting for.
    enum Role: Equatable {
        /// A latent hazard, and how it will be found (or that it will escalate first).
        case latent(Discovery)
        /// A case in a channel, a queue or the lifecycle: nothing special.
        case other
        /// A repeat report not yet made (not a case yet).
        case pendingRepeat
        /// A hub's answer about a contact.
        case answer
        /// Held only for a follow-up: its case is closed.
        case followUpOnly
        /// A free slot.
        case free

        /// Whether the entry is a latent hazard.
        var isLatent: Bool {
            if case .latent = self { return true }
            return false
        }
    }

    /// How a latent hazard will come to light, drawn when it appears.
    enum Discovery: Equatable {
        /// A sensor (video, IoT) sees it.
        case sensor
        /// A grid worker on patrol (or pre-inspection before a storm) finds it.
        case patrol
        /// A resident reports it.
        case resident
        /// Nobody finds it before it becomes an emergency.
        case escalates
    }

    /// A demand generator: one case type in one segment.
    struct Generator {
        let segment: Int
        let type: Int
        /// Needs per second from the segment's residents at their bands' rates, before
        /// multipliers.
        let weight: Double
        var rate = 0.0
        var generation: UInt32 = 0
        /// Who raises the next need (a global resident index) and their cell: drawn one need
        /// ahead, so that the resident's traits come from memory while other events run.
        var nextResident: UInt32 = 0
        var nextCell: UInt32 = 0
    }

    /// The residents of one district inside the partition.
    struct Segment {
        let district: Int
        let cells: Range<Int>
        let residents: Range<Int>
        var hazardRate = 0.0
        var hazardGeneration: UInt32 = 0
    }

    let plan: CityPlan
    let index: Int
    let layout: City.Partition
    let model: CityModel
    let warmup: SimTime
    let horizon: SimTime
    /// One resident's traits, side by side: a demand draw reads the band, a channel choice the
    /// literacy and trust of the same resident, so one cache line serves all three.
    struct Resident {
        /// The age band.
        var band: UInt8
        /// Digital literacy, 0–255.
        var literacy: UInt8
        /// Trust, 0–255.
        var trust: UInt8
    }

    /// Per resident (local index).
    @exclusivity(unchecked) var residents: HugePageBuffer<Resident>
    /// Per local site: the end of a post-closure review (full-cycle), or 0.
    @exclusivity(unchecked) var reviewedUntil: [Float]
    @exclusivity(unchecked) var segments: [Segment]
    @exclusivity(unchecked) var generators: [Generator]
    /// Per generator and age band (generator-major): the generator's weight from bands up to
    /// this one, by which a need picks its band.
    let bandWeights: [Double]
    /// Where each age band's residents sit, cell by cell.
    let bandIndex: BandIndex
    @exclusivity(unchecked) var events = LanedEventHeap<Event>()
    /// The next need of each demand generator (stale if its generation moved on), apart from
    /// `events`: a third of the partition's events are needs, and a heap of a few dozen
    /// generators stays in the cache where the partition's heap of thousands does not.
    @exclusivity(unchecked) var needs = EventHeap<NeedEvent>()
    @exclusivity(unchecked) var held = Slab<Held>()
    /// Whether each slot holds a latent hazard nobody has reported yet, beside the slab: a patrol
    /// round asks this of every hazard on a cell's list, and one byte per slot stays in the cache
    /// where a held entry's line would not. Kept by `hold`, `release`, `setRole` and `setRecord`.
    @exclusivity(unchecked) var latentSlots = RawList<Bool>()
    /// Community channels: one bank per local channel, one queue per community.
    @exclusivity(unchecked) var banks: [QueueBank]
    /// The same banks without reference counting, for the event loop (`banks` keeps them alive):
    /// a retain and release per contact on a bank's shared count cost more than the call.
    @exclusivity(unchecked) var bankHandles: [Unmanaged<QueueBank>] = []
    /// Grid pools: one queue per pool (merged) or per pool and domain (siloed).
    @exclusivity(unchecked) var grid: QueueBank
    @exclusivity(unchecked) var poolsPerDomain: Int
    /// Per grid pool, the share of its workers on duty (1 − a shock's diversion) last applied.
    @exclusivity(unchecked) var gridFactor: [Double] = []
    /// Per grid queue, its patrol book (patrol as worker time only; else empty).
    @exclusivity(unchecked) var patrolLedgers: [PatrolLedger] = []
    /// When the patrol books were last looked at (a patrol event, or the start).
    @exclusivity(unchecked) var lastPatrol: SimTime = 0
    /// Per local cell, its latent hazards (patrol as worker time only; entries no longer latent
    /// are dropped when a round passes).
    @exclusivity(unchecked) var latentByCell = ListTable<LatentEntry>(lists: 0)
    /// The rounds of the patrol event being run, listed before they are walked (reused).
    @exclusivity(unchecked) var patrolRounds = RawList<PatrolRound>()
    /// The partition's expectation of each channel's wait (seconds), from its residents' experience.
    @exclusivity(unchecked) var expectedWait: [Double]
    /// `--cases`: where closed, dropped and (at the end) open cases are written.
    @exclusivity(unchecked) var caseLog: (any CaseSink)?
    /// The channel choice's scratch buffer of (channel, logit weight).
    @exclusivity(unchecked) var choiceWeights = RawList<(channel: Int, weight: Double)>()
    @exclusivity(unchecked) var tally: CityTally
    @exclusivity(unchecked) var nextCase: UInt64 = 0
    @exclusivity(unchecked) var reports: ReportClock
    /// Running district totals (local district order) and their samples.
    @exclusivity(unchecked) var districtTotals: [DistrictSample]
    @exclusivity(unchecked) var districtSamples: [[DistrictSample]] = []
    /// Community channels' samples, per local channel.
    @exclusivity(unchecked) var channelSamples: [[ChannelSample]]
    @exclusivity(unchecked) var lastChannelCounters: [QueueCounters]
    /// Today's city-wide demand factor per case type, and its day.
    @exclusivity(unchecked) var noiseDay = -1
    @exclusivity(unchecked) var noise: [Double]
    /// Partition events handled (queue events are counted by the queues).
    @exclusivity(unchecked) var handledEvents = 0
    let arrivalStream: RandomStream
    let choiceStream: RandomStream
    let patienceStream: RandomStream
    let serviceStream: RandomStream
    let handlingStream: RandomStream
    /// Whether a contact at a community channel settles its case (`closed_on_contact`).
    let resolutionStream: RandomStream
    /// Whether a patrol round finds each latent hazard it looks for.
    let patrolStream: RandomStream
    /// A new hazard's escalation time and review draw: outside demand, drawn alike under every
    /// policy (arrivals keep only the times and places of needs and hazards).
    let hazardStream: RandomStream
    /// Which latent hazards a shock escalates (how many are latent depends on the policy).
    let shockStream: RandomStream
    let noiseStream: RandomStream
    let seed: UInt64
    let replication: Int

    init(plan: CityPlan, index: Int, seed: UInt64, replication: Int) {
        self.plan = plan
        self.index = index
        self.model = plan.model
        self.seed = seed
        self.replication = replication
        let layout = plan.city.partitions[index]
        self.layout = layout
        let scenario = plan.scenario
        warmup = scenario.warmup
        horizon = scenario.horizon
        reports = ReportClock(interval: scenario.reportInterval, horizon: scenario.horizon)
        func stream(_ purpose: StreamPurpose) -> RandomStream {
            RandomStream(
                StreamKey(
                    seed: seed, replication: UInt32(replication), kind: .partition, entity: UInt32(index),
                    purpose: purpose))
        }
        arrivalStream = stream(.arrivals)
        choiceStream = stream(.choice)
        patienceStream = stream(.patience)
        serviceStream = stream(.service)
        handlingStream = stream(.handling)
        resolutionStream = stream(.resolution)
        patrolStream = stream(.patrol)
        hazardStream = stream(.hazards)
        shockStream = stream(.shockEscalation)
        noiseStream = RandomStream(
            StreamKey(
                seed: seed, replication: UInt32(replication), kind: .partition, entity: 0,
                purpose: .demandNoise))
        noise = Array(repeating: 1, count: plan.model.caseTypes.count)
        let drawn = HugePageBuffer(
            count: layout.residents.count, repeating: Resident(band: 0, literacy: 0, trust: 0))
        bandIndex = Self.drawResidents(plan: plan, layout: layout, from: stream(.generation), into: drawn)
        residents = drawn
        reviewedUntil =
            plan.model.strategies.review
            ? [Float](repeating: 0, count: layout.cells.count * plan.model.sites.perCell) : []
        segments = Self.segments(plan: plan, layout: layout)
        (generators, bandWeights) = Self.generators(plan: plan, segments: segments, bands: bandIndex)
        banks = plan.localChannels.map { channel in
            QueueBank(
                schedules: Array(repeating: plan.schedules[channel], count: layout.communities.count),
                priorityLevels: CasePriority.levels, capacity: scenario.channels[channel].capacity,
                warmup: scenario.warmup)
        }
        bankHandles = banks.map { Unmanaged.passUnretained($0) }
        (grid, poolsPerDomain) = Self.gridPools(plan: plan, layout: layout, warmup: scenario.warmup)
        gridFactor = Array(repeating: 1, count: poolsPerDomain)
        expectedWait = Array(repeating: 0, count: scenario.channels.count)
        tally = CityTally(types: plan.model.caseTypes.count)
        districtTotals = Array(repeating: DistrictSample(), count: Set(segments.map(\.district)).count)
        channelSamples = Array(repeating: [], count: plan.localChannels.count)
        lastChannelCounters = Array(repeating: QueueCounters(), count: plan.localChannels.count)
        countResidents()
        scheduleStart()
    }

    /// A value in 0–1 as a byte: `(value × 255).rounded()` (halves away from zero), computed
    /// without libm's `round`, which Swift calls out of line: for x in [0, 255], x − ⌊x⌋ is exact.
    @inline(__always)
    static func byte(_ value: Double) -> UInt8 {
        let x = min(1, max(0, value)) * 255
        let whole = Int(x)
        // A select, not a branch: the half is a coin toss for drawn values.
        let up = x - Double(whole) >= 0.5 ? 1 : 0
        return UInt8(truncatingIfNeeded: whole &+ up)
    }

    /// The local index (into `districtTotals`) of district `district`.
    func localDistrict(_ district: Int) -> Int {
        district - (segments.first?.district ?? 0)
    }

    var profileGroup: String { "partitions" }

    var nextEventTime: SimTime {
        var time = min(events.nextTime, needs.nextTime, grid.nextEventTime, reports.next)
        for bank in banks { time = min(time, bank.nextEventTime) }
        return time
    }

    func advance(until end: SimTime, outbox: inout Outbox<ModelMessage>) {
        while true {
            // The queues are one source: the grid's first, then the community banks in order.
            var bankIndex = -1
            var queueTime = grid.nextEventTime
            for (b, bank) in banks.enumerated() where bank.nextEventTime < queueTime {
                queueTime = bank.nextEventTime
                bankIndex = b
            }
            // The sources, in their same-instant order: the queues (staff freed), the partition's
            // own events, needs, samples.
            guard
                let source = SameInstant.next(
                    [queueTime, events.nextTime, needs.nextTime, reports.next], before: end)
            else { return }
            switch source {
            case 0 where bankIndex >= 0:
                let channel = plan.localChannels[bankIndex]
                bankHandles[bankIndex]._withUnsafeGuaranteedRef { bank in
                    bank.processNext { _, departure in
                        localDeparture(departure, channel: channel, outbox: &outbox)
                    }
                }
            case 0:
                grid.processNext { queue, departure in gridDeparture(departure, queue: queue, outbox: &outbox)
                }
            case 1:
                guard let entry = events.popFirst() else { return }
                handledEvents += 1
                handle(entry.payload, at: entry.time, outbox: &outbox)
            case 2:
                guard let entry = needs.popFirst() else { return }
                handledEvents += 1
                need(
                    generator: Int(entry.payload.generator), generation: entry.payload.generation,
                    at: entry.time,
                    outbox: &outbox)
            default:
                sample(at: reports.next)
                reports.advance()
            }
        }
    }

    /// A message becomes an event at its time; the resident it concerns is fetched from memory
    /// meanwhile (an answer or a closure changes their trust).
    func receive(_ envelope: Envelope<ModelMessage>) {
        switch envelope.message {
        case .answer(let contact):
            prefetchResident(contact.record.resident)
            var entry = Held(contact: contact)
            entry.role = .answer
            events.scheduleInOrder(.answer(slot: hold(entry)), at: envelope.time)
        case .handled(let record):
            prefetchResident(record.resident)
            events.scheduleInOrder(
                .handled(
                    slot: hold(Held(contact: Contact(record: record, channel: 0, unit: 0, patience: 0)))),
                at: envelope.time)
        case .contact, .workOrder:
            preconditionFailure("a partition received a message meant for a hub")
        }
    }

    private func handle(_ event: Event, at time: SimTime, outbox: inout Outbox<ModelMessage>) {
        switch event {
        case .tick:
            tick(at: time)
        case .hazard(let segment, let generation):
            newHazard(segment: Int(segment), generation: generation, at: time)
        case .detect(let slot, let generation):
            detect(slot: Int(slot), generation: generation, at: time, outbox: &outbox)
        case .escalate(let slot, let generation):
            escalate(slot: Int(slot), generation: generation, at: time, outbox: &outbox)
        case .retry(let slot):
            let entry = held[Int(slot)]
            release(Int(slot))
            contact(entry.contact.record, at: time, avoid: Int(entry.avoid), outbox: &outbox)
        case .answer(let slot):
            let contact = held[Int(slot)].contact
            release(Int(slot))
            answer(contact, at: time, outbox: &outbox)
        case .handled(let slot):
            let record = held[Int(slot)].contact.record
            release(Int(slot))
            finishHandling(record, at: time, outbox: &outbox)
        case .handoff(let slot):
            let record = held[Int(slot)].contact.record
            gridTask(slot: Int(slot), record: record, task: .onSiteFinal, secondDomain: true, at: time)
        case .repeatReport(let slot):
            let record = held[Int(slot)].contact.record
            release(Int(slot))
            openCase(record, at: time)
            contact(record, at: time, avoid: -1, outbox: &outbox)
        case .duplicateReport(let slot):
            let record = held[Int(slot)].contact.record
            release(Int(slot))
            contact(record, at: time, avoid: -1, outbox: &outbox)
        case .shockStart(let shock):
            burst(shock: Int(shock), at: time, outbox: &outbox)
        case .warning(let shock):
            warn(shock: Int(shock), at: time)
        case .patrol:
            patrol(at: time, outbox: &outbox)
        }
    }

    // MARK: Holding cases

    /// Holds `entry` and returns its slot.
    func hold(_ entry: Held) -> Int32 {
        let slot = held.hold(entry)
        let latent = Self.isLatent(entry)
        if Int(slot) == latentSlots.count {
            latentSlots.append(latent)
        } else {
            latentSlots[Int(slot)] = latent
        }
        return slot
    }

    /// Frees `slot`, marking it so that loops over latent hazards pass it by.
    func release(_ slot: Int) {
        held[slot].role = .free
        latentSlots[slot] = false
        held.release(slot)
    }

    /// Sets what `slot` waits for.
    func setRole(_ role: Role, of slot: Int) {
        held[slot].role = role
        latentSlots[slot] = Self.isLatent(held[slot])
    }

    /// Replaces the case record `slot` holds.
    func setRecord(_ record: CaseRecord, of slot: Int) {
        held[slot].contact.record = record
        latentSlots[slot] = Self.isLatent(held[slot])
    }

    /// Whether an entry is a latent hazard nobody has reported yet.
    static func isLatent(_ entry: Held) -> Bool { entry.role.isLatent && entry.contact.record.reported < 0 }

}
