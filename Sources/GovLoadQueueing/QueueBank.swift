import GovLoadEngine
import GovLoadSupport
import Histogram

/// Many queues of one kind run as one: the community service centres of a partition, a district
/// hall in every district, the grid-worker pools of a partition.
///
/// An agenda of (time, queue) entries finds the queue with the next event. Entries are lazy: a
/// queue whose next event moved later leaves a stale entry behind, which is skipped when it
/// comes up; an entry at or before every queue's next event always exists.
///
/// Positive waits go to one shared histogram (from the departure log) rather than to a histogram
/// per queue, which would cost hundreds of kilobytes per queue.
public final class QueueBank {
    /// The queues, in a fixed order.
    public let queues: [ServiceQueue]
    /// The same queues without reference counting, for the event loop: `queues` keeps them alive,
    /// and a retain and release per customer on a queue's shared count cost more than the work.
    private let handles: [Unmanaged<ServiceQueue>]
    /// Positive waits of served customers who arrived after the warm-up, in milliseconds; made on
    /// the first such wait (most banks of a small city never see one).
    @exclusivity(unchecked) private var sharedWaits: Histogram<UInt64>?
    @exclusivity(unchecked) @usableFromInline var agenda = EventHeap<Int32>()
    /// The earliest agenda entry known for each queue (+∞ if none is known).
    @exclusivity(unchecked) private var scheduled = RawList<SimTime>()
    private let warmup: SimTime
    /// Whether each queue has staff on duty or a customer in service, as of its last event.
    @exclusivity(unchecked) private var active = RawList<Bool>()
    @exclusivity(unchecked) private var activeCount = 0
    /// Since when no queue has had staff on duty nor a customer in service (+∞ while one has):
    /// from then on no queue's duty or service seconds grow. A city partition's grid workers
    /// are off duty most of the night, and its patrol books need no update for that time.
    public private(set) var quietSince: SimTime = 0

    /// Whether each queue keeps its own wait histogram (few queues reported one by one).
    public let perQueueHistograms: Bool

    /// Creates one queue per schedule.
    public init(
        schedules: [ShiftSchedule], priorityLevels: Int, capacity: Int?, warmup: SimTime,
        perQueueHistograms: Bool = false
    ) {
        queues = schedules.map {
            let queue = ServiceQueue(
                schedule: $0, priorityLevels: priorityLevels, capacity: capacity, warmup: warmup,
                recordsWaitHistogram: perQueueHistograms)
            queue.recordsDepartures = true
            return queue
        }
        self.perQueueHistograms = perQueueHistograms
        handles = queues.map { Unmanaged.passUnretained($0) }
        for _ in queues {
            scheduled.append(.infinity)
            active.append(false)
        }
        self.warmup = warmup
        for index in queues.indices { note(index, at: 0) }
    }

    /// The time of the earliest agenda entry: at or before the next event of every queue.
    @inlinable public var nextEventTime: SimTime { agenda.nextTime }

    /// A customer arrives at queue `index` at `time`.
    @discardableResult
    public func arrive(queue index: Int, _ arrival: QueueArrival, at time: SimTime) -> QueueAdmission {
        let admission = handles[index]._withUnsafeGuaranteedRef { $0.arrive(arrival, at: time) }
        note(index, at: time)
        return admission
    }

    /// Changes queue `index`'s headcount (see `ServiceQueue.setStaffing`).
    public func setStaffing(queue index: Int, factor: Double, extra: Int, at time: SimTime) {
        let changed = handles[index]._withUnsafeGuaranteedRef { queue in
            // Unchanged staffing changes nothing: not even the staff-time accrual's split points.
            guard factor != queue.staffingFactor || extra != queue.extraServers else { return false }
            queue.setStaffing(factor: factor, extra: extra, at: time)
            return true
        }
        if changed { note(index, at: time) }
    }

    /// Processes the next agenda entry and reports every customer who left, with its queue's
    /// index, to `body`. A stale entry processes nothing.
    public func processNext(_ body: (Int, QueueDeparture) -> Void) {
        guard let entry = agenda.popFirst() else { return }
        let index = Int(entry.payload)
        if scheduled[index] == entry.time { scheduled[index] = .infinity }
        handles[index]._withUnsafeGuaranteedRef { queue in
            guard queue.nextEventTime == entry.time else { return }
            queue.processNextEvent()
            queue.drainDepartures { departure in
                if !perQueueHistograms, departure.outcome == .served, departure.arrival >= warmup {
                    let milliseconds = UInt64(departure.wait * 1000 + 0.5)
                    if milliseconds > 0 {
                        if sharedWaits == nil { sharedWaits = QueueStatistics.fullWaitHistogram() }
                        sharedWaits?.record(milliseconds)
                    }
                }
                body(index, departure)
            }
        }
        note(index, at: entry.time)
    }

    /// Closes every queue's books at `time`.
    public func finish(at time: SimTime) {
        for queue in queues { queue.finish(at: time) }
    }

    /// Every queue's statistics added together, with the shared histogram.
    public var statistics: QueueStatistics {
        var total = QueueStatistics()
        for queue in queues { total.absorb(queue.statistics) }
        if !perQueueHistograms, let sharedWaits { total.waitHistogram = sharedWaits }
        return total
    }

    /// Every queue's running totals added together.
    public var counters: QueueCounters {
        var total = QueueCounters()
        for queue in queues { total.absorb(queue.counters) }
        return total
    }

    /// Staff-seconds on duty in the measured period, every queue.
    public var staffSeconds: Double { queues.reduce(0) { $0 + $1.staffSeconds } }

    /// Makes sure an agenda entry exists at or before queue `index`'s next event, and keeps
    /// `quietSince` after the queue's event at `now`.
    private func note(_ index: Int, at now: SimTime) {
        let (time, isActive) = handles[index]._withUnsafeGuaranteedRef {
            ($0.nextEventTime, $0.serversOnDuty > 0 || $0.busyServers > 0)
        }
        if time < scheduled[index] {
            agenda.schedule(Int32(index), at: time)
            scheduled[index] = time
        }
        if isActive != active[index] {
            active[index] = isActive
            activeCount += isActive ? 1 : -1
            quietSince = activeCount == 0 ? now : .infinity
        }
    }
}
