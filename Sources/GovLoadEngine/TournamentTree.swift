import CGovLoadSystem
import GovLoadSupport

/// Timed events held in numbered places (leaves), the earliest found by a winner tree over them:
/// a multi-server queue's departures, one per busy server. Each internal node holds the earlier
/// of its two children's keys, so the root is the earliest event; changing one leaf rewrites the
/// keys on its path to the root, one level at a time with no data-dependent branch — always
/// log₂(leaves) steps whose loads do not wait on one another. (An `EventHeap` sifts through a
/// number of levels that depends on the keys, and the processor mispredicts where it stops:
/// for the M/M/c kernel's 35 servers, more than a quarter of the time went to its departure heap.)
///
/// Events are ordered by (time, sequence), as in `EventHeap`; the caller numbers them from a
/// counter it may share with an `EventHeap` (`EventHeap.schedule(_:at:sequence:)`), and
/// `firstOrder` compares across the two. Keys are unique, so the order of events does not depend
/// on which leaf holds which. The keys, the payloads and the free leaves share one buffer (a
/// small tree's fill a few adjacent lines), and the root's key is kept beside the buffer's
/// address too, so that asking when the next event is reads the owner's own memory.
/// The tree is non-copyable: its one owner frees its buffer.
public struct TournamentTree<Payload: BitwiseCopyable>: ~Copyable {
    /// The key of an empty leaf: after every event (time +∞, the largest order).
    @usableFromInline static var emptyKey: UInt128 {
        UInt128(SimTime.infinity.bitPattern) << 64 | UInt128(UInt64.max)
    }
    /// A key's low bits hold the leaf, as an `EventHeap` key's hold the payload's slot.
    @usableFromInline static var leafBits: UInt64 { EventHeap<Payload>.slotBits }

    /// The root's key (node 1's): the earliest event's, or `emptyKey`.
    @usableFromInline var root: UInt128 = Self.emptyKey
    /// Node `i`'s key at `nodes[i]`, 1 ≤ i < 2 × `leaves`: the root at 1, node i's children at
    /// 2i and 2i + 1, leaf l at `leaves` + l. A key is the event's time as its bit pattern
    /// (ordered as the times are, from +0 to +∞) over its sequence number and leaf.
    @usableFromInline var nodes: UnsafeMutablePointer<UInt128>
    /// Leaf l's event, in the same buffer after the keys.
    @usableFromInline var payloads: UnsafeMutablePointer<Payload>
    /// Leaves holding no event, a stack, in the same buffer after the payloads.
    @usableFromInline var freeLeaves: UnsafeMutablePointer<Int32>
    @usableFromInline var freeCount = 0
    /// The number of leaves, a power of two.
    @usableFromInline var leaves: Int
    @usableFromInline var levels: Int

    /// An empty tree with room for `capacity` events (rounded up to a power of two) before it
    /// first grows.
    public init(capacity: Int = 4) {
        precondition(
            UInt64(max(capacity, 1)) <= 1 << Self.leafBits, "more than 2^28 leaves asked of a tournament tree"
        )
        var leaves = 1
        var levels = 0
        while leaves < capacity {
            leaves *= 2
            levels += 1
        }
        self.leaves = leaves
        self.levels = levels
        (nodes, payloads, freeLeaves) = Self.allocate(leaves: leaves)
        for leaf in (0..<leaves).reversed() { pushFree(leaf) }
    }

    deinit { UnsafeMutableRawPointer(nodes).deallocate() }

    /// The number of events held.
    @inlinable public var count: Int { leaves - freeCount }

    /// The earliest event's place in the order of events, time then sequence, as one integer:
    /// compare it with `EventHeap.firstOrder` of a heap numbered from the same counter. An empty
    /// tree's is later than any event's.
    @inlinable public var firstOrder: UInt128 { root }

    /// The time of the earliest event, +∞ when none is held.
    @inlinable public var nextTime: SimTime { EventHeap<Payload>.Key.time(of: root) }

    /// The earliest event (the tree must not be empty).
    @inlinable public var first: Payload { payloads[firstLeaf] }

