import CGovLoadSystem

/// Asks the processor to bring the cache line holding `address` in now, for a read or write that
/// comes later: a load from memory that no cache holds costs about 100 ns, and work done in
/// between hides it. A hint only — it changes no result and never faults.
@inlinable @inline(__always)
public func prefetch(_ address: UnsafeRawPointer) {
    govload_prefetch(address)
}
