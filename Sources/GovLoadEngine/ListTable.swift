/// Many short lists of plain values, one per index — a city partition keeps one per grid cell —
/// each in a buffer managed by hand. An array of arrays pays, per list touched, a reference
/// count, a uniqueness check and a miss on the inner array's header before its first element;
/// here the lists' counts lie side by side (asking whether a list is empty reads one of them),
/// and a list's elements can be fetched ahead of a walk (`prefetch(_:)`). Non-copyable: the
/// table has one owner, which frees every buffer when it goes.
public struct ListTable<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline struct Header {
        @usableFromInline var buffer: UnsafeMutablePointer<Element>?
        @usableFromInline var count: Int32
        @usableFromInline var capacity: Int32
    }

    @usableFromInline let headers: UnsafeMutablePointer<Header>
    /// The number of lists.
    public let lists: Int

    /// `lists` empty lists (no buffer is allocated until a list's first element).
    public init(lists: Int) {
        self.lists = max(0, lists)
        headers = .allocate(capacity: max(1, self.lists))
        headers.initialize(repeating: Header(buffer: nil, count: 0, capacity: 0), count: self.lists)
    }

    deinit {
        for list in 0..<lists { headers[list].buffer?.deallocate() }
        headers.deallocate()
    }

    /// The number of elements in list `list` (0 ..< `lists`).
    @inlinable public func count(of list: Int) -> Int {
        assert(list >= 0 && list < lists, "list \(list) out of 0..<\(lists)")
        return Int(headers[list].count)
    }

    /// Adds `element` at the end of list `list`.
    @inlinable
    public mutating func append(_ element: Element, to list: Int) {
        assert(list >= 0 && list < lists, "list \(list) out of 0..<\(lists)")
        let header = headers + list
        if header.pointee.count == header.pointee.capacity { grow(list) }
        header.pointee.buffer.unsafelyUnwrapped[Int(header.pointee.count)] = element
        header.pointee.count = header.pointee.count &+ 1
    }

    /// Asks for list `list`'s first elements ahead of a walk over them (`prefetch(_:)`).
    @inlinable
    public func prefetch(_ list: Int) {
        if let buffer = headers[list].buffer { GovLoadEngine.prefetch(buffer) }
    }

    /// Removes from list `list` the elements for which `shouldRemove` is true, keeping the others
    /// in order, in place; `shouldRemove` sees every element once, in order.
    @inlinable
    public mutating func removeAll(from list: Int, where shouldRemove: (Element) -> Bool) {
        assert(list >= 0 && list < lists, "list \(list) out of 0..<\(lists)")
        let header = headers + list
        guard let buffer = header.pointee.buffer else { return }
        let count = Int(header.pointee.count)
        var kept = 0
        for index in 0..<count {
            let element = buffer[index]
            if !shouldRemove(element) {
                buffer[kept] = element
                kept += 1
            }
        }
        header.pointee.count = Int32(kept)
    }

    @usableFromInline
    mutating func grow(_ list: Int) {
        let header = headers + list
        let capacity = Int(header.pointee.capacity)
        let larger = max(4, capacity * 2)
        precondition(larger <= Int(Int32.max), "a list of more than 2^31 − 1 elements")
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        if let buffer = header.pointee.buffer {
            moved.update(from: buffer, count: Int(header.pointee.count))
            buffer.deallocate()
        }
        header.pointee.buffer = moved
        header.pointee.capacity = Int32(larger)
    }
}
