import GovLoadSupport

/// When each of a fixed set of members (a bank's queues, numbered 0 ..< `members`) next needs
/// attention, as a four-ary min-heap holding at most one entry per member, ordered by (time,
/// sequence): the member whose time is earliest comes first, and members due at the same
/// instant come in the order their times were last set.
///
/// Unlike an `EventHeap` of (time, member) entries, which leaves a stale entry behind whenever a
/// member's time moves, a member's entry is moved in place: no stale entry is ever popped, and a
/// member that is served and then due again later is one sift down from the root rather than a
/// removal and an insertion. A city partition's community and grid banks took about a sixth of
/// their agenda entries (1.05 M of 6.2 M in a month) as stale ones before.
public struct IndexedAgenda: ~Copyable {
    /// A heap key: the time's bit pattern (which orders as the times do from +0 to +∞), then
    /// the sequence number (high 36 bits) and the member (low 28 bits), compared as one 128-bit
    /// integer — the layout of `EventHeap`'s keys.
    @usableFromInline typealias Key = UInt128

    @usableFromInline static var memberBits: UInt64 { 28 }
    /// The most members an agenda holds (2^28; a city's memory check refuses far fewer queues).
    public static var maximumMembers: Int { 1 << Int(memberBits) }

    @usableFromInline let keys: UnsafeMutablePointer<Key>
    /// Each member's place in `keys`, or −1 when it has no entry.
    @usableFromInline let positions: UnsafeMutablePointer<Int32>
    /// The number of members.
    public let members: Int
    @usableFromInline var storedCount = 0
    @usableFromInline var nextSequence: UInt64 = 0

    /// An agenda of `members` members, none of them due.
    public init(members: Int) {
        precondition(members >= 0 && members <= Self.maximumMembers, "an agenda of \(members) members")
        self.members = members
        keys = .allocate(capacity: max(1, members))
        positions = .allocate(capacity: max(1, members))
        positions.initialize(repeating: -1, count: max(1, members))
    }

    deinit {
        keys.deallocate()
        positions.deallocate()
    }

    /// The number of members with a time set.
    @inlinable public var count: Int { storedCount }

    /// The earliest time set, or +∞ when none is.
    @inlinable public var nextTime: SimTime { storedCount > 0 ? Self.time(of: keys[0]) : .infinity }

    /// The member whose time is earliest (undefined when none has a time: check `nextTime`).
    @inlinable public var firstMember: Int { Self.member(of: keys[0]) }

    /// The time set for `member`, or +∞ when it has none.
    @inlinable public func time(of member: Int) -> SimTime {
        let position = Int(positions[member])
        return position >= 0 ? Self.time(of: keys[position]) : .infinity
    }

    /// Sets `member`'s time to `time` (+∞ takes its entry away). A time equal to the one already
    /// set changes nothing, not even the member's place among others due at the same instant.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func set(_ member: Int, to time: SimTime) {
        assert(member >= 0 && member < members, "no member \(member) in an agenda of \(members)")
        let position = Int(positions[member])
        guard time < .infinity else {
            if position >= 0 { remove(at: position) }
            return
        }
        assert(time >= 0, "an agenda time of \(time), before time 0")
        let key =
            UInt128((time + 0).bitPattern) << 64 | UInt128(nextSequence << Self.memberBits | UInt64(member))
        if position < 0 {
            nextSequence &+= 1
            storedCount += 1
            siftUp(key, from: storedCount - 1)
            return
        }
        let old = keys[position]
        guard Self.time(of: old) != time else { return }
        nextSequence &+= 1
        if key < old {
            siftUp(key, from: position)
        } else {
            siftUp(key, from: moveHoleToLeaf(from: position))
        }
    }

    @inlinable @inline(__always)
    static func time(of key: Key) -> SimTime { SimTime(bitPattern: UInt64(truncatingIfNeeded: key >> 64)) }

    @inlinable @inline(__always)
    static func member(of key: Key) -> Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: key) & ((1 << memberBits) - 1))
    }

    @inlinable @inline(__always)
    func place(_ key: Key, at position: Int) {
        keys[position] = key
        positions[Self.member(of: key)] = Int32(truncatingIfNeeded: position)
    }

    /// Takes the entry at `position` away: the last key fills its hole.
    @usableFromInline
    mutating func remove(at position: Int) {
        positions[Self.member(of: keys[position])] = -1
        storedCount -= 1
        guard position < storedCount else { return }
        let last = keys[storedCount]
        if position > 0 && last < keys[(position &- 1) >> 2] {
            siftUp(last, from: position)
        } else {
            siftUp(last, from: moveHoleToLeaf(from: position))
        }
    }

    /// Places `moving` at `start` or above it, moving greater keys down.
    @inlinable
    func siftUp(_ moving: Key, from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child &- 1) >> 2
            let above = keys[parent]
            guard moving < above else { break }
            place(above, at: child)
            child = parent
        }
        place(moving, at: child)
    }

    /// Treats `start` as a hole and moves it down along the smallest children to a leaf,
    /// returning the leaf (Floyd's bottom-up sift: the caller sifts its key up from there, which
    /// for a key no smaller than the one that was at `start` stops at or below `start`).
    @inlinable
    func moveHoleToLeaf(from start: Int) -> Int {
        let count = storedCount
        var hole = start
        while true {
            let first = hole &* 4 &+ 1
            guard first < count else { break }
            var child = first
            if first &+ 3 < count {
                let left = keys[first &+ 1] < keys[first] ? first &+ 1 : first
                let right = keys[first &+ 3] < keys[first &+ 2] ? first &+ 3 : first &+ 2
                child = keys[right] < keys[left] ? right : left
            } else {
                var next = first &+ 1
                while next < count {
                    if keys[next] < keys[child] { child = next }
                    next &+= 1
                }
            }
            place(keys[child], at: hole)
            hole = child
        }
        return hole
    }
}
