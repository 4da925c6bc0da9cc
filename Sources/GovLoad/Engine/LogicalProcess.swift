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
}

/// Where a logical process puts the messages it sends during a window.
public struct Outbox<Message> {
    /// The index of the process that owns this outbox.
    public let source: Int
    /// The messages sent in the current window.
    public internal(set) var envelopes: [Envelope<Message>] = []
    var nextSequence: UInt64 = 0

    init(source: Int) { self.source = source }

    /// Sends `message` to process `destination`, to take effect at `time`.
    ///
    /// `time` must be at least the end of the current window: every cross-process effect has a
    /// modelled latency of at least the engine's lookahead.
    public mutating func send(_ message: Message, to destination: Int, at time: SimTime) {
        envelopes.append(
            Envelope(
                time: time, source: source, sequence: nextSequence, destination: destination,
                message: message))
        nextSequence &+= 1
    }
}

/// A unit of simulation with its own event queue and random streams: a partition of the city or
/// a hub (DESIGN §4). The engine advances processes window by window, in parallel, and delivers
/// the messages they send each other between windows.
///
/// A process must touch only its own state while it advances: processes run on several threads.
public protocol LogicalProcess<Message>: AnyObject {
    /// The type of the messages processes exchange.
    associatedtype Message

    /// The time of the process's earliest pending event, or +∞ when it has none.
    var nextEventTime: SimTime { get }

    /// Processes, in time order, every pending event strictly before `end`, and leaves its clock
    /// at `end`. Messages for other processes go to `outbox`.
    func advance(until end: SimTime, outbox: inout Outbox<Message>)

    /// Accepts a message from another process; called between windows, in delivery order.
    func receive(_ envelope: Envelope<Message>)
}
