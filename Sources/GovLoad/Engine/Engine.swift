import Dispatch

/// Counts the engine keeps about a run, for profiling and for the manifest.
public struct EngineStatistics: Sendable, Equatable {
    /// Synchronisation windows executed (each costs one barrier).
    public var windows: Int = 0
    /// Messages delivered between processes.
    public var messages: Int = 0
    /// Wall seconds in the parallel phases, in which processes receive their messages and advance.
    public var phaseSeconds: Double = 0
    /// Seconds processes spent receiving and advancing, summed over processes: the work.
    public var busySeconds: Double = 0
    /// Thread-seconds spent waiting at the end of a phase for the slowest process, or for a thread
    /// to wake: `threads × phaseSeconds − busySeconds`.
    public var waitingSeconds: Double = 0
    /// Wall seconds between phases, on one thread: finding the next window.
    public var serialSeconds: Double = 0
}

/// The conservative, window-synchronised parallel event engine (DESIGN §4).
///
/// Simulated time advances in windows. A window starts at the earliest pending event or message
/// of any process (empty stretches of time cost nothing) and is `lookahead` long. Within a window
/// every process first receives the messages sent to it in the previous window, sorted by (time,
/// source, sequence), then advances on its own, in parallel with the others. Because every message
/// takes effect at or after the end of the window in which it was sent, no process ever receives a
/// message from its past, and the result is the same for any number of threads.
///
/// A run whose processes never exchange messages (`lookahead` = ∞) runs each process to the
/// horizon in one go: it pays no barrier at all. Otherwise a window is paid only for stretches of
/// time in which something happens.
///
/// The threads are a ``WorkCrew`` kept for the whole run, and each window hands out the
/// processes that took longest lately first, so that a big process does not start last.
public final class Engine<Message> {
    /// The processes, in the fixed order that defines their indices (partitions, then hubs).
    public let processes: [any LogicalProcess<Message>]
    /// The minimum latency of any cross-process effect, and so the window length (seconds).
    public let lookahead: SimTime
    /// How many threads run processes.
    public let executor: ParallelExecutor
    /// Counts for this run.
    public private(set) var statistics = EngineStatistics()

    private let mailroom: Mailroom<Message>
    /// Per process, touched only by the thread running that process: its outbox, its inbox (the
    /// messages of the previous window, reused from window to window) and how long its last
    /// step took (nanoseconds).
    private let outboxes: UnsafeMutableBufferPointer<Outbox<Message>>
    private let inboxes: UnsafeMutableBufferPointer<[Envelope<Message>]>
    private let durations: UnsafeMutableBufferPointer<UInt64>
    /// Each process's recent cost (nanoseconds, smoothed), and the order processes are handed
    /// out in: the costliest first.
    private var costs: [Double]
    private var order: [Int]

    /// Creates an engine over `processes` with the given lookahead (seconds, > 0; ∞ when the
    /// processes never exchange messages).
    public init(
        processes: [any LogicalProcess<Message>], lookahead: SimTime, executor: ParallelExecutor
    ) {
        precondition(lookahead > 0, "the engine's lookahead must be positive")
        self.processes = processes
        self.lookahead = lookahead
        self.executor = executor
        let mailroom = Mailroom<Message>(processCount: processes.count)
        self.mailroom = mailroom
        self.outboxes = .allocate(capacity: processes.count)
        _ = outboxes.initialize(from: processes.indices.map { Outbox(source: $0, mailroom: mailroom) })
        self.inboxes = .allocate(capacity: processes.count)
        inboxes.initialize(repeating: [])
        self.durations = .allocate(capacity: processes.count)
        durations.initialize(repeating: 0)
        self.costs = Array(repeating: 0, count: processes.count)
        self.order = Array(processes.indices)
    }

    deinit {
        outboxes.deinitialize().deallocate()
        inboxes.deinitialize().deallocate()
        durations.deinitialize().deallocate()
    }

    /// Runs every process up to (not including) `horizon`, and delivers the messages sent in the
    /// last window.
    public func run(until horizon: SimTime) {
        let isolated = lookahead == .infinity
        let crew = WorkCrew(threads: min(executor.threads, processes.count))
        defer { crew.stop() }
        var parity = 0
        var earliestMessage = SimTime.infinity
        var unreceived = false
        var serialStart = DispatchTime.now().uptimeNanoseconds
        while true {
            var start = earliestMessage
            for process in processes { start = min(start, process.nextEventTime) }
            guard start < horizon else { break }
            let end = isolated ? horizon : min(start + lookahead, horizon)
            statistics.serialSeconds += seconds(since: serialStart)
            phase(crew, receiveSide: unreceived ? 1 - parity : nil, advanceUntil: end, parity: parity)
            serialStart = DispatchTime.now().uptimeNanoseconds
            var count = 0
            earliestMessage = .infinity
            for outbox in outboxes {
                count += outbox.sentInWindow
                earliestMessage = min(earliestMessage, outbox.earliest)
            }
            precondition(
                !isolated || count == 0, "a process sent a message in a run declared free of messages")
            statistics.messages += count
            statistics.windows += 1
            unreceived = count > 0
            parity ^= 1
            if statistics.windows % 64 == 0 { reorder() }
            if isolated { break }
        }
        statistics.serialSeconds += seconds(since: serialStart)
        if unreceived { phase(crew, receiveSide: 1 - parity, advanceUntil: nil, parity: parity) }
    }

    /// One parallel phase: every process receives the messages on `receiveSide` (if any) and
    /// advances until `end` (if any), writing its messages on side `parity`.
    private func phase(_ crew: WorkCrew, receiveSide: Int?, advanceUntil end: SimTime?, parity: Int) {
        let started = DispatchTime.now().uptimeNanoseconds
        let order = self.order
        crew.run(order.count) { task in
            self.step(order[task], receiveSide: receiveSide, advanceUntil: end, parity: parity)
        }
        let wall = seconds(since: started)
        var busy: UInt64 = 0
        for index in durations.indices {
            busy += durations[index]
            costs[index] = 0.9 * costs[index] + 0.1 * Double(durations[index])
        }
        statistics.phaseSeconds += wall
        statistics.busySeconds += Double(busy) / 1e9
        statistics.waitingSeconds += max(0, Double(crew.threads) * wall - Double(busy) / 1e9)
    }

    /// Process `index`'s part of a phase; touches only that process, its inbox, its outbox, its
    /// duration slot and the mailroom lists addressed to it or sent by it.
    private func step(_ index: Int, receiveSide: Int?, advanceUntil end: SimTime?, parity: Int) {
        let started = DispatchTime.now().uptimeNanoseconds
        let process = processes[index]
        if let side = receiveSide {
            mailroom.collect(parity: side, destination: index, into: &inboxes[index])
            if !inboxes[index].isEmpty {
                inboxes[index].sort { a, b in
                    if a.time != b.time { return a.time < b.time }
                    if a.source != b.source { return a.source < b.source }
                    return a.sequence < b.sequence
                }
                for envelope in inboxes[index] { process.receive(envelope) }
                inboxes[index].removeAll(keepingCapacity: true)
            }
        }
        if let end {
            outboxes[index].begin(windowEnd: end, parity: parity)
            process.advance(until: end, outbox: &outboxes[index])
        }
        durations[index] = DispatchTime.now().uptimeNanoseconds - started
    }

    /// Hands out the costliest processes first from now on (ties by index, so the order is stable).
    private func reorder() {
        order.sort { a, b in costs[a] != costs[b] ? costs[a] > costs[b] : a < b }
    }

    private func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
