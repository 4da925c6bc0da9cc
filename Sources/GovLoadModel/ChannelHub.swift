import CGSL
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A channel that stands alone (a hub, DESIGN §4): one `ServiceQueue` fed by its exogenous
/// arrival streams, sampled at every reporting interval.
///
/// Each arrival's service time and patience are drawn when it arrives, from streams keyed by the
/// channel and the arrival stream, so two policies that staff the channel differently see the
/// very same callers (common random numbers).
final class ChannelHub: LogicalProcess {
    typealias Message = ModelMessage

    /// One exogenous arrival stream and the random streams of its arrivals. The generators are
    /// used through raw pointers in the event loop; `streams` keeps them alive.
    struct Feed {
        let process: ArrivalProcess
        /// The arrival rate when it never varies (the common case, drawn without touching `process`).
        let constantRate: Double?
        let priority: Int
        let service: Distribution
        /// The mean service time when it is exponential (the common case, drawn without the
        /// generic sampler; the same numbers).
        let exponentialServiceMean: Double?
        let streams: [RandomStream]
        let arrivalRNG: UnsafeMutablePointer<gsl_rng>
        let serviceRNG: UnsafeMutablePointer<gsl_rng>
        let patienceRNG: UnsafeMutablePointer<gsl_rng>
    }

    let spec: ChannelSpec
    let queue: ServiceQueue
    /// The exponential sampler's tables, held here so the event loop does not look them up per draw.
    private let ziggurat = ZigguratExponential.tables
    private let feeds: [Feed]
    /// Each feed's next first call, by feed (kept apart from `feeds` so that the event loop
    /// updates it without a copy-on-write check).
    @exclusivity(unchecked) private var feedNext = RawList<SimTime>()
    private let patience: Distribution?
    private let horizon: SimTime
    @exclusivity(unchecked) private var reports: ReportClock
    @exclusivity(unchecked) private var lastCounters = QueueCounters()
    @exclusivity(unchecked) private var nextArrival: SimTime = .infinity
    @exclusivity(unchecked) private var nextFeed = 0
    @exclusivity(unchecked) private(set) var samples: [ChannelSample] = []
    /// Redials waiting to happen: (feed, attempt number of the coming call).
    @exclusivity(unchecked) private var redials = EventHeap<(feed: Int32, attempt: Int32)>()
    private let retry: RetryRule?
    /// `retry != nil`, kept as a plain flag for the event loop.
    private let redialsEnabled: Bool
    /// One feed and no redials (the common case, and the M/M/c kernel's): the next call is
    /// always the feed's, so an arrival needs no search for it.
    private let singleFeed: Bool
    /// Draws for redials — whether, when, and the new call's service and patience — kept apart
    /// from the feeds' streams so that first calls stay common across policies.
    private let retryStream: RandomStream?
    /// Redials that arrived after the warm-up (`repeat_contacts`).
    @exclusivity(unchecked) private(set) var repeatContacts = 0
    /// Events handled: arrivals (first calls and redials), services ended, abandonments and
    /// samples — derived from the counts already kept, not counted in the event loop.
    var events: Int {
        let counters = queue.counters
        return counters.arrivals + counters.served + counters.abandoned + samples.count
    }

    init(spec: ChannelSpec, scenario: Scenario, seed: UInt64, replication: Int) {
        self.spec = spec
        self.patience = spec.patience
        self.horizon = scenario.horizon
        self.reports = ReportClock(interval: scenario.reportInterval, horizon: scenario.horizon)
        self.retry = spec.retry
        self.redialsEnabled = spec.retry != nil
        self.retryStream =
            spec.retry == nil
            ? nil
            : RandomStream(
                StreamKey(
                    seed: seed, replication: UInt32(replication), kind: .channel,
                    entity: StreamIdentity.entity(named: spec.name + "#retry"), purpose: .choice))
        queue = ServiceQueue(
            schedule: spec.schedule, priorityLevels: spec.priorityLevels, capacity: spec.capacity,
            warmup: scenario.warmup)
        queue.recordsDepartures = spec.retry != nil
        queue.tally = scenario.probe?.tally(for: spec.name, horizon: scenario.horizon)
        var firstCalls: [SimTime] = []
        feeds = spec.arrivals.enumerated().map { index, arrivals in
            let entity = StreamIdentity.entity(named: "\(spec.name)#\(index)")
            func stream(_ purpose: StreamPurpose) -> RandomStream {
                RandomStream(
                    StreamKey(
                        seed: seed, replication: UInt32(replication), kind: .arrivalStream, entity: entity,
                        purpose: purpose))
            }
            let streams = [stream(.arrivals), stream(.service), stream(.patience)]
            firstCalls.append(
                arrivals.process.nextArrival(
                    after: 0, unitExponential: RandomStream.exponential(streams[0].rng, mean: 1)))
            return Feed(
                process: arrivals.process,
                constantRate: arrivals.process.constantRate,
                priority: arrivals.priority,
                service: spec.serviceTime(for: arrivals.caseType),
                exponentialServiceMean: {
                    if case .exponential(let mean) = spec.serviceTime(for: arrivals.caseType) { return mean }
                    return nil
                }(),
                streams: streams,
                arrivalRNG: streams[0].rng,
                serviceRNG: streams[1].rng, patienceRNG: streams[2].rng)
        }
        for time in firstCalls { feedNext.append(time) }
        singleFeed = feeds.count == 1 && !redialsEnabled
        samples.reserveCapacity(Int(min(scenario.horizon / scenario.reportInterval + 2, 1_000_000)))
        selectNextFeed()
    }

