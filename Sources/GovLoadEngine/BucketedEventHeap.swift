import GovLoadSupport

/// An event heap for a process whose events lie mostly far ahead — a city partition's latent
/// hazards are found or escalate days after they appear — kept in two tiers: a small
/// ``EventHeap`` of the events in the current bucket of time (`width` long), and for later ones
/// an unsorted list per bucket, moved into the heap when its bucket comes (a two-tier calendar
/// queue). Events beyond the last bucket wait in one more list, moved in after the last bucket.
///
/// Events come out in exactly ``EventHeap``'s order — by time, then by the order they were
/// scheduled — because each is numbered when it is scheduled and keeps its number when it moves:
/// only where an event waits differs, never when it runs. What it buys: a Shenzhen partition has
/// 3,000–7,000 events pending, 97 % of them more than an hour ahead, and a heap of all of them is
/// sifted at every event and pushed out of the caches by the residents read in between; the
/// current hour's ≈ 150 stay in the fastest caches, and a waiting event costs one append and,
/// later, one insertion into the small heap.
///
/// Non-copyable, like ``EventHeap``; payloads are plain values (they wait in lists managed by hand).
public struct BucketedEventHeap<Payload: BitwiseCopyable>: ~Copyable {
    /// An event waiting in a bucket: its time, its number, what happens.
    @usableFromInline struct Waiting: BitwiseCopyable {
        @usableFromInline var time: SimTime
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable init(time: SimTime, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }
    }

    /// The events before `nearEnd`.
    @usableFromInline var near = EventHeap<Payload>()
    /// Events from `nearEnd` on, by bucket: bucket `b` holds times in [b·width, (b+1)·width).
    @usableFromInline var buckets: ListTable<Waiting>
    /// Events at or after the last bucket's end.
    @usableFromInline var beyond = RawList<Waiting>()
    /// The length of a bucket, in seconds.
    public let width: SimTime
    /// The bucket whose events are in the heap (with any earlier event scheduled since).
    @usableFromInline var bucket = 0
    /// Where the heap's events end: an event at or after it waits in a bucket.
    @usableFromInline var nearEnd: SimTime
    /// Events waiting in buckets and in `beyond`.
    @usableFromInline var waiting = 0
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty heap whose buckets are `width` seconds long and cover [0, `span`).
    public init(width: SimTime, span: SimTime) {
        precondition(width > 0 && width.isFinite, "a bucket of \(width) s")
        let bucketCount = span.isFinite && span > 0 ? (span / width).rounded(.up) : 1
        precondition(bucketCount <= Double(1 << 24), "more than 2^24 buckets of \(width) s")
        buckets = ListTable(lists: Int(bucketCount))
        self.width = width
        nearEnd = width
    }

    /// The number of scheduled events.
    @inlinable public var count: Int { near.count + waiting }

    /// Whether no event is scheduled.
    @inlinable public var isEmpty: Bool { near.isEmpty }

    /// The time of the earliest event, or +∞ when none is scheduled. (The heap is empty only when
    /// nothing waits.)
    @inlinable public var nextTime: SimTime { near.nextTime }

    /// Schedules `payload` at `time`.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        let sequence = nextSequence
        nextSequence &+= 1
        if time < nearEnd {
            near.insert(payload, at: time, sequence: sequence)
        } else {
            park(Waiting(time: time, sequence: sequence, payload: payload))
        }
    }

    /// Removes and returns the earliest event.
    @inlinable
    public mutating func popFirst() -> EventHeap<Payload>.Entry? {
        let entry = near.popFirst()
        if near.isEmpty && waiting > 0 { refill() }
        return entry
    }

    /// Puts an event at or after `nearEnd` in its bucket.
    @usableFromInline
    mutating func park(_ event: Waiting) {
        if event.time < start(of: buckets.lists) {
            // The quotient guesses the bucket; the bucket's bounds, computed as `nearEnd` is, decide.
            var index = min(max(Int(event.time / width), bucket + 1), buckets.lists - 1)
            while index > bucket + 1 && event.time < start(of: index) { index -= 1 }
            while index < buckets.lists - 1 && event.time >= start(of: index + 1) { index += 1 }
            buckets.append(event, to: index)
        } else {
            beyond.append(event)
        }
        waiting += 1
        if near.isEmpty { refill() }
    }

    /// Where bucket `index` starts: its events are at or after it and before the next one's start.
    @inlinable func start(of index: Int) -> SimTime { width * Double(index) }

    /// Moves the next non-empty bucket (or, after the last, the events beyond) into the heap.
    @usableFromInline
    mutating func refill() {
        var next = bucket + 1
        while next < buckets.lists && buckets.count(of: next) == 0 { next += 1 }
        if next < buckets.lists {
            let moved = buckets.count(of: next)
            for index in 0..<moved {
                let event = buckets.element(index, of: next)
                near.insert(event.payload, at: event.time, sequence: event.sequence)
            }
            buckets.release(next)
            waiting -= moved
            bucket = next
            nearEnd = start(of: next + 1)
        } else {
            for index in 0..<beyond.count {
                let event = beyond[index]
                near.insert(event.payload, at: event.time, sequence: event.sequence)
            }
            waiting -= beyond.count
            beyond.removeAll()
            bucket = buckets.lists
            nearEnd = .infinity
        }
    }
}
