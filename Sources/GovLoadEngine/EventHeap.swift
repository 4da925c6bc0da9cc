import GovLoadSupport

/// A four-ary min-heap of timed events, ordered by (time, insertion sequence), so that events at
/// the same instant run in the order they were scheduled: the engine's tie-breaking rule, which
/// makes every run deterministic. (Keys are unique, so the order of events does not depend on
/// the heap's shape.) Four children of 16-byte keys lie on one or two cache lines and the heap is
/// half as deep as a binary one: a city partition's heap of tens of thousands of events misses
/// the cache half as often per event.
///
/// The heap moves only 16-byte keys — the time, and the sequence number packed with the index of
/// the payload's slot in a side buffer — so sifting stays cheap whatever the payload's size. The
/// buffers are managed by hand: scheduling allocates only when the heap outgrows its capacity,
/// and no operation pays for reference counting or copy-on-write checks. The heap is
/// non-copyable: it has exactly one owner, which frees its buffers when it goes.
public struct EventHeap<Payload>: ~Copyable {
    /// One scheduled event, as returned by `popFirst()`.
    public struct Entry {
        /// When the event happens.
        public var time: SimTime
        /// What happens.
        public var payload: Payload

        @usableFromInline
        init(time: SimTime, payload: Payload) {
            self.time = time
            self.payload = payload
        }
    }

    /// A heap key: time, then the sequence number (high 36 bits) and the payload slot (low 28
    /// bits), compared as one 128-bit integer. The time is kept as its bit pattern, which orders
    /// as the times do for times from +0 to +∞ (an event is never scheduled before time 0, and
    /// −0 is made +0): one integer comparison, which the compiler makes without a branch,
    /// instead of two floating-point comparisons and the branches between them.
    @usableFromInline struct Key {
        @usableFromInline var value: UInt128
        @inlinable @inline(__always) init(time: SimTime, order: UInt64) {
            assert(time >= 0, "an event scheduled at \(time), before time 0")
            value = UInt128((time + 0).bitPattern) << 64 | UInt128(order)
        }
        @inlinable var time: SimTime { Self.time(of: value) }
        /// The time in a key's value (its high 64 bits): for keys kept as bare integers
        /// (`TournamentTree`, `LanedEventHeap`'s lane).
        @inlinable @inline(__always) static func time(of value: UInt128) -> SimTime {
            SimTime(bitPattern: UInt64(truncatingIfNeeded: value >> 64))
        }
        @inlinable var order: UInt64 { UInt64(truncatingIfNeeded: value) }
        @inlinable var slot: Int { Int(truncatingIfNeeded: value & ((1 << 28) - 1)) }
    }

    @usableFromInline static var slotBits: UInt64 { 28 }

    @usableFromInline var keys: UnsafeMutablePointer<Key>
    @usableFromInline var payloads: UnsafeMutablePointer<Payload>
    /// Free payload slots, a stack.
    @usableFromInline var freeSlots: UnsafeMutablePointer<Int32>
    @usableFromInline var freeCount = 0
    /// Slots ever used: slots at or above it are free too.
    @usableFromInline var slotsUsed = 0
    @usableFromInline var capacity: Int
    @usableFromInline var storedCount = 0
    /// The number of scheduled events.
    @inlinable public var count: Int { storedCount }
    @usableFromInline var nextSequence: UInt64 = 0

    /// Creates an empty heap with room for `capacity` events before it first grows.
    public init(capacity: Int = 64) {
        self.capacity = max(capacity, 4)
        keys = .allocate(capacity: self.capacity)
        payloads = .allocate(capacity: self.capacity)
        freeSlots = .allocate(capacity: self.capacity)
    }

    deinit {
        for index in 0..<count { (payloads + keys[index].slot).deinitialize(count: 1) }
        keys.deallocate()
        payloads.deallocate()
        freeSlots.deallocate()
    }

    /// Whether no event is scheduled.
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The time of the earliest event, or +∞ when none is scheduled.
    @inlinable public var nextTime: SimTime { count > 0 ? keys[0].time : .infinity }

