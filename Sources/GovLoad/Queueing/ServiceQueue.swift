/// A customer arriving at a queue, with its service requirement and patience already drawn
/// (drawing them at arrival, from the arrival's own streams, keeps random numbers common across
/// policies that change only the queue).
public struct QueueArrival: Sendable {
    /// The host's reference to the customer (a contact or a case); returned in departures.
    public var tag: Int32
    /// Priority class, 0 the highest; FCFS within a class.
    public var priority: Int
    /// Service time (seconds).
    public var serviceTime: SimTime
    /// How long the customer will wait before giving up (seconds); +∞ for never.
    public var patience: SimTime

    /// Creates an arrival.
    public init(tag: Int32, priority: Int, serviceTime: SimTime, patience: SimTime) {
        self.tag = tag
        self.priority = priority
        self.serviceTime = serviceTime
        self.patience = patience
    }
}

/// What happened to an arrival on the spot.
public enum QueueAdmission: Sendable, Equatable {
    /// A server was free: service started at once.
    case startedService
    /// Every server was busy: the customer joined the waiting line.
    case queued
    /// The waiting room was full: the customer was refused.
    case turnedAway
}

/// The multi-server queue that every service point is (channel, department, grid-worker pool):
/// servers whose number follows a `ShiftSchedule`, priority classes served FCFS within a class,
/// non-preemptive service, abandonment after a customer's patience runs out, and an optional
/// waiting-room capacity.
///
/// The queue keeps its own small event heap (departures and abandonments) and shift-change
/// clock; its host (a logical process) interleaves them with its other events through
/// `nextEventTime` and `processNextEvent()`. When servers go off shift while busy, they finish
/// the customer in hand first.
public final class ServiceQueue {
    @usableFromInline struct Event {
        @usableFromInline var isDeparture: Bool
        @usableFromInline var slot: Int32
        @usableFromInline var generation: UInt32
        @usableFromInline init(isDeparture: Bool, slot: Int32, generation: UInt32) {
            self.isDeparture = isDeparture
            self.slot = slot
            self.generation = generation
        }
    }

    @usableFromInline enum SlotState: UInt8 { case free, waiting, inService }

    /// The staffing over the week.
    public let schedule: ShiftSchedule
    /// The most customers allowed to wait at once (`Int.max` for no limit).
    public let capacity: Int
    /// Statistics count customers arriving at or after this time (seconds).
    public let warmup: SimTime

    /// Servers on duty now.
    public private(set) var onDuty: Int
    /// Servers serving a customer now.
    public private(set) var busy = 0
    /// Customers waiting now.
    public private(set) var waiting = 0
    /// Running totals, warm-up included.
    public private(set) var counters = QueueCounters()
    /// Steady-state statistics (after the warm-up).
    public private(set) var statistics = QueueStatistics()

    @usableFromInline var events = EventHeap<Event>()
    @usableFromInline var nextShiftChange: SimTime
    @usableFromInline var lastTime: SimTime = 0

    // The customer pool, struct-of-arrays, recycled through `freeSlots`.
    @usableFromInline var arrivalTime: [SimTime] = []
    @usableFromInline var serviceTime: [SimTime] = []
    @usableFromInline var startTime: [SimTime] = []
    @usableFromInline var generation: [UInt32] = []
    @usableFromInline var state: [SlotState] = []
    @usableFromInline var tags: [Int32] = []
    @usableFromInline var freeSlots: [Int32] = []
    @usableFromInline var lines: [SlotRing]

    /// Creates an empty queue with `priorityLevels` classes, starting at time 0.
    public init(
        schedule: ShiftSchedule, priorityLevels: Int = 1, capacity: Int? = nil, warmup: SimTime = 0
    ) {
        precondition(priorityLevels >= 1)
        self.schedule = schedule
        self.capacity = capacity ?? Int.max
        self.warmup = warmup
        self.onDuty = schedule.servers(at: 0)
        self.nextShiftChange = schedule.nextChange(after: 0)
        self.lines = Array(repeating: SlotRing(), count: priorityLevels)
    }

    /// The time of the queue's next departure, abandonment or shift change; +∞ if none.
    @inlinable public var nextEventTime: SimTime { min(events.nextTime, nextShiftChange) }

    /// Customers in service or waiting now.
    public var inSystem: Int { busy + waiting }

    /// A customer arrives at `time` (not before the last event processed).
    @discardableResult
    public func arrive(_ arrival: QueueArrival, at time: SimTime) -> QueueAdmission {
        accumulate(to: time)
        let counted = time >= warmup
        counters.arrivals += 1
        if counted { statistics.arrivals += 1 }
        if busy < onDuty && waiting == 0 {
            let slot = allocate(arrival, at: time)
            startService(slot: slot, at: time)
            return .startedService
        }
        guard waiting < capacity else {
            counters.turnedAway += 1
            if counted { statistics.turnedAway += 1 }
            return .turnedAway
        }
        let slot = allocate(arrival, at: time)
        state[Int(slot)] = .waiting
        lines[arrival.priority].append(Self.reference(slot: slot, generation: generation[Int(slot)]))
        waiting += 1
        if arrival.patience.isFinite {
            events.schedule(
                Event(isDeparture: false, slot: slot, generation: generation[Int(slot)]),
                at: time + arrival.patience)
        }
        if counted {
            statistics.waited += 1
            statistics.maxQueue = max(statistics.maxQueue, waiting)
        }
        return .queued
    }

