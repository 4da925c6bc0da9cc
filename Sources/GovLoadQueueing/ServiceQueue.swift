import GovLoadEngine
import GovLoadSupport
import Histogram

/// The multi-server queue that every service point is (channel, department, grid-worker pool):
/// servers whose number follows a `ShiftSchedule`, priority classes served FCFS within a class,
/// non-preemptive service, abandonment after a customer's patience runs out, and an optional
/// waiting-room capacity.
///
/// The queue keeps its own events — departures in a tournament tree (one leaf per busy server),
/// abandonments in a heap, numbered from one counter so that they run in one order — and its
/// shift-change clock; its host (a logical process) interleaves them with its other events through
/// `nextEventTime` and `processNextEvent()`. When servers go off shift while busy, they finish
/// the customer in hand first.
public final class ServiceQueue {
    /// A customer in service, whose departure is due: it carries the customer's times, so
    /// customers in service need no slot in the waiting pool.
    @usableFromInline struct InService: BitwiseCopyable {
        @usableFromInline var tag: Int32
        @usableFromInline var arrival: SimTime
        @usableFromInline var start: SimTime
        @usableFromInline init(tag: Int32, arrival: SimTime, start: SimTime) {
            self.tag = tag
            self.arrival = arrival
            self.start = start
        }
    }

    /// A waiting customer's patience running out: stale if the slot's generation has moved on
    /// (the customer started service).
    @usableFromInline struct PatienceEnd {
        @usableFromInline var slot: Int32
        @usableFromInline var generation: UInt32
        @usableFromInline var tag: Int32
        @usableFromInline var arrival: SimTime
        @usableFromInline init(slot: Int32, generation: UInt32, tag: Int32, arrival: SimTime) {
            self.slot = slot
            self.generation = generation
            self.tag = tag
            self.arrival = arrival
        }
    }

    /// A customer in the waiting pool.
    @usableFromInline struct Waiting: BitwiseCopyable {
        @usableFromInline var arrival: SimTime
        @usableFromInline var serviceTime: SimTime
        @usableFromInline var tag: Int32
        @usableFromInline var generation: UInt32
        @usableFromInline var isWaiting: Bool
        @usableFromInline init(
            arrival: SimTime, serviceTime: SimTime, tag: Int32, generation: UInt32, isWaiting: Bool
        ) {
            self.arrival = arrival
            self.serviceTime = serviceTime
            self.tag = tag
            self.generation = generation
            self.isWaiting = isWaiting
        }
    }

    // The state every event reads and changes comes first, on the object's first few cache
    // lines (a class lays its stored properties out in order): a bank's next queue is a cache
    // miss, and each further line it touches another. The statistics' cold parts come last.
    /// Servers on duty now.
    @inlinable public var onDuty: Int { serversOnDuty }
    @exclusivity(unchecked) @usableFromInline var serversOnDuty: Int
    /// Servers serving a customer now.
    @inlinable public var busy: Int { busyServers }
    @exclusivity(unchecked) @usableFromInline var busyServers = 0
    // The clocks and integrals every event and every patrol accounting reads, beside the
    // headcounts, on the object's first line: a city reads thousands of queues' idle time every
    // patrol round (`QueueBank.prefetchBooks(of:)` asks for these lines).
    @exclusivity(unchecked) @usableFromInline var lastTime: SimTime = 0
    @exclusivity(unchecked) @usableFromInline var lastStaffTime: SimTime = 0
    /// Server-seconds on duty from time 0 (warm-up included) to `lastStaffTime`.
    @exclusivity(unchecked) @usableFromInline var dutySecondsFromStart = 0.0
    /// Server-seconds in service from time 0 (warm-up included) to `lastTime`.
    @exclusivity(unchecked) @usableFromInline var busySecondsFromStart = 0.0
    /// Customers waiting now.
    @inlinable public var waiting: Int { waitingCustomers }
    @exclusivity(unchecked) @usableFromInline var waitingCustomers = 0
    /// The departures due, one leaf per customer in service (room for four at first, growing as
    /// needed: a city's grid pools and community desks rarely serve more at once, and its 15,000
    /// queues each with room for 64 events cost 42 MB of a Shenzhen run's 227 MB peak).
    @exclusivity(unchecked) @usableFromInline var inService = TournamentTree<InService>(capacity: 4)
    /// Waiting customers' abandonments, numbered from the same counter as the departures.
    @exclusivity(unchecked) @usableFromInline var patienceEnds = EventHeap<PatienceEnd>(capacity: 4)
    /// The next event's sequence number (departures and abandonments alike): at the same instant,
    /// events run in the order they were scheduled.
    @exclusivity(unchecked) @usableFromInline var sequence: UInt64 = 0
    @exclusivity(unchecked) @usableFromInline var nextShiftChange: SimTime
    /// Waiting customers, recycled through `freeSlots`.
    @exclusivity(unchecked) @usableFromInline var pool = RawList<Waiting>()
    @exclusivity(unchecked) @usableFromInline var freeSlots = RawList<Int32>()
    /// One FIFO line of packed (generation, slot) references per priority class, highest first.
    @usableFromInline let lines: UnsafeMutablePointer<SlotRing>
    @usableFromInline let priorityLevels: Int
    /// The most customers allowed to wait at once (`Int.max` for no limit).
    public let capacity: Int
    /// Statistics count customers arriving at or after this time (seconds).
    public let warmup: SimTime

