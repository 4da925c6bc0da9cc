/// A binary min-heap of timed events, ordered by (time, insertion sequence), so that events at
/// the same instant run in the order they were scheduled: the engine's tie-breaking rule, which
/// makes every run deterministic.
///
/// Storage is a flat array of value-type entries: scheduling allocates only when the heap grows.
public struct EventHeap<Payload> {
    /// One scheduled event.
    public struct Entry {
        /// When the event happens.
        public var time: SimTime
        /// The order in which it was scheduled; breaks ties in time.
        public var sequence: UInt64
        /// What happens.
        public var payload: Payload

        @usableFromInline
        init(time: SimTime, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    /// Creates an empty heap.
    public init() {}

    /// The number of scheduled events.
    @inlinable public var count: Int { entries.count }

    /// Whether no event is scheduled.
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// The time of the earliest event, or +∞ when none is scheduled.
    @inlinable public var nextTime: SimTime { entries.first?.time ?? .infinity }

    /// The earliest event, without removing it.
    @inlinable public var first: Entry? { entries.first }

    /// Schedules `payload` at `time`.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        entries.append(entry)
        siftUp(from: entries.count - 1)
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func popFirst() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let first = entries[0]
        entries[0] = last
        siftDown(from: 0)
        return first
    }

    /// Removes every event.
    public mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    @inlinable
    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
    }

    @inlinable
    mutating func siftUp(from start: Int) {
        entries.withUnsafeMutableBufferPointer { heap in
            var child = start
            let moving = heap[child]
            while child > 0 {
                let parent = (child - 1) >> 1
                guard Self.precedes(moving, heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = moving
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = start
            let moving = heap[parent]
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                var smallest = left
                if right < count && Self.precedes(heap[right], heap[left]) { smallest = right }
                guard Self.precedes(heap[smallest], moving) else { break }
                heap[parent] = heap[smallest]
                parent = smallest
            }
            heap[parent] = moving
        }
    }
}