    /// Processes the queue's next event (at `nextEventTime`).
    public func processNextEvent() {
        if nextShiftChange <= events.nextTime {
            let time = nextShiftChange
            accumulate(to: time)
            onDuty = schedule.servers(at: time)
            nextShiftChange = schedule.nextChange(after: time)
            startWaitingCustomers(at: time)
            return
        }
        guard let entry = events.popFirst() else { return }
        let time = entry.time
        let slot = Int(entry.payload.slot)
        if entry.payload.isDeparture {
            accumulate(to: time)
            busy -= 1
            let wait = startTime[slot] - arrivalTime[slot]
            counters.served += 1
            counters.waitOfServed += wait
            if arrivalTime[slot] >= warmup {
                statistics.served += 1
                statistics.waitOfServed += wait
                statistics.sojournOfServed += time - arrivalTime[slot]
                statistics.waitHistogram.record(UInt64((wait * 1000).rounded()))
            }
            release(slot: slot)
            startWaitingCustomers(at: time)
        } else {
            // An abandonment: stale if the customer has started service or left.
            guard generation[slot] == entry.payload.generation, state[slot] == .waiting else { return }
            accumulate(to: time)
            waiting -= 1
            counters.abandoned += 1
            if arrivalTime[slot] >= warmup {
                statistics.abandoned += 1
                statistics.waitOfAbandoned += time - arrivalTime[slot]
            }
            release(slot: slot)
        }
    }

    /// Closes the books at `time`, the end of the run: integrates up to it and counts the
    /// measured customers still waiting or in service.
    public func finish(at time: SimTime) {
        accumulate(to: time)
        for slot in state.indices where state[slot] != .free && arrivalTime[slot] >= warmup {
            if state[slot] == .waiting { statistics.waitingAtEnd += 1 } else { statistics.inServiceAtEnd += 1 }
        }
        statistics.measuredSeconds = max(0, time - warmup)
    }

    // MARK: Internals

    @inlinable
    static func reference(slot: Int32, generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: slot))
    }

    @usableFromInline
    func allocate(_ arrival: QueueArrival, at time: SimTime) -> Int32 {
        if let slot = freeSlots.popLast() {
            let index = Int(slot)
            arrivalTime[index] = time
            serviceTime[index] = arrival.serviceTime
            tags[index] = arrival.tag
            return slot
        }
        arrivalTime.append(time)
        serviceTime.append(arrival.serviceTime)
        startTime.append(0)
        generation.append(0)
        state.append(.free)
        tags.append(arrival.tag)
        return Int32(arrivalTime.count - 1)
    }

    @usableFromInline
    func release(slot: Int) {
        state[slot] = .free
        generation[slot] &+= 1
        freeSlots.append(Int32(slot))
    }

    @usableFromInline
    func startService(slot: Int32, at time: SimTime) {
        let index = Int(slot)
        state[index] = .inService
        startTime[index] = time
        busy += 1
        events.schedule(
            Event(isDeparture: true, slot: slot, generation: generation[index]),
            at: time + serviceTime[index])
    }

    /// Starts waiting customers, highest priority first, while servers are free.
    @usableFromInline
    func startWaitingCustomers(at time: SimTime) {
        while busy < onDuty && waiting > 0 {
            for level in lines.indices {
                guard let slot = popLiveCustomer(level: level) else { continue }
                waiting -= 1
                startService(slot: slot, at: time)
                break
            }
        }
    }

    /// Removes and returns the first customer of line `level` who is still waiting, dropping
    /// references to customers who abandoned.
    @usableFromInline
    func popLiveCustomer(level: Int) -> Int32? {
        while let reference = lines[level].first {
            lines[level].removeFirst()
            let slot = Int32(truncatingIfNeeded: reference & 0xffff_ffff)
            let index = Int(slot)
            if generation[index] == UInt32(reference >> 32) && state[index] == .waiting { return slot }
        }
        return nil
    }

    /// Adds the time since the last event to the time integrals (from the warm-up on).
    @usableFromInline
    func accumulate(to time: SimTime) {
        if time > warmup {
            if lastTime < warmup { statistics.maxQueue = max(statistics.maxQueue, waiting) }
            let span = time - max(lastTime, warmup)
            statistics.queueArea += span * Double(waiting)
            statistics.busyArea += span * Double(busy)
            statistics.dutyArea += span * Double(onDuty)
        }
        lastTime = time
    }
}
