import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// The engine's message passing: processes that send each other timestamped messages.
@Suite("Engine messages")
struct EngineTests {
    /// A process with its own Poisson "pings"; each ping sends a message to another process after
    /// a random latency of at least the lookahead. It logs what it receives and when it handles it.
    final class Relay: LogicalProcess {
        typealias Message = Int
        let index: Int
        let count: Int
        let lookahead: SimTime
        let stream: RandomStream
        var events = EventHeap<(kind: Int, value: Int)>()
        var clock: SimTime = 0
        var received: [(time: SimTime, source: Int, value: Int)] = []
        var handledInPast = 0
        var sent = 0

        init(index: Int, count: Int, lookahead: SimTime, seed: UInt64) {
            self.index = index
            self.count = count
            self.lookahead = lookahead
            stream = RandomStream(
                StreamKey(
                    seed: seed, replication: 0, kind: .partition, entity: UInt32(index), purpose: .arrivals))
            events.schedule((0, 0), at: stream.exponential(mean: 30))
        }

        var nextEventTime: SimTime { events.nextTime }

        func advance(until end: SimTime, outbox: inout Outbox<Int>) {
            while events.nextTime < end, let entry = events.popFirst() {
                if entry.time < clock { handledInPast += 1 }
                clock = entry.time
                if entry.payload.kind == 0 {
                    // a ping: message a random other process, then schedule the next ping
                    let target = (index + 1 + Int(stream.uniform() * Double(count - 1))) % count
                    let latency = lookahead * (1 + stream.uniform())
                    outbox.send(sent, to: target, at: entry.time + latency)
                    sent += 1
                    events.schedule((0, 0), at: entry.time + stream.exponential(mean: 30))
                } else {
                    // a delivered message takes effect now
                    received.append((entry.time, entry.payload.kind - 1, entry.payload.value))
                }
            }
            clock = max(clock, end)
        }

        func receive(_ envelope: Envelope<Int>) {
            if envelope.time < clock { handledInPast += 1 }
            events.schedule((envelope.source + 1, envelope.message), at: envelope.time)
        }
    }

    static func run(threads: Int, lookahead: SimTime = 60) -> (
        logs: [[String]], relays: [Relay], stats: EngineStatistics
    ) {
        let relays = (0..<6).map { Relay(index: $0, count: 6, lookahead: lookahead, seed: 42) }
        let engine = Engine<Int>(
            processes: relays, lookahead: lookahead, executor: ParallelExecutor(threads: threads))
        engine.run(until: 2 * SimClock.day)
        let logs = relays.map { relay in relay.received.map { "\($0.time) \($0.source) \($0.value)" } }
        return (logs, relays, engine.statistics)
    }

    @Test("messages are delivered identically for 1, 2 and 4 threads, never into a receiver's past")
    func deterministicDelivery() {
        let one = Self.run(threads: 1)
        let two = Self.run(threads: 2)
        let four = Self.run(threads: 4)
        #expect(one.logs == two.logs)
        #expect(one.logs == four.logs)
        let sent = one.relays.reduce(0) { $0 + $1.sent }
        let received = one.logs.reduce(0) { $0 + $1.count }
        #expect(sent > 1_000)
        // every message sent before the last window's deliveries came due was received
        #expect(received <= sent && sent - received < 50)
        #expect(one.stats.messages == sent)
        #expect(one.relays.allSatisfy { $0.handledInPast == 0 })
        // empty stretches of time are skipped: far fewer windows than minutes in two days
        #expect(one.stats.windows < 2 * 1_440)
    }

    @Test("messages from one sender at the same instant keep their sending order")
    func tiesKeepOrder() {
        final class Burst: LogicalProcess {
            typealias Message = Int
            var fired = false
            var got: [Int] = []
            let isSender: Bool
            init(isSender: Bool) { self.isSender = isSender }
            var nextEventTime: SimTime { isSender && !fired ? 0 : .infinity }
            func advance(until end: SimTime, outbox: inout Outbox<Int>) {
                guard isSender, !fired else { return }
                fired = true
                for value in 0..<100 { outbox.send(value, to: 1, at: 10) }
            }
            func receive(_ envelope: Envelope<Int>) { got.append(envelope.message) }
        }
        let sender = Burst(isSender: true)
        let receiver = Burst(isSender: false)
        let engine = Engine<Int>(
            processes: [sender, receiver], lookahead: 10, executor: ParallelExecutor(threads: 2))
        engine.run(until: 100)
        #expect(receiver.got == Array(0..<100))
    }
}
