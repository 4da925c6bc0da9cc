import CGSL
import CRandom123
import Foundation
import GovLoadSupport

/// What a random stream is for: the last part of a stream's key. Each stochastic purpose draws
/// from its own stream, so that a change in one part of a scenario (a policy, a staffing level)
/// leaves every other draw as it was: this is what makes common random numbers common.
///
/// The engine knows no purposes; the model names its own (`StreamPurpose.service`, …) as static
/// constants. Raw values are part of the stream key and so of every result: never renumber them.
public struct StreamPurpose: RawRepresentable, Hashable, Sendable {
    /// The value in the key.
    public let rawValue: UInt32
    /// A purpose with this value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
}

/// The kind of entity a stream belongs to: the third part of a stream's key. Named by the model
/// (`StreamEntityKind.partition`, …). Raw values are part of the stream key: never renumber them.
public struct StreamEntityKind: RawRepresentable, Hashable, Sendable {
    /// The value in the key.
    public let rawValue: UInt32
    /// A kind with this value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
}

/// The identity of one reproducible random stream: (seed, replication, entity kind, entity id,
/// purpose), DESIGN §4. Two runs that build the same key draw the same numbers.
public struct StreamKey: Hashable, Sendable {
    /// The scenario's (or the command line's) seed.
    public var seed: UInt64
    /// The replication, counted from 0.
    public var replication: UInt32
    /// The kind of entity the stream belongs to.
    public var kind: StreamEntityKind
    /// The entity's index among entities of its kind.
    public var entity: UInt32
    /// What the stream is for.
    public var purpose: StreamPurpose

    /// Creates a stream key.
    public init(
        seed: UInt64, replication: UInt32, kind: StreamEntityKind, entity: UInt32,
        purpose: StreamPurpose
    ) {
        self.seed = seed
        self.replication = replication
        self.kind = kind
        self.entity = entity
        self.purpose = purpose
    }
}

/// A Philox4x32-10 counter-based random stream (Random123) behind GSL's `gsl_rng` interface, so
/// that GSL's `gsl_ran_*` distributions draw from it.
///
/// A stream is owned by one logical process at a time and is not thread-safe.
public final class RandomStream {
    /// The underlying GSL generator; valid for the lifetime of this object.
    public let rng: UnsafeMutablePointer<gsl_rng>

    /// Creates the stream identified by `key`, positioned at its first draw.
    public init(_ key: StreamKey) {
        GSL.disableAbortOnError()
        guard let rng = govload_philox_alloc() else {
            // gsl_rng_alloc fails only when malloc does: nothing sensible is left to do.
            fatalError("out of memory allocating a random stream")
        }
        self.rng = rng
        rekey(key)
    }

    /// Points this stream at the start of the stream identified by `key` (no allocation).
    public func rekey(_ key: StreamKey) {
        govload_philox_key(
            rng, key.seed, key.replication, key.kind.rawValue, key.entity, key.purpose.rawValue)
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform draw in (0, 1), 32-bit resolution: `gsl_rng_uniform_pos`'s numbers, drawn in
    /// Swift (`Philox`) without GSL's two calls through function pointers.
    @inlinable public func uniformPositive() -> Double {
        while true {
            let word = Philox.nextWord(rng)
            if word != 0 { return Double(word) / 4_294_967_296.0 }
        }
    }

    /// A uniform draw in [0, 1), 32-bit resolution: `gsl_rng_uniform`'s numbers (the adaptor's
    /// word over 2³²), drawn in Swift (`Philox`).
    @inlinable @inline(__always) public func uniform() -> Double { Self.uniform(rng) }

    /// `uniform()` on a raw generator.
    @inlinable @inline(__always)
    public static func uniform(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        Double(Philox.nextWord(rng)) / 4_294_967_296.0
    }

    /// An exponential draw with the given mean, by the ziggurat method (`ZigguratExponential`):
    /// exact, and several times cheaper than GSL's −mean · log1p(−u).
    @inlinable public func exponential(mean: Double) -> Double { Self.exponential(rng, mean: mean) }

    /// `exponential(mean:)` on a raw generator: the hot path, free of reference counting.
    @inlinable @inline(__always)
    public static func exponential(_ rng: UnsafeMutablePointer<gsl_rng>, mean: Double) -> Double {
        mean * ZigguratExponential.tables.next(rng)
    }

    /// A Bernoulli trial: true with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { uniform() < p }
}
