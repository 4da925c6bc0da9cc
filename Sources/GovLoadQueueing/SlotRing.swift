import GovLoadEngine
import GovLoadSupport

/// A growable FIFO ring of 64-bit words: one waiting line of a queue, holding packed
/// (generation, slot) references to customers. Its buffer is managed by hand (no reference
/// counting or uniqueness check per customer); the queue that owns it calls `deallocate()` once.
@usableFromInline
struct SlotRing {
    /// The buffer, nil until the first append.
    @usableFromInline var buffer: UnsafeMutablePointer<UInt64>?
    /// The buffer's size minus one (the size is 0 or a power of two).
    @usableFromInline var mask: Int
    @usableFromInline var head = 0
    @usableFromInline var count = 0

    /// An empty ring; its buffer is allocated on the first append (a city has tens of thousands
    /// of lines that never hold anyone).
    @usableFromInline init() {
        mask = -1
        buffer = nil
    }

    /// Frees the buffer; the ring is not used again.
    @usableFromInline func deallocate() { buffer?.deallocate() }

    /// The buffer, once something was appended (so that it exists).
    @inlinable var storage: UnsafeMutablePointer<UInt64> {
        @inline(__always) get { buffer.unsafelyUnwrapped }
    }

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable @inline(__always)
    mutating func append(_ value: UInt64) {
        if count > mask { grow() }
        storage[(head &+ count) & mask] = value
        count += 1
    }

    @inlinable var first: UInt64? { count == 0 ? nil : storage[head] }

    @inlinable @inline(__always)
    mutating func removeFirst() {
        head = (head &+ 1) & mask
        count -= 1
    }

    @usableFromInline
    mutating func grow() {
        let size = max(8, (mask + 1) * 2)
        let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        if let buffer {
            for index in 0..<count { larger[index] = buffer[(head + index) & mask] }
            buffer.deallocate()
        }
        buffer = larger
        mask = size - 1
        head = 0
    }
}
