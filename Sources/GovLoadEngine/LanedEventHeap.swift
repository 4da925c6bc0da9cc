import GovLoadSupport

/// A process's event queue: a `TournamentTree` (each event a leaf, the earliest found in
/// log₂(leaves) branch-free steps whose loads do not wait on one another — a partition's few
/// thousand pending events took a heap's sifts a cache miss and a mispredicted exit per level)
/// with a lane beside it for events that come in time order — a process's messages, which the
/// engine hands over sorted by time, each at or after the last — so that they skip the tree:
/// appending to the lane and taking its head cost a few instructions.
///
/// Events come out in exactly the order an `EventHeap` alone would give: (time, sequence), the
/// lane's events and the tree's numbered from one counter. An event scheduled in order but
/// earlier than the lane's last one goes to the tree instead.
public struct LanedEventHeap<Payload: BitwiseCopyable>: ~Copyable {
    /// An event in the lane and its key, compared with the tree's keys.
    @usableFromInline struct LaneEntry {
        @usableFromInline var key: UInt128
        @usableFromInline var payload: Payload
        @inlinable init(key: UInt128, payload: Payload) {
            self.key = key
            self.payload = payload
        }
    }

    @usableFromInline var tree: TournamentTree<Payload>
    /// The next event's sequence number, lane and tree alike.
    @usableFromInline var nextSequence: UInt64 = 0
    /// The lane, a ring buffer of `laneCapacity` entries from `laneHead`.
    @usableFromInline var lane: UnsafeMutablePointer<LaneEntry>
    @usableFromInline var laneCapacity: Int
    @usableFromInline var laneHead = 0
    @usableFromInline var laneCount = 0

    /// An empty tree and lane, each with room for `capacity` events before it first grows.
    public init(capacity: Int = 64) {
        tree = TournamentTree(capacity: capacity)
        laneCapacity = max(capacity, 4)
        lane = .allocate(capacity: laneCapacity)
    }

    deinit {
        for offset in 0..<laneCount { (lane + (laneHead + offset) % laneCapacity).deinitialize(count: 1) }
        lane.deallocate()
    }

    /// The number of scheduled events, tree and lane.
    @inlinable public var count: Int { tree.count + laneCount }

    /// The time of the earliest event, or +∞ when none is scheduled.
    @inlinable public var nextTime: SimTime {
        laneCount > 0 ? min(Self.time(of: lane[laneHead].key), tree.nextTime) : tree.nextTime
    }

    /// Schedules `payload` at `time`, in the tree.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        tree.insert(payload, at: time, sequence: nextSequence)
        nextSequence &+= 1
    }

    /// Schedules `payload` at `time`, in the lane if `time` is at or after the lane's last event
    /// (in the tree otherwise): for events that mostly come in time order.
    @inlinable
    public mutating func scheduleInOrder(_ payload: Payload, at time: SimTime) {
        if laneCount > 0 && time < Self.time(of: lane[(laneHead + laneCount - 1) % laneCapacity].key) {
            schedule(payload, at: time)
            return
        }
        if laneCount == laneCapacity { growLane() }
        let key = TournamentTree<Payload>.key(time: time, sequence: nextSequence, leaf: 0)
        nextSequence &+= 1
        (lane + (laneHead + laneCount) % laneCapacity).initialize(to: LaneEntry(key: key, payload: payload))
        laneCount += 1
    }

    /// Removes and returns the earliest event.
    @inlinable
    public mutating func popFirst() -> EventHeap<Payload>.Entry? {
        guard laneCount > 0, lane[laneHead].key < tree.firstOrder else {
            guard tree.count > 0 else { return nil }
            let entry = EventHeap<Payload>.Entry(time: tree.nextTime, payload: tree.first)
            tree.removeFirst()
            return entry
        }
        let entry = (lane + laneHead).move()
        laneHead = laneHead + 1 == laneCapacity ? 0 : laneHead + 1
        laneCount -= 1
        return EventHeap.Entry(time: Self.time(of: entry.key), payload: entry.payload)
    }

    /// The time in a lane key.
    @inlinable @inline(__always)
    static func time(of key: UInt128) -> SimTime { EventHeap<Payload>.Key.time(of: key) }

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
