import Dispatch
import GovLoadSupport

/// Counts the engine keeps about a run, for profiling and for the manifest.
public struct EngineStatistics: Sendable, Equatable, Codable {
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
    /// `busySeconds` by kind of process (``LogicalProcess/profileGroup``), kinds in the order
    /// their first process comes.
    public var busyByGroup: [ProcessGroupTime] = []
}

/// The work of one kind of process in a run, for `--profile`.
public struct ProcessGroupTime: Sendable, Equatable, Codable {
    /// The kind ("partitions", "channel hubs").
    public var group: String
    /// How many processes of the kind there are.
    public var processes: Int
    /// Seconds they spent receiving and advancing, summed.
    public var seconds: Double

    /// Creates a group's time.
    public init(group: String, processes: Int, seconds: Double) {
        self.group = group
        self.processes = processes
        self.seconds = seconds
    }
}

extension [ProcessGroupTime] {
    /// Adds `time` to the entry of its group, or appends it: groups stay in the order they first
    /// come. With `countingProcesses` false the entry keeps its count (the same processes, in
    /// another run).
    public mutating func add(_ time: ProcessGroupTime, countingProcesses: Bool = true) {
        guard let known = firstIndex(where: { $0.group == time.group }) else {
            append(time)
            return
        }
        self[known].seconds += time.seconds
        if countingProcesses { self[known].processes += time.processes }
    }
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
/// The threads are a ``WorkCrew`` kept for the whole run. Each thread has a lane of processes it
/// runs first, dealt by recent cost so that the lanes weigh the same and a process stays on one
/// core from window to window; a thread done with its lane helps with the others.
///
/// `@unchecked Sendable`: the crew's threads call `step(i, …)` during a phase, and step `i`
/// touches only process `i`, slot `i` and the mailroom's column `i`; everything else is touched by
/// the leader between phases, which the crew's release–acquire barrier orders.
public final class Engine<Message>: @unchecked Sendable {
    /// The processes, in the fixed order that defines their indices (partitions, then hubs).
    public let processes: [any LogicalProcess<Message>]
    /// The minimum latency of any cross-process effect, and so the window length (seconds).
    public let lookahead: SimTime
    /// How many threads run processes.
    public let executor: ParallelExecutor
    /// Counts for this run.
    public var statistics: EngineStatistics { stats }
    @exclusivity(unchecked) @usableFromInline var stats = EngineStatistics()

    @usableFromInline let mailroom: Mailroom<Message>
    /// Per process, touched only by the thread running that process (see ``ProcessSlot``).
    @usableFromInline let slots: UnsafeMutableBufferPointer<ProcessSlot<Message>>
    /// Each process's recent cost (nanoseconds, smoothed), and the processes each thread runs
    /// first, costliest first (see ``WorkCrew``).
    @exclusivity(unchecked) @usableFromInline var costs: [Double]
    @exclusivity(unchecked) @usableFromInline var lanes: [[Int]]
    /// Each process's receiving and advancing so far (nanoseconds).
    @exclusivity(unchecked) @usableFromInline var busyByProcess: [UInt64]

    /// Creates an engine over `processes` with the given lookahead (seconds, > 0; ∞ when the
    /// processes never exchange messages).
    @inlinable public init(
        processes: [any LogicalProcess<Message>], lookahead: SimTime, executor: ParallelExecutor
    ) {
        precondition(lookahead > 0, "the engine's lookahead must be positive")
        self.processes = processes
        self.lookahead = lookahead
        self.executor = executor
        let mailroom = Mailroom<Message>(processCount: processes.count)
        self.mailroom = mailroom
        self.slots = .allocate(capacity: processes.count)
        _ = slots.initialize(
            from: processes.indices.map { ProcessSlot(outbox: Outbox(source: $0, mailroom: mailroom)) })
        self.costs = Array(repeating: 0, count: processes.count)
        self.busyByProcess = Array(repeating: 0, count: processes.count)
        let threads = min(executor.threads, max(1, processes.count))
        self.lanes = (0..<threads).map { lane in Array(stride(from: lane, to: processes.count, by: threads)) }
    }

    deinit {
        slots.deinitialize().deallocate()
    }

    /// Runs every process up to (not including) `horizon`, and delivers the messages sent in the
    /// last window.
    @inlinable public func run(until horizon: SimTime) {
        WorkCrew.perform(threads: lanes.count) { crew in run(until: horizon, crew: crew) }
    }