    /// Positive waits of served customers (milliseconds) not yet in the histogram: appended
    /// without a branch and recorded a block at a time, so that whether a customer waited — a
    /// coin toss for the branch predictor — costs no mispredicted branch per departure.
    /// (Nil when the queue does not record its waits.)
    @usableFromInline let pendingWaits: UnsafeMutablePointer<UInt64>?
    @exclusivity(unchecked) @usableFromInline var pendingCount = 0
    /// Whether to keep a log of who left and how, for a host that follows its customers on.
    @exclusivity(unchecked) public var recordsDepartures = false
    /// Customers who left since the host last took them (only with `recordsDepartures`).
    @exclusivity(unchecked) @usableFromInline var departures = RawList<QueueDeparture>()
    /// The staffing over the week.
    public let schedule: ShiftSchedule
    /// Running totals, warm-up included.
    @inlinable public var counters: QueueCounters { runningCounters }
    @exclusivity(unchecked) @usableFromInline var runningCounters = QueueCounters()
    /// Steady-state statistics (after the warm-up).
    public var statistics: QueueStatistics {
        recordPendingWaits()
        return measured
    }
    /// The statistics as kept, less the waits not yet recorded in the histogram.
    @exclusivity(unchecked) @usableFromInline var measured: QueueStatistics
    @usableFromInline static var pendingCapacity: Int { 256 }

    /// Whether to record positive waits in `statistics.waitHistogram`; a host that keeps many small
    /// queues records them in one shared histogram from the departure log instead, and such a
    /// queue keeps a token histogram (a full one costs about 200 kB, and a city has tens of
    /// thousands of small queues).
    public let recordsWaitHistogram: Bool
    /// Multiplies the scheduled headcount (a shock's absence or closure); see `setStaffing`.
    @exclusivity(unchecked) public private(set) var staffingFactor = 1.0
    /// Servers added to the scheduled headcount (a surge reserve).
    @exclusivity(unchecked) public private(set) var extraServers = 0
    /// Staff-seconds on duty in the measured period, accrued at each change of headcount only, so
    /// that two runs with the same staffing agree to the last bit.
    @exclusivity(unchecked) public private(set) var staffSeconds = 0.0

    /// Counts customers by the interval they arrived in (`govload staff`); nil for none.
    @exclusivity(unchecked) public var tally: IntervalTally?

    /// Creates an empty queue with `priorityLevels` classes, starting at time 0; with
    /// `recordsWaitHistogram` false it never builds a full wait histogram.
    public init(
        schedule: ShiftSchedule, priorityLevels: Int = 1, capacity: Int? = nil, warmup: SimTime = 0,
        recordsWaitHistogram: Bool = true
    ) {
        precondition(priorityLevels >= 1)
        self.recordsWaitHistogram = recordsWaitHistogram
        self.measured = QueueStatistics(recordsWaits: recordsWaitHistogram)
        pendingWaits = recordsWaitHistogram ? .allocate(capacity: Self.pendingCapacity) : nil
        self.schedule = schedule
        self.capacity = capacity ?? Int.max
        self.warmup = warmup
        self.serversOnDuty = schedule.servers(at: 0)
        self.nextShiftChange = schedule.nextChange(after: 0)
        self.priorityLevels = priorityLevels
        lines = .allocate(capacity: priorityLevels)
        for level in 0..<priorityLevels { (lines + level).initialize(to: SlotRing()) }
    }

