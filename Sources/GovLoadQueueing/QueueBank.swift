import GovLoadEngine
import GovLoadSupport
import Histogram

/// Many queues of one kind run as one: the community service centres of a partition, a district
/// hall in every district, the grid-worker pools of a partition.
///
/// An agenda (`IndexedAgenda`) holds each queue's next event time, one entry per queue moved in
/// place as the time changes, and finds the queue with the next event.
///
/// Positive waits go to one shared histogram (from the departure log) rather than to a histogram
/// per queue, which would cost hundreds of kilobytes per queue.
public final class QueueBank {
    /// The queues, in a fixed order.
    public let queues: [ServiceQueue]
    /// The same queues without reference counting, for the event loop: `queues` keeps them alive,
    /// and a retain and release per customer on a queue's shared count cost more than the work.
    @usableFromInline let handles: [Unmanaged<ServiceQueue>]
    /// Positive waits of served customers who arrived after the warm-up, in milliseconds; made on
    /// the first such wait (most banks of a small city never see one).
    @exclusivity(unchecked) private var sharedWaits: Histogram<UInt64>?
    @exclusivity(unchecked) @usableFromInline var agenda: IndexedAgenda
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
        agenda = IndexedAgenda(members: queues.count)
        for _ in queues { active.append(false) }
        self.warmup = warmup
        for index in queues.indices { note(index, at: 0) }
    }

    /// The time of the next event of any queue (+∞ if none has one).
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

    /// Queue `index`'s server-seconds on duty and in service from time 0 through `time` (see
    /// `ServiceQueue.dutySeconds(through:)`), read without reference counting.
    @inlinable
    public func seconds(of index: Int, through time: SimTime) -> (duty: Double, busy: Double) {
        handles[index]._withUnsafeGuaranteedRef {
            ($0.dutySeconds(through: time), $0.busySeconds(through: time))
        }
    }

    /// Asks for queue `index`'s headcounts and clocks ahead of a read of its books (a loop over
    /// thousands of grid queues misses the cache on each).
    @inlinable
    public func prefetchBooks(of index: Int) {
        let object = handles[index].toOpaque()
        prefetch(object)
        prefetch(object + 64)
    }

    /// Asks for the lines of queue `index` that an event or an arrival reads first, ahead of it
    /// (a hint: an index out of range asks for nothing).
    @inlinable
    public func prefetchQueue(_ index: Int) {
        guard index >= 0 && index < handles.count else { return }
        let object = handles[index].toOpaque()
        prefetch(object)
        prefetch(object + 64)
        prefetch(object + 128)
    }

    /// Processes the next event of the queue whose next event is earliest and reports every
    /// customer who left, with its queue's index, to `body`; does nothing if no queue has one.
    public func processNext(_ body: (Int, QueueDeparture) -> Void) {
        let time = agenda.nextTime
        guard time < .infinity else { return }
        let index = agenda.firstMember
        handles[index]._withUnsafeGuaranteedRef { queue in
            assert(queue.nextEventTime == time, "queue \(index)'s agenda time is not its next event's")
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
        note(index, at: time)
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

    /// Sets queue `index`'s agenda time to its next event, and keeps `quietSince`, after the
    /// queue's event at `now`.
    private func note(_ index: Int, at now: SimTime) {
        let (time, isActive) = handles[index]._withUnsafeGuaranteedRef {
            ($0.nextEventTime, $0.serversOnDuty > 0 || $0.busyServers > 0)
        }
        agenda.set(index, to: time)
        // The queue due next is a cache miss when its event comes: ask for its first lines now.
        if agenda.count > 0 { prefetchQueue(agenda.firstMember) }
        if isActive != active[index] {
            active[index] = isActive
            activeCount += isActive ? 1 : -1
            quietSince = activeCount == 0 ? now : .infinity
        }
    }
}
