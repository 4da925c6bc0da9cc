#if canImport(Glibc)
    import Glibc
    import Synchronization

    /// Huge-page mappings given back by buffers that went, kept for the next buffer of the same
    /// mapped size: a study builds the same partitions run after run, and a fresh mapping costs a
    /// page fault and the kernel's zeroing per 2 MiB page — 2–3 % of a Shenzhen run, more than
    /// drawing the residents into it. (A buffer writes every element it holds before it is read,
    /// so what a kept mapping held before never shows.) At most `limit` bytes are kept; a mapping
    /// that would pass it is unmapped at once.
    enum HugePageReuse {
        /// The kept mappings: addresses (as integers, to be `Sendable`) and mapped bytes.
        private static let kept = Mutex<[(address: Int, bytes: Int)]>([])

        /// The most bytes kept: a few runs' worth of a city's residents at Shenzhen's scale.
        static var limit: Int { 512 << 20 }

        /// A kept mapping of exactly `bytes`, if there is one.
        static func take(_ bytes: Int) -> UnsafeMutableRawPointer? {
            kept.withLock { mappings in
                guard let index = mappings.lastIndex(where: { $0.bytes == bytes }) else { return nil }
                return UnsafeMutableRawPointer(bitPattern: mappings.remove(at: index).address)
            }
        }

        /// Keeps the mapping at `base` of `bytes` for a later buffer, or unmaps it if the kept
        /// mappings would pass `limit`.
        static func give(_ base: UnsafeMutableRawPointer, bytes: Int) {
            let keptIt = kept.withLock { mappings in
                guard mappings.reduce(0, { $0 + $1.bytes }) + bytes <= limit else { return false }
                mappings.append((Int(bitPattern: base), bytes))
                return true
            }
            if !keptIt { munmap(base, bytes) }
        }
    }
#endif