    deinit {
        pendingWaits?.deallocate()
        for level in 0..<priorityLevels { lines[level].deallocate() }
        lines.deallocate()
    }

    /// The time of the queue's next departure, abandonment or shift change; +∞ if none.
    @inlinable public var nextEventTime: SimTime {
        min(inService.nextTime, patienceEnds.nextTime, nextShiftChange)
    }

    /// Customers in service or waiting now.
    public var inSystem: Int { busyServers + waitingCustomers }

    /// A customer arrives at `time` (not before the last event processed).
    @inlinable @discardableResult
    public func arrive(_ arrival: QueueArrival, at time: SimTime) -> QueueAdmission {
        assert(time >= lastTime, "an arrival at \(time) s is before the queue's last event at \(lastTime) s")
        accumulate(to: time)
        let counted = time >= warmup
        runningCounters.arrivals += 1
        if counted { measured.arrivals += 1 }
        tally?.arrive(at: time, serviceTime: arrival.serviceTime)
        if busyServers < serversOnDuty && waitingCustomers == 0 {
            startService(tag: arrival.tag, arrival: time, serviceTime: arrival.serviceTime, at: time)
            return .startedService
        }
        guard waitingCustomers < capacity else {
            tally?.gaveUp(arrival: time, wait: 0)
            runningCounters.turnedAway += 1
            if counted { measured.turnedAway += 1 }
            return .turnedAway
        }
        let slot = allocate(arrival, at: time)
        let generation = pool[Int(slot)].generation
        precondition(arrival.priority >= 0 && arrival.priority < priorityLevels, "no such priority class")
        lines[arrival.priority].append(Self.reference(slot: slot, generation: generation))
        waitingCustomers += 1
        if arrival.patience.isFinite {
            patienceEnds.schedule(
                PatienceEnd(slot: slot, generation: generation, tag: arrival.tag, arrival: time),
                at: time + arrival.patience, sequence: takeSequence())
        }
        if counted {
            measured.waited += 1
            measured.maxQueue = max(measured.maxQueue, waitingCustomers)
        }
        return .queued
    }

    /// Processes the queue's next event (at `nextEventTime`).
    @inlinable
    public func processNextEvent() {
        if nextShiftChange <= min(inService.nextTime, patienceEnds.nextTime) {
            let time = nextShiftChange
            accumulate(to: time)
            accrueStaff(to: time)
            serversOnDuty = effectiveServers(schedule.servers(at: time))
            nextShiftChange = schedule.nextChange(after: time)
            startWaitingCustomers(at: time)
            return
        }
        // An empty tree's order is after any abandonment's; with both empty there is nothing to do.
        if inService.firstOrder < patienceEnds.firstOrder {
            if inService.count > 0 { depart() }
        } else {
            abandon()
        }
    }

    /// The earliest departure: the server takes the next waiting customer, if any.
    @inlinable
    func depart() {
        let time = inService.nextTime
        let event = inService.first
        accumulate(to: time)
        busyServers -= 1
        measured.serviceInWindow += overlap(event.start, time)
        let wait = event.start - event.arrival
        if recordsDepartures {
            departures.append(
                QueueDeparture(
                    tag: event.tag, arrival: event.arrival, time: time, wait: wait, outcome: .served))
        }
        runningCounters.served += 1
        runningCounters.waitOfServed += wait
        if event.arrival >= warmup {
            measured.served += 1
            measured.waitOfServed += wait
            measured.sojournOfServed += time - event.arrival
            measured.maxWait = max(measured.maxWait, wait)
            let milliseconds = UInt64(wait * 1000 + 0.5)
            let positive = milliseconds == 0 ? 0 : 1
            measured.zeroWaits &+= 1 &- positive
            if let pendingWaits {
                pendingWaits[pendingCount] = milliseconds
                pendingCount &+= positive
                if pendingCount == Self.pendingCapacity { recordPendingWaits() }
            }
        }
        // The freed server takes the next waiting customer: its departure replaces this one.
        if busyServers < serversOnDuty, waitingCustomers > 0, let slot = popNextWaiting() {
            busyServers += 1
            let customer = pool[slot]
            measured.waitInWindow += overlap(customer.arrival, time)
            tally?.started(arrival: customer.arrival, wait: time - customer.arrival)
            release(slot: slot)
            inService.replaceFirst(
                with: InService(tag: customer.tag, arrival: customer.arrival, start: time),
                at: time + customer.serviceTime, sequence: takeSequence())
            startWaitingCustomers(at: time)
        } else {
            inService.removeFirst()
        }
    }