    var nextEventTime: SimTime { min(nextArrival, queue.nextEventTime, reports.next) }

    var profileGroup: String { "channels" }

    func advance(until end: SimTime, outbox: inout Outbox<ModelMessage>) {
        // The sources, in their same-instant order: the queue's events (servers freed), then calls
        // (first calls before redials), then samples.
        while let source = SameInstant.next(queue.nextEventTime, nextArrival, reports.next, before: end) {
            switch source {
            case 0:
                queue.processNextEvent()
                if redialsEnabled { scheduleRedials() }
            case 1:
                if nextFeed < 0 { redial() } else { arrive() }
            default:
                sample(at: reports.next)
                reports.advance()
            }
        }
    }

    /// Callers who just gave up may call again (`retry`); the queue's tag carries the feed and
    /// the number of calls made so far.
    private func scheduleRedials() {
        guard let retry, let stream = retryStream else { return }
        queue.drainDepartures { departure in
            guard departure.outcome == .abandoned else { return }
            let attempt = departure.tag & 0xff
            guard Int(attempt) + 1 < retry.maxAttempts, stream.bernoulli(retry.probability) else { return }
            let time = departure.time + retry.delay.sample(stream)
            redials.schedule((feed: departure.tag >> 8, attempt: attempt + 1), at: time)
            // A redial due before the next call is the next call.
            if time < nextArrival {
                nextArrival = time
                nextFeed = -1
            }
        }
    }

    private func redial() {
        guard let entry = redials.popFirst(), let stream = retryStream else { return }
        let feed = feeds[Int(entry.payload.feed)]
        if entry.time >= queue.warmup { repeatContacts += 1 }
        queue.arrive(
            QueueArrival(
                tag: entry.payload.feed << 8 | entry.payload.attempt, priority: feed.priority,
                serviceTime: feed.service.sample(stream), patience: patience?.sample(stream) ?? .infinity),
            at: entry.time)
        selectNextFeed()
    }

    func receive(_ envelope: Envelope<ModelMessage>) {}

    /// Closes the books at the horizon: the last sample (taken at the horizon, which ends the
    /// last, possibly shorter, interval) and the end-of-run counts.
    func finish() {
        queue.finish(at: horizon)
        sample(at: horizon)
    }

    /// The replication's result for this channel.
    func result() -> ChannelResult {
        ChannelResult(
            name: spec.name, kind: spec.kind, statistics: queue.statistics,
            costPerStaffHour: spec.costPerStaffHour,
            staffHours: spec.schedule.staffSeconds(from: queue.warmup, to: horizon) / SimClock.hour,
            repeatContacts: repeatContacts, samples: samples, tally: queue.tally?.bins)
    }

    @inline(__always) private func arrive() {
        let time = nextArrival
        let index = nextFeed
        let serviceTime =
            if let mean = feeds[index].exponentialServiceMean {
                mean * ziggurat.next(feeds[index].serviceRNG)
            } else {
                feeds[index].service.sample(feeds[index].serviceRNG)
            }
        let patienceTime = patience?.sample(feeds[index].patienceRNG) ?? .infinity
        queue.arrive(
            QueueArrival(
                tag: Int32(index) << 8, priority: feeds[index].priority, serviceTime: serviceTime,
                patience: patienceTime),
            at: time)
        let unit = ziggurat.next(feeds[index].arrivalRNG)
        if let rate = feeds[index].constantRate {
            feedNext[index] = rate > 0 ? time + unit / rate : .infinity
        } else {
            feedNext[index] = feeds[index].process.nextArrival(after: time, unitExponential: unit)
        }
        if singleFeed {
            nextArrival = feedNext[0]
        } else {
            selectNextFeed()
        }
    }

    /// The next call: the earliest first call of any feed, or a pending redial (`nextFeed` −1)
    /// when one comes strictly earlier.
    private func selectNextFeed() {
        nextArrival = .infinity
        for index in 0..<feedNext.count where feedNext[index] < nextArrival {
            nextArrival = feedNext[index]
            nextFeed = index
        }
        if redialsEnabled && redials.nextTime < nextArrival {
            nextArrival = redials.nextTime
            nextFeed = -1
        }
    }

    private func sample(at time: SimTime) {
        let counters = queue.counters
        let served = counters.served - lastCounters.served
        samples.append(
            ChannelSample(
                time: time, arrivals: counters.arrivals - lastCounters.arrivals, served: served,
                abandoned: counters.abandoned - lastCounters.abandoned,
                turnedAway: counters.turnedAway - lastCounters.turnedAway,
                meanWaitOfServed: served > 0
                    ? (counters.waitOfServed - lastCounters.waitOfServed) / Double(served) : 0,
                waiting: queue.waiting, busy: queue.busy, onDuty: queue.onDuty))
        lastCounters = counters
    }
}