    /// The run's loop, on the crew's leader: find the next window, run its phase, count.
    @inlinable func run(until horizon: SimTime, crew: WorkCrew) {
        let isolated = lookahead == .infinity
        var parity = 0
        var earliestMessage = SimTime.infinity
        var unreceived = false
        var serialStart = DispatchTime.now().uptimeNanoseconds
        while true {
            var start = earliestMessage
            for process in processes { start = min(start, process.nextEventTime) }
            guard start < horizon else { break }
            let end = isolated ? horizon : min(start + lookahead, horizon)
            stats.serialSeconds += seconds(since: serialStart)
            phase(crew, receiveSide: unreceived ? 1 - parity : nil, advanceUntil: end, parity: parity)
            serialStart = DispatchTime.now().uptimeNanoseconds
            var count = 0
            earliestMessage = .infinity
            for slot in slots {
                count += slot.outbox.sentInWindow
                earliestMessage = min(earliestMessage, slot.outbox.earliest)
            }
            precondition(
                !isolated || count == 0, "a process sent a message in a run declared free of messages")
            stats.messages += count
            stats.windows += 1
            unreceived = count > 0
            parity ^= 1
            if stats.windows % 64 == 0 { balance() }
            if isolated { break }
        }
        stats.serialSeconds += seconds(since: serialStart)
        if unreceived { phase(crew, receiveSide: 1 - parity, advanceUntil: nil, parity: parity) }
        stats.busyByGroup = []
        for (index, process) in processes.enumerated() {
            stats.busyByGroup.add(
                ProcessGroupTime(
                    group: process.profileGroup, processes: 1, seconds: Double(busyByProcess[index]) / 1e9))
        }
    }

    /// One parallel phase: every process receives the messages on `receiveSide` (if any) and
    /// advances until `end` (if any), writing its messages on side `parity`.
    @inlinable func phase(_ crew: WorkCrew, receiveSide: Int?, advanceUntil end: SimTime?, parity: Int) {
        let started = DispatchTime.now().uptimeNanoseconds
        crew.run(lanes: lanes) { index in
            self.step(index, receiveSide: receiveSide, advanceUntil: end, parity: parity)
        }
        let wall = seconds(since: started)
        var busy: UInt64 = 0
        for index in slots.indices {
            busy += slots[index].duration
            busyByProcess[index] += slots[index].duration
            costs[index] = 0.9 * costs[index] + 0.1 * Double(slots[index].duration)
        }
        stats.phaseSeconds += wall
        stats.busySeconds += Double(busy) / 1e9
        stats.waitingSeconds += max(0, Double(crew.threads) * wall - Double(busy) / 1e9)
    }

    /// Process `index`'s part of a phase; touches only that process, its slot and the mailroom
    /// lists addressed to it or sent by it.
    @inlinable @inline(__always)
    func step(_ index: Int, receiveSide: Int?, advanceUntil end: SimTime?, parity: Int) {
        let started = DispatchTime.now().uptimeNanoseconds
        let process = processes[index]
        if let side = receiveSide {
            mailroom.collect(parity: side, destination: index, into: &slots[index].inbox)
            if !slots[index].inbox.isEmpty {
                deliverInOrder(index, to: process)
            }
        }
        if let end {
            slots[index].outbox.begin(windowEnd: end, parity: parity)
            process.advance(until: end, outbox: &slots[index].outbox)
        }
        slots[index].duration = DispatchTime.now().uptimeNanoseconds - started
    }

    /// Hands process `index` its inbox in (time, source, sequence) order and empties it. The
    /// keys are unique, so any sort gives this order; the positions are sorted rather than the
    /// envelopes, which carry whole case records.
    @inlinable
    func deliverInOrder(_ index: Int, to process: any LogicalProcess<Message>) {
        slots[index].order.removeAll(keepingCapacity: true)
        slots[index].order.append(contentsOf: 0..<Int32(slots[index].inbox.count))
        slots[index].inbox.withUnsafeBufferPointer { inbox in
            slots[index].order.sort { x, y in
                let (a, b) = (Int(x), Int(y))
                if inbox[a].time != inbox[b].time { return inbox[a].time < inbox[b].time }
                if inbox[a].source != inbox[b].source { return inbox[a].source < inbox[b].source }
                return inbox[a].sequence < inbox[b].sequence
            }
            for position in slots[index].order { process.receive(inbox[Int(position)]) }
        }
        slots[index].inbox.removeAll(keepingCapacity: true)
    }

    /// Deals the processes to the threads' lanes by recent cost, costliest first, each to the
    /// lane with the least work so far (longest processing time first; ties by index, so the
    /// lanes stay put while costs do).
    @inlinable func balance() {
        let order = processes.indices.sorted { a, b in costs[a] != costs[b] ? costs[a] > costs[b] : a < b }
        var load = Array(repeating: 0.0, count: lanes.count)
        var dealt = Array(repeating: [Int](), count: lanes.count)
        for index in order {
            let lane = load.indices.min { load[$0] < load[$1] } ?? 0
            dealt[lane].append(index)
            load[lane] += costs[index]
        }
        lanes = dealt
    }

    @inlinable func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// One process's engine-side state: its outbox, its inbox (the messages of the previous window,
/// reused from window to window) and how long its last step took (nanoseconds).
///
/// Slots lie side by side and belong to processes that run on different threads; an outbox is
/// written at every message sent. The padding keeps the written fields of two slots at least a
/// cache line apart, so that one thread's sends do not evict another's slot from its cache.
@usableFromInline struct ProcessSlot<Message> {
    @usableFromInline var outbox: Outbox<Message>
    @usableFromInline var inbox: [Envelope<Message>] = []
    /// The inbox's positions in delivery order (scratch, reused).
    @usableFromInline var order: [Int32] = []
    @usableFromInline var duration: UInt64 = 0
    @usableFromInline let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0, 0, 0, 0, 0, 0, 0, 0
    )

    @inlinable init(outbox: Outbox<Message>) { self.outbox = outbox }
}