    @inlinable var firstLeaf: Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: root) & ((1 << Self.leafBits) - 1))
    }

    /// Holds `payload` at `time`, numbered `sequence` (unique, from the caller's counter).
    @inlinable
    public mutating func insert(_ payload: Payload, at time: SimTime, sequence: UInt64) {
        if freeCount == 0 { grow() }
        freeCount -= 1
        let leaf = Int(freeLeaves[freeCount])
        payloads[leaf] = payload
        update(leaf, to: Self.key(time: time, sequence: sequence, leaf: leaf))
    }

    /// Removes the earliest event (the tree must not be empty).
    @inlinable
    public mutating func removeFirst() {
        let leaf = firstLeaf
        pushFree(leaf)
        update(leaf, to: Self.emptyKey)
    }

    /// Replaces the earliest event with `payload` at `time`, numbered `sequence`, in one pass:
    /// a server that finishes one customer and starts the next (the tree must not be empty).
    @inlinable
    public mutating func replaceFirst(with payload: Payload, at time: SimTime, sequence: UInt64) {
        let leaf = firstLeaf
        payloads[leaf] = payload
        update(leaf, to: Self.key(time: time, sequence: sequence, leaf: leaf))
    }

    /// Calls `body` with every event held, in no particular order.
    public func forEachPayload(_ body: (Payload) -> Void) {
        for leaf in 0..<leaves where nodes[leaves + leaf] != Self.emptyKey { body(payloads[leaf]) }
    }

    /// Event `sequence`'s key at `time` in leaf `leaf`: an `EventHeap` key's layout.
    @inlinable @inline(__always)
    static func key(time: SimTime, sequence: UInt64, leaf: Int) -> UInt128 {
        EventHeap<Payload>.Key(time: time, order: sequence << leafBits | UInt64(leaf)).value
    }

    /// Sets leaf `leaf`'s key and rewrites the winners on its path to the root.
    @inlinable @inline(__always)
    mutating func update(_ leaf: Int, to key: UInt128) {
        let nodes = self.nodes
        var node = leaves &+ leaf
        nodes[node] = key
        var low = UInt64(truncatingIfNeeded: key)
        var high = UInt64(truncatingIfNeeded: key >> 64)
        for _ in 0..<levels {
            let sibling = nodes[node ^ 1]
            govload_keep_earlier(
                &low, &high, UInt64(truncatingIfNeeded: sibling), UInt64(truncatingIfNeeded: sibling >> 64))
            node &>>= 1
            nodes[node] = UInt128(high) << 64 | UInt128(low)
        }
        root = UInt128(high) << 64 | UInt128(low)
    }

    @inlinable @inline(__always)
    mutating func pushFree(_ leaf: Int) {
        freeLeaves[freeCount] = Int32(truncatingIfNeeded: leaf)
        freeCount += 1
    }

    /// One buffer for `leaves` leaves: the keys (every node empty), then the payloads, then the
    /// free-leaf stack. (Aligned as the keys need, not to a cache line: an over-aligned
    /// allocation goes through `memalign`, which after a large free — a study's previous run —
    /// made a day at scale 0.1 half as slow again.)
    static func allocate(leaves: Int) -> (
        UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<Payload>, UnsafeMutablePointer<Int32>
    ) {
        let keyBytes = 2 * leaves * MemoryLayout<UInt128>.stride
        let payloadStart = roundUp(keyBytes, to: MemoryLayout<Payload>.alignment)
        let freeStart = roundUp(
            payloadStart + leaves * MemoryLayout<Payload>.stride, to: MemoryLayout<Int32>.alignment)
        let buffer = UnsafeMutableRawPointer.allocate(
            byteCount: freeStart + leaves * MemoryLayout<Int32>.stride,
            alignment: max(MemoryLayout<UInt128>.alignment, MemoryLayout<Payload>.alignment))
        let nodes = buffer.bindMemory(to: UInt128.self, capacity: 2 * leaves)
        nodes.initialize(repeating: emptyKey, count: 2 * leaves)
        return (
            nodes, (buffer + payloadStart).bindMemory(to: Payload.self, capacity: leaves),
            (buffer + freeStart).bindMemory(to: Int32.self, capacity: leaves)
        )
    }

    static func roundUp(_ bytes: Int, to alignment: Int) -> Int {
        (bytes + alignment - 1) / alignment * alignment
    }

    /// Doubles the leaves (called when every leaf holds an event): the old leaves keep their
    /// numbers, so every key stays valid, and the winners are rebuilt from the leaves up.
    @usableFromInline
    mutating func grow() {
        let larger = leaves * 2
        precondition(
            UInt64(larger) <= 1 << Self.leafBits, "more than 2^28 events held in one tournament tree")
        let (grownNodes, grownPayloads, grownFree) = Self.allocate(leaves: larger)
        (grownNodes + larger).update(from: nodes + leaves, count: leaves)
        for node in (1..<larger).reversed() {
            grownNodes[node] = min(grownNodes[2 * node], grownNodes[2 * node + 1])
        }
        grownPayloads.initialize(from: payloads, count: leaves)
        UnsafeMutableRawPointer(nodes).deallocate()
        nodes = grownNodes
        payloads = grownPayloads
        freeLeaves = grownFree
        freeCount = 0
        for leaf in (leaves..<larger).reversed() { pushFree(leaf) }
        leaves = larger
        levels += 1
        root = nodes[1]
    }
}
