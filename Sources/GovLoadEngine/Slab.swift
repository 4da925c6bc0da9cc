import GovLoadSupport

/// Values kept by slot number while a process waits for something to happen to them (a case in
/// a queue, a latent hazard, a work order), slots recycled last-freed first. A slot's generation
/// moves on when it is freed, so an event scheduled for an earlier occupant can tell it is stale.
///
/// The slab lives in hand-managed buffers (`RawList`): holding, releasing and changing an
/// element in place pay no reference counting or copy-on-write check. It is non-copyable: its
/// owner (a logical process) is the only one.
public struct Slab<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline var elements = RawList<Element>()
    @usableFromInline var generations = RawList<UInt32>()
    @usableFromInline var occupied = RawList<Bool>()
    @usableFromInline var free = RawList<Int32>()

    /// An empty slab.
    @inlinable public init() {}

    /// Keeps `element` and returns its slot.
    @inlinable public mutating func hold(_ element: Element) -> Int32 {
        if let slot = free.popLast() {
            elements[Int(slot)] = element
            occupied[Int(slot)] = true
            return slot
        }
        elements.append(element)
        generations.append(0)
        occupied.append(true)
        return Int32(elements.count - 1)
    }

    /// Frees `slot` for reuse.
    @inlinable public mutating func release(_ slot: Int) {
        precondition(slot >= 0 && slot < elements.count, "no slot \(slot) in the slab")
        occupied[slot] = false
        generations[slot] = generations[slot] &+ 1
        free.append(Int32(slot))
    }

    /// The element in `slot`, read and changed in place.
    @inlinable public subscript(slot: Int) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(elements.address(of: slot)) }
        @inline(__always) nonmutating unsafeMutableAddress { elements.address(of: slot) }
    }

    /// The generation of `slot`: how many times it has been freed.
    @inlinable public func generation(of slot: Int) -> UInt32 { generations[slot] }

    /// The slots ever used, held or free.
    @inlinable public var indices: Range<Int> { 0..<elements.count }

    /// Whether `slot` holds an element now.
    @inlinable public func isHeld(_ slot: Int) -> Bool { occupied[slot] }

    /// Calls `body` with every held slot and its element, in slot order.
    @inlinable public func forEachHeld(_ body: (Int, Element) -> Void) {
        for slot in 0..<elements.count where occupied[slot] { body(slot, elements[slot]) }
    }
}
