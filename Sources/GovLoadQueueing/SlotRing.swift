import GovLoadEngine
import GovLoadSupport

/// A growable FIFO ring of 64-bit words: one waiting line of a queue, holding packed
/// (generation, slot) references to customers.
@usableFromInline
struct SlotRing {
    @usableFromInline var storage: [UInt64] = Array(repeating: 0, count: 16)
    @usableFromInline var head = 0
    @usableFromInline var count = 0

    @usableFromInline init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    @inlinable
    mutating func append(_ value: UInt64) {
        if count == storage.count { grow() }
        storage[(head + count) & (storage.count - 1)] = value
        count += 1
    }

    @inlinable var first: UInt64? { count == 0 ? nil : storage[head] }

    @inlinable
    mutating func removeFirst() {
        head = (head + 1) & (storage.count - 1)
        count -= 1
    }

    @usableFromInline
    mutating func grow() {
        var larger = [UInt64](repeating: 0, count: storage.count * 2)
        for index in 0..<count { larger[index] = storage[(head + index) & (storage.count - 1)] }
        storage = larger
        head = 0
    }
}