    /// The earliest abandonment: stale if the customer has started service meanwhile.
    @inlinable
    func abandon() {
        guard let entry = patienceEnds.popFirst() else { return }
        let time = entry.time
        let event = entry.payload
        let slot = Int(event.slot)
        guard pool[slot].generation == event.generation, pool[slot].isWaiting else { return }
        accumulate(to: time)
        waitingCustomers -= 1
        runningCounters.abandoned += 1
        tally?.gaveUp(arrival: event.arrival, wait: time - event.arrival)
        measured.waitInWindow += overlap(event.arrival, time)
        if event.arrival >= warmup {
            measured.abandoned += 1
            measured.waitOfAbandoned += time - event.arrival
            measured.maxWait = max(measured.maxWait, time - event.arrival)
        }
        if recordsDepartures {
            departures.append(
                QueueDeparture(
                    tag: event.tag, arrival: event.arrival, time: time, wait: time - event.arrival,
                    outcome: .abandoned))
        }
        release(slot: slot)
    }

    /// Calls `body` with each logged departure, in order, and empties the log (no allocation).
    @inlinable
    public func drainDepartures(_ body: (QueueDeparture) -> Void) {
        guard !departures.isEmpty else { return }
        departures.forEachElement(body)
        departures.removeAll()
    }

    /// Hands the departure log to the host and empties it.
    public func takeDepartures() -> [QueueDeparture] {
        var taken: [QueueDeparture] = []
        taken.reserveCapacity(departures.count)
        departures.forEachElement { taken.append($0) }
        departures.removeAll()
        return taken
    }

    /// Changes the headcount from `time` on to `factor` × the schedule's (rounded) + `extra`:
    /// a shock's absence, closure or outage, or a surge reserve. Servers going off duty finish
    /// the customer in hand.
    public func setStaffing(factor: Double, extra: Int, at time: SimTime) {
        assert(time >= lastTime, "a staffing change at \(time) s is before the queue's last event")
        accumulate(to: time)
        accrueStaff(to: time)
        staffingFactor = factor
        extraServers = extra
        serversOnDuty = effectiveServers(schedule.servers(at: time))
        startWaitingCustomers(at: time)
    }

    /// Server-seconds on duty from time 0 to `time` (not before the last event), warm-up
    /// included: what a host that fills idle time with work of its own (grid patrol) reads.
    public func dutySeconds(through time: SimTime) -> Double {
        dutySecondsFromStart + Double(serversOnDuty) * max(0, time - lastStaffTime)
    }

    /// Server-seconds in service from time 0 to `time` (not before the last event), warm-up
    /// included, overtime included.
    public func busySeconds(through time: SimTime) -> Double {
        busySecondsFromStart + Double(busyServers) * max(0, time - lastTime)
    }

    /// The headcount on duty when the schedule says `scheduled`.
    @usableFromInline
    func effectiveServers(_ scheduled: Int) -> Int {
        if staffingFactor == 1 { return scheduled + extraServers }
        return max(0, Int((Double(scheduled) * staffingFactor).rounded()) + extraServers)
    }

    @usableFromInline
    func accrueStaff(to time: SimTime) {
        staffSeconds += Double(serversOnDuty) * overlap(lastStaffTime, time)
        dutySecondsFromStart += Double(serversOnDuty) * (time - lastStaffTime)
        lastStaffTime = time
    }

    /// Closes the books at `time`, the end of the run: integrates up to it and counts the
    /// measured customers still waiting or in service.
    public func finish(at time: SimTime) {
        accumulate(to: time)
        accrueStaff(to: time)
        pool.forEachElement { customer in
            guard customer.isWaiting else { return }
            measured.waitInWindow += overlap(customer.arrival, time)
            if customer.arrival >= warmup { measured.waitingAtEnd += 1 }
        }
        var measuredInService = 0
        var serviceSoFar = 0.0
        inService.forEachPayload { event in
            serviceSoFar += overlap(event.start, time)
            if event.arrival >= warmup { measuredInService += 1 }
        }
        measured.inServiceAtEnd += measuredInService
        measured.serviceInWindow += serviceSoFar
        measured.measuredSeconds = max(0, time - warmup)
    }

