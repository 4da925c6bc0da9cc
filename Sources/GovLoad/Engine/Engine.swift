import Dispatch

/// Counts the engine keeps about a run, for profiling and for the manifest.
public struct EngineStatistics: Sendable, Equatable {
    /// Synchronisation windows executed (each costs one barrier).
    public var windows: Int = 0
    /// Messages delivered between processes.
    public var messages: Int = 0
    /// Wall seconds spent with processes advancing (all of them, in parallel).
    public var advanceSeconds: Double = 0
    /// Wall seconds spent between windows, sorting and delivering messages: the barriers.
    public var barrierSeconds: Double = 0
}

/// The conservative, window-synchronised parallel event engine (DESIGN §4).
///
/// Simulated time advances in windows. A window starts at the earliest pending event of any
/// process (empty stretches of time cost nothing) and is `lookahead` long. Within a window every
/// process advances on its own, in parallel; afterwards the messages they sent are sorted by
/// (time, source, sequence) and delivered one by one. Because every message takes effect at or
/// after the end of the window in which it was sent, no process ever receives a message from its
/// past, and the result is the same for any number of threads.
///
/// A run whose processes never exchange messages (`lookahead` = ∞) runs each process to the
/// horizon in one go: it pays no barrier at all. Otherwise a window is paid only for stretches of
/// time in which something happens.
public final class Engine<Message> {
    /// The processes, in the fixed order that defines their indices (partitions, then hubs).
    public let processes: [any LogicalProcess<Message>]
    /// The minimum latency of any cross-process effect, and so the window length (seconds).
    public let lookahead: SimTime
    /// Runs processes in parallel.
    public let executor: ParallelExecutor
    /// Counts for this run.
    public private(set) var statistics = EngineStatistics()

    private var outboxes: [Outbox<Message>]
    /// Each destination's messages of the current window, reused from window to window.
    private var inboxes: [[Envelope<Message>]]

    /// Creates an engine over `processes` with the given lookahead (seconds, > 0; ∞ when the
    /// processes never exchange messages).
    public init(
        processes: [any LogicalProcess<Message>], lookahead: SimTime, executor: ParallelExecutor
    ) {
        precondition(lookahead > 0, "the engine's lookahead must be positive")
        self.processes = processes
        self.lookahead = lookahead
        self.executor = executor
        self.outboxes = processes.indices.map { Outbox(source: $0) }
        self.inboxes = Array(repeating: [], count: processes.count)
    }

    /// Runs every process up to (not including) `horizon`.
    public func run(until horizon: SimTime) {
        let isolated = lookahead == .infinity
        while true {
            var start = SimTime.infinity
            for process in processes { start = min(start, process.nextEventTime) }
            guard start < horizon else { break }
            let end = isolated ? horizon : min(start + lookahead, horizon)
            let started = DispatchTime.now().uptimeNanoseconds
            advanceAll(until: end)
            let advanced = DispatchTime.now().uptimeNanoseconds
            deliver(windowEnd: end, isolated: isolated)
            statistics.advanceSeconds += Double(advanced - started) / 1e9
            statistics.barrierSeconds += Double(DispatchTime.now().uptimeNanoseconds - advanced) / 1e9
            statistics.windows += 1
            if isolated { break }
        }
    }

    private func advanceAll(until end: SimTime) {
        let processes = self.processes
        outboxes.withUnsafeMutableBufferPointer { boxes in
            let boxes = UnsafeSendableBuffer(boxes)
            executor.forEach(processes.count) { index in
                processes[index].advance(until: end, outbox: &boxes.buffer[index])
            }
        }
    }

    /// Delivers the window's messages. Each destination receives its own in (time, source,
    /// sequence) order — the order a single global sort would give it — and destinations are
    /// served in parallel: a process's `receive` touches only its own state.
    private func deliver(windowEnd: SimTime, isolated: Bool) {
        var count = 0
        for index in outboxes.indices where !outboxes[index].envelopes.isEmpty {
            for envelope in outboxes[index].envelopes { inboxes[envelope.destination].append(envelope) }
            count += outboxes[index].envelopes.count
            outboxes[index].envelopes.removeAll(keepingCapacity: true)
        }
        guard count > 0 else { return }
        precondition(!isolated, "a process sent a message in a run declared free of messages")
        let processes = self.processes
        inboxes.withUnsafeMutableBufferPointer { inboxes in
            let inboxes = UnsafeSendableBuffer(inboxes)
            executor.forEach(processes.count) { destination in
                guard !inboxes.buffer[destination].isEmpty else { return }
                inboxes.buffer[destination].sort { a, b in
                    if a.time != b.time { return a.time < b.time }
                    if a.source != b.source { return a.source < b.source }
                    return a.sequence < b.sequence
                }
                for envelope in inboxes.buffer[destination] {
                    precondition(
                        envelope.time >= windowEnd,
                        "a message from process \(envelope.source) takes effect before the window's end")
                    processes[destination].receive(envelope)
                }
                inboxes.buffer[destination].removeAll(keepingCapacity: true)
            }
        }
        statistics.messages += count
    }
}

/// A buffer whose elements are each touched by one thread only.
private struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
