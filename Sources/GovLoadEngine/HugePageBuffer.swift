#if canImport(Glibc)
    import Glibc
#endif

/// A fixed-size buffer of plain values on 2 MiB pages where the system allows it, for large
/// tables read at random: a city partition's residents (3.3 MB each at Shenzhen's scale) span
/// some 800 ordinary 4 KiB pages, more than the processor's address cache holds, so a read of a
/// random resident first walks the page tables; on 2 MiB pages two entries cover them. On Linux
/// a buffer of at least one huge page is mapped by itself (`mmap`), aligned to 2 MiB and offered
/// to transparent huge pages (`madvise`), and when it goes its mapping is kept for the next buffer
/// of that size (`HugePageReuse`, up to a bound) or unmapped — through `malloc` it would stay in
/// the allocator's arenas after a run and a study's memory would grow run by run. Smaller
/// buffers, other systems, or a kernel that declines: an ordinary allocation, the same values.
/// Non-copyable: one owner, which frees the buffer when it goes.
public struct HugePageBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    public let count: Int
    /// The bytes mapped for the buffer (0 when it came from `malloc`).
    @usableFromInline let mappedBytes: Int

    /// The size of a huge page, and the alignment that lets the kernel use one.
    static var hugePage: Int { 2 << 20 }

    /// `count` elements, each `value`.
    public init(count: Int, repeating value: Element) {
        self.count = max(0, count)
        let bytes = max(1, self.count) * MemoryLayout<Element>.stride
        #if canImport(Glibc)
            if bytes >= Self.hugePage, let mapped = Self.mapAligned(bytes) {
                (base, mappedBytes) = (
                    mapped.base.bindMemory(to: Element.self, capacity: self.count), mapped.bytes
                )
            } else {
                guard let raw = malloc(bytes) else {
                    preconditionFailure("out of memory for \(self.count) elements")
                }
                (base, mappedBytes) = (raw.bindMemory(to: Element.self, capacity: self.count), 0)
            }
        #else
            (base, mappedBytes) = (UnsafeMutablePointer<Element>.allocate(capacity: max(1, self.count)), 0)
        #endif
        base.initialize(repeating: value, count: self.count)
    }

    #if canImport(Glibc)
        /// `bytes` rounded up to whole huge pages, mapped at a 2 MiB boundary (one page more is
        /// mapped, and what lies outside the aligned span unmapped again), offered to huge pages;
        /// nil if the system refuses the mapping.
        static func mapAligned(_ bytes: Int) -> (base: UnsafeMutableRawPointer, bytes: Int)? {
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            if let kept = HugePageReuse.take(rounded) { return (kept, rounded) }
            guard
                let mapped = mmap(
                    nil, rounded + hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                mapped != MAP_FAILED
            else { return nil }
            let address = Int(bitPattern: mapped)
            let head = (hugePage - address % hugePage) % hugePage
            if head > 0 { munmap(mapped, head) }
            munmap(mapped + head + rounded, hugePage - head)
            _ = madvise(mapped + head, rounded, MADV_HUGEPAGE)
            return (mapped + head, rounded)
        }
    #endif

    deinit {
        #if canImport(Glibc)
            if mappedBytes > 0 { HugePageReuse.give(base, bytes: mappedBytes) } else { free(base) }
        #else
            base.deallocate()
        #endif
    }

    /// The element at `index` (0 ..< `count`), read and changed in place.
    @inlinable public subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
            return UnsafePointer(base + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
            return base + index
        }
    }

    /// Asks for the element at `index` ahead of its use (`prefetch(_:)`).
    @inlinable @inline(__always)
    public func prefetch(_ index: Int) {
        GovLoadEngine.prefetch(base + index)
    }
}
