import CGSL
import CRandom123
import GovLoadSupport

/// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3",
/// SC'11) in Swift, operating on the very state Random123's GSL adaptor keeps, so the hot path can
/// be inlined into the event loop. It returns, word for word, what `gsl_rng_get` returns for the
/// same generator (checked in the tests against the C adaptor and the known-answer vectors).
@usableFromInline
enum Philox {
    @inlinable static var multiplier0: UInt32 { 0xD251_1F53 }
    @inlinable static var multiplier1: UInt32 { 0xCD9E_8D57 }
    @inlinable static var weyl0: UInt32 { 0x9E37_79B9 }
    @inlinable static var weyl1: UInt32 { 0xBB67_AE85 }

    /// One Philox4x32 round.
    @inlinable @inline(__always)
    static func round(_ c: inout (UInt32, UInt32, UInt32, UInt32), _ k0: UInt32, _ k1: UInt32) {
        let p0 = UInt64(multiplier0) &* UInt64(c.0)
        let p1 = UInt64(multiplier1) &* UInt64(c.2)
        c = (
            UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k0, UInt32(truncatingIfNeeded: p1),
            UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k1, UInt32(truncatingIfNeeded: p0)
        )
    }

    /// Ten rounds of Philox4x32 on `counter` under `key`, unrolled; the key is bumped by the Weyl
    /// constants between rounds.
    @inlinable
    static func block(
        _ counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = counter
        let (k0, k1) = key
        round(&c, k0, k1)
        round(&c, k0 &+ weyl0, k1 &+ weyl1)
        round(&c, k0 &+ 2 &* weyl0, k1 &+ 2 &* weyl1)
        round(&c, k0 &+ 3 &* weyl0, k1 &+ 3 &* weyl1)
        round(&c, k0 &+ 4 &* weyl0, k1 &+ 4 &* weyl1)
        round(&c, k0 &+ 5 &* weyl0, k1 &+ 5 &* weyl1)
        round(&c, k0 &+ 6 &* weyl0, k1 &+ 6 &* weyl1)
        round(&c, k0 &+ 7 &* weyl0, k1 &+ 7 &* weyl1)
        round(&c, k0 &+ 8 &* weyl0, k1 &+ 8 &* weyl1)
        round(&c, k0 &+ 9 &* weyl0, k1 &+ 9 &* weyl1)
        return c
    }

    /// The next 32-bit word of the generator `rng` (a Philox generator from `govload_philox_alloc`).
    @inlinable @inline(__always)
    static func nextWord(_ rng: UnsafeMutablePointer<gsl_rng>) -> UInt32 {
        let state = rng.pointee.state.assumingMemoryBound(to: govload_philox_state.self)
        if state.pointee.elem == 0 { refill(state) }
        state.pointee.elem &-= 1
        // Word `elem` of the block `r`, which follows the counter: one load, not a four-way branch.
        let offset = MemoryLayout<philox4x32_ctr_t>.stride + 4 * Int(state.pointee.elem)
        return UnsafeRawPointer(state).load(fromByteOffset: offset, as: UInt32.self)
    }

    /// Advances the counter as the adaptor does and encrypts the next block.
    @inlinable @inline(__always)
    static func refill(_ state: UnsafeMutablePointer<govload_philox_state>) {
        state.pointee.ctr.v.0 &+= 1
        if state.pointee.ctr.v.0 == 0 { state.pointee.ctr.v.1 &+= 1 }
        if state.pointee.ctr.v.1 == 0 { state.pointee.ctr.v.2 &+= 1 }
        if state.pointee.ctr.v.2 == 0 { state.pointee.ctr.v.3 &+= 1 }
        let out = block(state.pointee.ctr.v, key: state.pointee.key.v)
        state.pointee.r.v = out
        state.pointee.elem = 4
    }
}
