import GovLoadSupport

/// A growable list of plain values managed by hand, for the innermost loops: appending, taking
/// the last and reading by index pay no reference counting, no uniqueness (copy-on-write) check
/// and, in release builds, no bounds check — the costs a Swift `Array` adds to every such step,
/// which were a tenth of a queue's work per customer. The list is non-copyable: it has exactly one
/// owner, which frees its buffer when it goes. Indices are checked by `assert` only: the owner's
/// bookkeeping (slot numbers it handed out itself) is what keeps them in range.
///
/// Write `list[i] = list[i] + 1`, not `list[i] += 1` (nor `list[i].field += 1`): a compound
/// assignment through the in-place accessors crashes Swift 6.3.1's compiler in ThreadSanitizer
/// builds ("Invalid bitcast"), as `scripts/test.sh` finds.
public struct RawList<Element: BitwiseCopyable>: ~Copyable {
    /// The buffer, nil until the first element (a city has tens of thousands of queues whose
    /// lists never hold anything, and an allocation of nothing still costs a heap block).
    @usableFromInline var buffer: UnsafeMutablePointer<Element>?
    @usableFromInline var capacity: Int
    @usableFromInline var storedCount = 0
    /// The number of elements.
    @inlinable public var count: Int { storedCount }

    /// An empty list with room for `capacity` elements before it first grows (none by default:
    /// the buffer is allocated on the first append).
    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 0)
        buffer = self.capacity > 0 ? .allocate(capacity: self.capacity) : nil
    }

    deinit { buffer?.deallocate() }

    /// The buffer, for an index already known to be in range (so the buffer exists).
    @inlinable var base: UnsafeMutablePointer<Element> {
        @inline(__always) get { buffer.unsafelyUnwrapped }
    }

    /// Whether the list has no element.
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The element at `index` (0 ..< `count`), read and changed in place.
    @inlinable public subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(address(of: index)) }
        @inline(__always) nonmutating unsafeMutableAddress { address(of: index) }
    }

    /// Where the element at `index` (0 ..< `count`) lies: for this module's in-place accessors
    /// (`Slab`'s too), not for callers, who read and write through the subscript.
    @inlinable @inline(__always)
    func address(of index: Int) -> UnsafeMutablePointer<Element> {
        assert(index >= 0 && index < count, "RawList index \(index) out of 0..<\(count)")
        return base + index
    }

    /// Adds `element` at the end.
    @inlinable @inline(__always)
    public mutating func append(_ element: Element) {
        if storedCount == capacity { grow() }
        base[storedCount] = element
        storedCount += 1
    }

    /// Removes and returns the last element; nil if the list is empty.
    @inlinable @inline(__always)
    public mutating func popLast() -> Element? {
        guard storedCount > 0 else { return nil }
        storedCount -= 1
        return base[storedCount]
    }

    /// Empties the list, keeping its buffer.
    @inlinable public mutating func removeAll() { storedCount = 0 }

    /// Calls `body` with every element, in order.
    @inlinable
    public func forEachElement(_ body: (Element) throws -> Void) rethrows {
        for index in 0..<count { try body(base[index]) }
    }

    @usableFromInline
    mutating func grow() {
        let larger = max(8, capacity * 2)
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        if let buffer {
            moved.update(from: buffer, count: count)
            buffer.deallocate()
        }
        buffer = moved
        capacity = larger
    }
}
