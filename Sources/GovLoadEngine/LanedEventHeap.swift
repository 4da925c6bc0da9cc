import GovLoadSupport

/// An `EventHeap` with a lane beside it for events that come in time order — a process's
/// messages, which the engine hands over sorted by time, each at or after the last — so that
/// they skip the heap: appending to the lane and taking its head cost a few instructions, where
/// the heap sifts a near-future event up through every level and, when it comes out, sifts the
/// last key down again.
///
/// Events come out in exactly the order an `EventHeap` alone would give: (time, sequence), the
/// lane's events taking their sequence numbers from the heap's own count. An event scheduled in
/// order but earlier than the lane's last one goes to the heap instead.
public struct LanedEventHeap<Payload>: ~Copyable {
    /// An event in the lane and its key, compared with the heap's keys.
    @usableFromInline struct LaneEntry {
        @usableFromInline var key: EventHeap<Payload>.Key
        @usableFromInline var payload: Payload
        @inlinable init(key: EventHeap<Payload>.Key, payload: Payload) {
            self.key = key
            self.payload = payload
        }
    }

    @usableFromInline var heap: EventHeap<Payload>
    /// The lane, a ring buffer of `laneCapacity` entries from `laneHead`.
    @usableFromInline var lane: UnsafeMutablePointer<LaneEntry>
    @usableFromInline var laneCapacity: Int
    @usableFromInline var laneHead = 0
    @usableFromInline var laneCount = 0

    /// An empty heap and lane, each with room for `capacity` events before it first grows.
    public init(capacity: Int = 64) {
        heap = EventHeap(capacity: capacity)
        laneCapacity = max(capacity, 4)
        lane = .allocate(capacity: laneCapacity)
    }

    deinit {
        for offset in 0..<laneCount { (lane + (laneHead + offset) % laneCapacity).deinitialize(count: 1) }
        lane.deallocate()
    }

    /// The number of scheduled events, heap and lane.
    @inlinable public var count: Int { heap.count + laneCount }

    /// The time of the earliest event, or +∞ when none is scheduled.
    @inlinable public var nextTime: SimTime {
        laneCount > 0 ? min(lane[laneHead].key.time, heap.nextTime) : heap.nextTime
    }

    /// Schedules `payload` at `time`, in the heap.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        heap.schedule(payload, at: time)
    }

    /// Schedules `payload` at `time`, in the lane if `time` is at or after the lane's last event
    /// (in the heap otherwise): for events that mostly come in time order.
    @inlinable
    public mutating func scheduleInOrder(_ payload: Payload, at time: SimTime) {
        if laneCount > 0 && time < lane[(laneHead + laneCount - 1) % laneCapacity].key.time {
            heap.schedule(payload, at: time)
            return
        }
        if laneCount == laneCapacity { growLane() }
        let key = EventHeap<Payload>.Key(
            time: time, order: heap.takeSequence() << EventHeap<Payload>.slotBits)
        (lane + (laneHead + laneCount) % laneCapacity).initialize(to: LaneEntry(key: key, payload: payload))
        laneCount += 1
    }

    /// Removes and returns the earliest event.
    @inlinable
    public mutating func popFirst() -> EventHeap<Payload>.Entry? {
        guard laneCount > 0, heap.isEmpty || lane[laneHead].key.value < heap.keys[0].value else {
            return heap.popFirst()
        }
        let entry = (lane + laneHead).move()
        laneHead = laneHead + 1 == laneCapacity ? 0 : laneHead + 1
        laneCount -= 1
        return EventHeap.Entry(time: entry.key.time, payload: entry.payload)
    }

    @usableFromInline
    mutating func growLane() {
        let larger = laneCapacity * 2
        let grown = UnsafeMutablePointer<LaneEntry>.allocate(capacity: larger)
        for offset in 0..<laneCount {
            (grown + offset).moveInitialize(from: lane + (laneHead + offset) % laneCapacity, count: 1)
        }
        lane.deallocate()
        lane = grown
        laneCapacity = larger
        laneHead = 0
    }
}