    // MARK: Internals

    /// Records the pending waits in the histogram.
    @usableFromInline
    func recordPendingWaits() {
        guard let pendingWaits else { return }
        for index in 0..<pendingCount { measured.waitHistogram.record(pendingWaits[index]) }
        pendingCount = 0
    }

    @inlinable
    static func reference(slot: Int32, generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: slot))
    }

    @inlinable
    func allocate(_ arrival: QueueArrival, at time: SimTime) -> Int32 {
        if let slot = freeSlots.popLast() {
            let index = Int(slot)
            pool[index] = Waiting(
                arrival: time, serviceTime: arrival.serviceTime, tag: arrival.tag,
                generation: pool[index].generation, isWaiting: true)
            return slot
        }
        pool.append(
            Waiting(
                arrival: time, serviceTime: arrival.serviceTime, tag: arrival.tag, generation: 0,
                isWaiting: true))
        return Int32(pool.count - 1)
    }

    @inlinable
    func release(slot: Int) {
        var customer = pool[slot]
        customer.isWaiting = false
        customer.generation &+= 1
        pool[slot] = customer
        freeSlots.append(Int32(slot))
    }

    @inlinable
    func startService(tag: Int32, arrival: SimTime, serviceTime: SimTime, at time: SimTime) {
        busyServers += 1
        tally?.started(arrival: arrival, wait: time - arrival)
        inService.insert(
            InService(tag: tag, arrival: arrival, start: time), at: time + serviceTime,
            sequence: takeSequence())
    }

    /// The sequence number of the event being scheduled.
    @inlinable @inline(__always)
    func takeSequence() -> UInt64 {
        defer { sequence &+= 1 }
        return sequence
    }

    /// Starts waiting customers, highest priority first, while servers are free.
    @usableFromInline
    func startWaitingCustomers(at time: SimTime) {
        while busyServers < serversOnDuty && waitingCustomers > 0 {
            guard let slot = popNextWaiting() else { return }
            let customer = pool[slot]
            measured.waitInWindow += overlap(customer.arrival, time)
            release(slot: slot)
            startService(
                tag: customer.tag, arrival: customer.arrival, serviceTime: customer.serviceTime, at: time)
        }
    }

    /// Removes the next customer to serve — the first of the highest non-empty priority — from
    /// its line and from the waiting count; nil if nobody waits.
    @inlinable
    func popNextWaiting() -> Int? {
        for level in 0..<priorityLevels {
            if let slot = popLiveCustomer(level: level) {
                waitingCustomers -= 1
                return slot
            }
        }
        return nil
    }

    /// Removes and returns the first customer of line `level` who is still waiting, dropping
    /// references to customers who abandoned.
    @inlinable
    func popLiveCustomer(level: Int) -> Int? {
        while let reference = lines[level].first {
            lines[level].removeFirst()
            let slot = Int(truncatingIfNeeded: reference & 0xffff_ffff)
            if pool[slot].generation == UInt32(reference >> 32) && pool[slot].isWaiting { return slot }
        }
        return nil
    }

    /// The length of [from, to) inside the measured period [warm-up, …).
    @inlinable
    func overlap(_ from: SimTime, _ to: SimTime) -> SimTime { max(0, to - max(from, warmup)) }

    /// Adds the time since the last event to the time integrals (from the warm-up on).
    @inlinable @inline(__always)
    func accumulate(to time: SimTime) {
        if time > warmup {
            if lastTime < warmup { measured.maxQueue = max(measured.maxQueue, waitingCustomers) }
            let span = time - max(lastTime, warmup)
            measured.queueArea += span * Double(waitingCustomers)
            measured.busyArea += span * Double(busyServers)
            // A server finishing a customer after its shift ended is on duty until it finishes
            // (overtime), so utilization never passes 1.
            measured.dutyArea += span * Double(max(serversOnDuty, busyServers))
        }
        busySecondsFromStart += (time - lastTime) * Double(busyServers)
        lastTime = time
    }
}
