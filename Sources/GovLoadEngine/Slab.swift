import GovLoadSupport

/// Values kept by slot number while a process waits for something to happen to them (a case in
/// a queue, a latent hazard, a work order), slots recycled last-freed first. A slot's generation
/// moves on when it is freed, so an event scheduled for an earlier occupant can tell it is stale.
public struct Slab<Element> {
    @usableFromInline var elements: [Element] = []
    @usableFromInline var generations: [UInt32] = []
    @usableFromInline var occupied: [Bool] = []
    @usableFromInline var free: [Int32] = []

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
        occupied[slot] = false
        generations[slot] &+= 1
        free.append(Int32(slot))
    }

    /// The element in `slot`.
    @inlinable public subscript(slot: Int) -> Element {
        get { elements[slot] }
        set { elements[slot] = newValue }
    }

    /// The generation of `slot`: how many times it has been freed.
    @inlinable public func generation(of slot: Int) -> UInt32 { generations[slot] }

    /// The slots ever used, held or free.
    @inlinable public var indices: Range<Int> { elements.indices }

    /// Whether `slot` holds an element now.
    @inlinable public func isHeld(_ slot: Int) -> Bool { occupied[slot] }

    /// Calls `body` with every held slot and its element, in slot order.
    @inlinable public func forEachHeld(_ body: (Int, Element) -> Void) {
        for slot in elements.indices where occupied[slot] { body(slot, elements[slot]) }
    }
}
