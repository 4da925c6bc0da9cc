#if canImport(Glibc)
    import Glibc
#endif

/// A fixed-size buffer of plain values on 2 MiB pages where the system allows it, for large
/// tables read at random: a city partition's residents (3.3 MB each at Shenzhen's scale) span
/// some 800 ordinary 4 KiB pages, more than the processor's address cache holds, so a read of a
/// random resident first walks the page tables; on 2 MiB pages two entries cover them. On Linux
/// the buffer is aligned to 2 MiB and offered to transparent huge pages (`madvise`); elsewhere, or
/// if the kernel declines, it is an ordinary allocation — the values are the same either way.
/// Non-copyable: one owner, which frees the buffer when it goes.
public struct HugePageBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    public let count: Int

    /// The size of a huge page, and the alignment that lets the kernel use one.
    static var hugePage: Int { 2 << 20 }

    /// `count` elements, each `value`.
    public init(count: Int, repeating value: Element) {
        self.count = max(0, count)
        let bytes = max(1, self.count) * MemoryLayout<Element>.stride
        #if canImport(Glibc)
            var raw: UnsafeMutableRawPointer?
            if bytes >= Self.hugePage {
                let rounded = (bytes + Self.hugePage - 1) / Self.hugePage * Self.hugePage
                if posix_memalign(&raw, Self.hugePage, rounded) == 0, let raw {
                    _ = madvise(raw, rounded, MADV_HUGEPAGE)
                }
            }
            if raw == nil { raw = malloc(bytes) }
            guard let raw else { preconditionFailure("out of memory for \(self.count) elements") }
            base = raw.bindMemory(to: Element.self, capacity: self.count)
        #else
            base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, self.count))
        #endif
        base.initialize(repeating: value, count: self.count)
    }

    deinit {
        #if canImport(Glibc)
            free(base)
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
