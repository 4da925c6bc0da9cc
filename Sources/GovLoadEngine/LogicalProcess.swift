import GovLoadSupport

/// A message from one logical process to another, stamped with the simulated time at which it
/// takes effect. Messages are delivered in (time, source, sequence) order, which does not depend on
/// which thread ran which process.
public struct Envelope<Message> {
    /// When the message takes effect at its destination.
    public var time: SimTime
    /// The index of the sending process.
    public var source: Int
    /// The sender's running count of messages sent: breaks ties between one sender's messages.
    public var sequence: UInt64
    /// The index of the receiving process.
    public var destination: Int
    /// What the message says.
    public var message: Message

    /// Creates an envelope.
    @inlinable public init(time: SimTime, source: Int, sequence: UInt64, destination: Int, message: Message) {
        self.time = time
        self.source = source
        self.sequence = sequence
        self.destination = destination
        self.message = message
    }
}

/// Where a logical process puts the messages it sends during a window.
///
/// An outbox writes straight into the engine's ``Mailroom``, one list per destination, so that
/// no thread gathers or scatters messages between windows: each destination collects its own.
public struct Outbox<Message> {
    /// The index of the process that owns this outbox.
    public let source: Int
    @usableFromInline let mailroom: Mailroom<Message>
    @usableFromInline var row: UnsafeMutablePointer<[Envelope<Message>]>
    @usableFromInline var nextSequence: UInt64 = 0
    /// The end of the current window: no message may take effect before it.
    @usableFromInline var windowEnd: SimTime = -.infinity
    /// Messages sent in the current window.
    public var sentInWindow: Int { sent }
    @usableFromInline var sent = 0
    /// When the earliest of the current window's messages takes effect (+∞ when none).
    @usableFromInline var earliest: SimTime = .infinity

    @usableFromInline init(source: Int, mailroom: Mailroom<Message>) {
        self.source = source
        self.mailroom = mailroom
        self.row = mailroom.row(parity: 0, source: source)
    }

    /// Starts a window ending at `end` whose messages go to the mailroom's side `parity`.
    @inlinable mutating func begin(windowEnd end: SimTime, parity: Int) {
        windowEnd = end
        row = mailroom.row(parity: parity, source: source)
        sent = 0
        earliest = .infinity
    }

    /// Sends `message` to process `destination`, to take effect at `time`.
    ///
    /// `time` must be at least the end of the current window: every cross-process effect has a
    /// modelled latency of at least the engine's lookahead.
    @inlinable public mutating func send(_ message: Message, to destination: Int, at time: SimTime) {
        precondition(
            time >= windowEnd, "process \(source) sent a message that takes effect before the window's end")
        precondition(destination >= 0 && destination < mailroom.processCount, "no process \(destination)")
        row[destination].append(
            Envelope(
                time: time, source: source, sequence: nextSequence, destination: destination,
                message: message))
        nextSequence &+= 1
        sent += 1
        earliest = min(earliest, time)
    }
}

/// The messages in flight between windows: for each side (the window's parity), sender and
/// receiver, one list.
///
/// In window k each process writes its messages on side k mod 2 and, before advancing, collects
/// and clears what was sent to it on the other side in window k − 1. Every list is thus touched by
/// one thread at a time — its sender in one window, its receiver in the next — and nothing is
/// copied between windows.
@usableFromInline final class Mailroom<Message>: @unchecked Sendable {
    /// Processes the mailroom serves.
    @usableFromInline let processCount: Int
    @usableFromInline let lists: UnsafeMutablePointer<[Envelope<Message>]>

    @inlinable init(processCount: Int) {
        self.processCount = processCount
        let count = 2 * processCount * processCount
        lists = .allocate(capacity: count)
        lists.initialize(repeating: [], count: count)
    }

    deinit {
        lists.deinitialize(count: 2 * processCount * processCount)
        lists.deallocate()
    }

    /// The lists a sender writes on one side, indexed by destination.
    @inlinable func row(parity: Int, source: Int) -> UnsafeMutablePointer<[Envelope<Message>]> {
        lists + (parity * processCount + source) * processCount
    }

    /// Moves every message sent to `destination` on side `parity` into `inbox`, senders in index
    /// order, and empties their lists (keeping their capacity).
    @inlinable func collect(parity: Int, destination: Int, into inbox: inout [Envelope<Message>]) {
        for source in 0..<processCount {
            let list = row(parity: parity, source: source) + destination
            guard !list.pointee.isEmpty else { continue }
            inbox.append(contentsOf: list.pointee)
            list.pointee.removeAll(keepingCapacity: true)
        }
    }
}

/// A unit of simulation with its own event queue and random streams: a partition of the city or
/// a hub (DESIGN §4). The engine advances processes window by window, in parallel, and delivers
/// the messages they send each other between windows.
///
/// A process must touch only its own state while it advances or receives: processes run on
/// several threads.
public protocol LogicalProcess<Message>: AnyObject {
    /// The type of the messages processes exchange.
    associatedtype Message

    /// The time of the process's earliest pending event, or +∞ when it has none.
    var nextEventTime: SimTime { get }

    /// Processes, in time order, every pending event strictly before `end`, and leaves its clock
    /// at `end`. Messages for other processes go to `outbox`.
    func advance(until end: SimTime, outbox: inout Outbox<Message>)

    /// Accepts a message from another process; called after the window in which it was sent and
    /// before the process advances again, in delivery order.
    func receive(_ envelope: Envelope<Message>)

    /// What kind of process this is, for `--profile`'s time per kind ("partitions").
    var profileGroup: String { get }
}

extension LogicalProcess {
    /// By default, "processes".
    public var profileGroup: String { "processes" }
}
