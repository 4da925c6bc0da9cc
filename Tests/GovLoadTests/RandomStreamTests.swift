import CGSL
import CRandom123
import Testing

@testable import GovLoad

/// Philox4x32-10 against Random123's known-answer vectors (kat_vectors), and the keyed streams.
@Suite("Random streams")
struct RandomStreamTests {
    static func philox(_ ctr: [UInt32], _ key: [UInt32]) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: 4)
        ctr.withUnsafeBufferPointer { c in
            key.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { o in
                    govload_philox4x32_10(c.baseAddress, k.baseAddress, o.baseAddress)
                }
            }
        }
        return out
    }

    @Test("known-answer vectors")
    func knownAnswers() {
        #expect(Self.philox([0, 0, 0, 0], [0, 0]) == [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
        #expect(
            Self.philox([UInt32.max, .max, .max, .max], [.max, .max])
                == [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
        #expect(
            Self.philox([0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], [0xa409_3822, 0x299f_31d0])
                == [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1])
    }

    @Test("a stream draws Philox blocks of its key through GSL")
    func streamMatchesBlocks() {
        let key = StreamKey(seed: 0x1234_5678_9abc_def0, replication: 3, kind: .channel, entity: 7, purpose: .service)
        let stream = RandomStream(key)
        // The GSL adaptor increments the block counter first, then returns the words last-first.
        let block = Self.philox(
            [1, StreamEntityKind.channel.rawValue << 16 | StreamPurpose.service.rawValue, 7, 3],
            [0x9abc_def0, 0x1234_5678])
        let draws = (0..<4).map { _ in UInt32(truncatingIfNeeded: gsl_rng_get_value(stream)) }
        #expect(draws == block.reversed())
    }

    @Test("same key, same numbers; any part of the key changed, different numbers")
    func keyedStreams() {
        let base = StreamKey(seed: 7, replication: 0, kind: .channel, entity: 0, purpose: .arrivals)
        func draws(_ key: StreamKey) -> [Double] {
            let stream = RandomStream(key)
            return (0..<8).map { _ in stream.uniform() }
        }
        #expect(draws(base) == draws(base))
        var variants: [StreamKey] = []
        var key = base
        key.seed = 8
        variants.append(key)
        key = base
        key.replication = 1
        variants.append(key)
        key = base
        key.kind = .resident
        variants.append(key)
        key = base
        key.entity = 1
        variants.append(key)
        key = base
        key.purpose = .service
        variants.append(key)
        for variant in variants { #expect(draws(variant) != draws(base)) }
    }

    @Test("the inline exponential draws what gsl_ran_exponential draws, to rounding")
    func inlineExponential() {
        let key = StreamKey(seed: 5, replication: 1, kind: .arrivalStream, entity: 0, purpose: .arrivals)
        let inline = RandomStream(key)
        let viaGSL = RandomStream(key)
        for _ in 0..<10_000 {
            let a = inline.exponential(mean: 2.5)
            let b = gsl_ran_exponential(viaGSL.rng, 2.5)
            #expect(abs(a - b) <= 4 * b.ulp)
        }
    }

    @Test("rekeying restarts a stream")
    func rekey() {
        let key = StreamKey(seed: 99, replication: 2, kind: .resident, entity: 12345, purpose: .choice)
        let stream = RandomStream(key)
        let first = (0..<5).map { _ in stream.uniform() }
        stream.rekey(key)
        #expect((0..<5).map { _ in stream.uniform() } == first)
    }
}

private func gsl_rng_get_value(_ stream: RandomStream) -> UInt {
    stream.rng.pointee.type.pointee.get(stream.rng.pointee.state)
}