    /// Schedules `payload` at `time`.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        if count == capacity { grow() }
        let slot: Int
        if freeCount > 0 {
            freeCount -= 1
            slot = Int(freeSlots[freeCount])
        } else {
            slot = slotsUsed
            slotsUsed += 1
        }
        (payloads + slot).initialize(to: payload)
        let key = Key(time: time, order: nextSequence << Self.slotBits | UInt64(slot))
        nextSequence &+= 1
        siftUp(key, from: count)
        storedCount += 1
    }

    /// Schedules `payload` at `time`, numbered `sequence` by the caller from a counter it shares
    /// with a `TournamentTree` (and uses for all of this heap's events, so that the numbers stay
    /// unique and increasing): the two order their events as one heap would.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime, sequence: UInt64) {
        nextSequence = sequence
        schedule(payload, at: time)
    }

    /// The earliest event's place in the order of events, time then sequence, as one integer:
    /// compare it with `TournamentTree.firstOrder` of a tree numbered from the same counter. An
    /// empty heap's is later than any event's.
    @inlinable public var firstOrder: UInt128 { count > 0 ? keys[0].value : .max }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func popFirst() -> Entry? {
        guard count > 0 else { return nil }
        let top = keys[0]
        let slot = top.slot
        let payload = (payloads + slot).move()
        freeSlots[freeCount] = Int32(slot)
        freeCount += 1
        removeTop()
        return Entry(time: top.time, payload: payload)
    }

    /// Removes the earliest event, which the caller has already read (through `first`); does
    /// nothing if the heap is empty.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func removeFirst() {
        guard count > 0 else { return }
        let slot = keys[0].slot
        (payloads + slot).deinitialize(count: 1)
        freeSlots[freeCount] = Int32(slot)
        freeCount += 1
        removeTop()
    }

    /// The earliest event, without removing it.
    @inlinable public var first: Entry? {
        guard count > 0 else { return nil }
        return Entry(time: keys[0].time, payload: payloads[keys[0].slot])
    }

    /// Removes the earliest event and schedules `payload` at `time` in one pass: what a server
    /// does when it finishes one customer and starts the next. Equivalent to `popFirst()` followed
    /// by `schedule(_:at:)`, sequence numbers included.
    /// - Complexity: O(log n), one sift instead of two.
    @inlinable
    public mutating func replaceFirst(with payload: Payload, at time: SimTime) {
        precondition(count > 0, "replaceFirst on an empty heap")
        let slot = keys[0].slot
        (payloads + slot).deinitialize(count: 1)
        (payloads + slot).initialize(to: payload)
        let key = Key(time: time, order: nextSequence << Self.slotBits | UInt64(slot))
        nextSequence &+= 1
        siftUp(key, from: moveRootHoleToLeaf(count: count))
    }

    /// Calls `body` with every scheduled payload, in no particular order.
    public func forEachPayload(_ body: (Payload) -> Void) {
        for index in 0..<count { body(payloads[keys[index].slot]) }
    }

    @usableFromInline
    mutating func grow() {
        let larger = capacity * 2
        precondition(UInt64(larger) <= 1 << Self.slotBits, "more than 2^28 events pending in one event heap")
        let newKeys = UnsafeMutablePointer<Key>.allocate(capacity: larger)
        newKeys.moveInitialize(from: keys, count: count)
        keys.deallocate()
        keys = newKeys
        let newPayloads = UnsafeMutablePointer<Payload>.allocate(capacity: larger)
        // Live payloads sit at scattered slots below `slotsUsed`: move exactly those.
        for index in 0..<count {
            let slot = keys[index].slot
            (newPayloads + slot).moveInitialize(from: payloads + slot, count: 1)
        }
        payloads.deallocate()
        payloads = newPayloads
        let newFree = UnsafeMutablePointer<Int32>.allocate(capacity: larger)
        newFree.moveInitialize(from: freeSlots, count: freeCount)
        freeSlots.deallocate()
        freeSlots = newFree
        capacity = larger
    }

    @inlinable @inline(__always)
    static func precedes(_ a: Key, _ b: Key) -> Bool {
        a.value < b.value
    }

    @inlinable
    mutating func siftUp(_ moving: Key, from start: Int) {
        let keys = self.keys
        var child = start
        while child > 0 {
            let parent = (child &- 1) >> 2
            let above = keys[parent]
            guard Self.precedes(moving, above) else { break }
            keys[child] = above
            child = parent
        }
        keys[child] = moving
    }

    /// Removes the root: puts the last key where the root's hole ends up and sifts it up.
    @inlinable
    mutating func removeTop() {
        storedCount -= 1
        let count = storedCount
        guard count > 0 else { return }
        let last = keys[count]
        siftUp(last, from: moveRootHoleToLeaf(count: count))
    }

    /// Treats the root as a hole and moves it down along the smallest children to a leaf,
    /// returning the leaf: the first half of Floyd's bottom-up variant, which compares children
    /// only, never the key being placed. The caller fills the hole by sifting a key up from there.
    @inlinable @inline(__always)
    func moveRootHoleToLeaf(count: Int) -> Int {
        let keys = self.keys
        var hole = 0
        while true {
            let first = hole &* 4 &+ 1
            guard first < count else { break }
            var child = first
            if first &+ 3 < count {
                // All four children: the smaller of two pairs, then of the two winners.
                let left = Self.precedes(keys[first &+ 1], keys[first]) ? first &+ 1 : first
                let right = Self.precedes(keys[first &+ 3], keys[first &+ 2]) ? first &+ 3 : first &+ 2
                child = Self.precedes(keys[right], keys[left]) ? right : left
            } else {
                var next = first &+ 1
                while next < count {
                    if Self.precedes(keys[next], keys[child]) { child = next }
                    next &+= 1
                }
            }
            keys[hole] = keys[child]
            hole = child
        }
        return hole
    }
}
