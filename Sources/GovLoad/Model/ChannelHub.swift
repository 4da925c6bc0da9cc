import CGSL

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
        let streams: [RandomStream]
        let arrivalRNG: UnsafeMutablePointer<gsl_rng>
        let serviceRNG: UnsafeMutablePointer<gsl_rng>
        let patienceRNG: UnsafeMutablePointer<gsl_rng>
        var next: SimTime
    }

    let spec: ChannelSpec
    let queue: ServiceQueue
    private var feeds: [Feed]
    private let patience: Distribution?
    private let reportInterval: SimTime
    private let horizon: SimTime
    private var nextSample: SimTime
    private var samplesTaken = 0
    private var lastCounters = QueueCounters()
    private var nextArrival: SimTime = .infinity
    private var nextFeed = 0
    private(set) var samples: [ChannelSample] = []
    /// Events processed: arrivals, departures, abandonments, shift changes and samples.
    private(set) var events = 0

    init(spec: ChannelSpec, scenario: Scenario, seed: UInt64, replication: Int) {
        self.spec = spec
        self.patience = spec.patience
        self.reportInterval = scenario.reportInterval
        self.horizon = scenario.horizon
        self.nextSample = min(scenario.reportInterval, scenario.horizon)
        queue = ServiceQueue(
            schedule: spec.schedule, priorityLevels: spec.priorityLevels, capacity: spec.capacity,
            warmup: scenario.warmup)
        feeds = spec.arrivals.enumerated().map { index, arrivals in
            let entity = StreamIdentity.entity(named: "\(spec.name)#\(index)")
            func stream(_ purpose: StreamPurpose) -> RandomStream {
                RandomStream(
                    StreamKey(
                        seed: seed, replication: UInt32(replication), kind: .arrivalStream, entity: entity,
                        purpose: purpose))
            }
            let streams = [stream(.arrivals), stream(.service), stream(.patience)]
            let first = arrivals.process.nextArrival(
                after: 0, unitExponential: RandomStream.exponential(streams[0].rng, mean: 1))
            return Feed(
                process: arrivals.process,
                constantRate: arrivals.process.constantRate,
                priority: arrivals.priority,
                service: spec.serviceTime(for: arrivals.caseType), streams: streams,
                arrivalRNG: streams[0].rng,
                serviceRNG: streams[1].rng, patienceRNG: streams[2].rng, next: first)
        }
        samples.reserveCapacity(Int(min(scenario.horizon / scenario.reportInterval + 2, 1_000_000)))
        selectNextFeed()
    }

    var nextEventTime: SimTime { min(nextArrival, queue.nextEventTime, nextSample) }

    func advance(until end: SimTime, outbox: inout Outbox<ModelMessage>) {
        while true {
            events &+= 1
            let queueTime = queue.nextEventTime
            // Order at equal times: queue events (servers freed) first, then arrivals, then samples.
            if queueTime < end && queueTime <= nextArrival && queueTime <= nextSample {
                queue.processNextEvent()
            } else if nextArrival < end && nextArrival <= nextSample {
                arrive()
            } else if nextSample < end {
                sample(at: nextSample)
                samplesTaken += 1
                nextSample = min(Double(samplesTaken + 1) * reportInterval, horizon)
            } else {
                events &-= 1  // the pass that found nothing before `end`
                break
            }
        }
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
            samples: samples)
    }

    private func arrive() {
        let time = nextArrival
        let index = nextFeed
        let serviceTime = feeds[index].service.sample(feeds[index].serviceRNG)
        let patienceTime = patience?.sample(feeds[index].patienceRNG) ?? .infinity
        queue.arrive(
            QueueArrival(
                tag: 0, priority: feeds[index].priority, serviceTime: serviceTime, patience: patienceTime),
            at: time)
        let unit = RandomStream.exponential(feeds[index].arrivalRNG, mean: 1)
        if let rate = feeds[index].constantRate {
            feeds[index].next = rate > 0 ? time + unit / rate : .infinity
        } else {
            feeds[index].next = feeds[index].process.nextArrival(after: time, unitExponential: unit)
        }
        selectNextFeed()
    }

    private func selectNextFeed() {
        nextArrival = .infinity
        for index in feeds.indices where feeds[index].next < nextArrival {
            nextArrival = feeds[index].next
            nextFeed = index
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
