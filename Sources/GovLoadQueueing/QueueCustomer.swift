import GovLoadEngine
import GovLoadSupport

/// A customer arriving at a queue, with its service requirement and patience already drawn
/// (drawing them at arrival, from the arrival's own streams, keeps random numbers common across
/// policies that change only the queue).
public struct QueueArrival: Sendable {
    /// The host's reference to the customer (a contact or a case); returned in departures.
    public var tag: Int32
    /// Priority class, 0 the highest; FCFS within a class.
    public var priority: Int
    /// Service time (seconds).
    public var serviceTime: SimTime
    /// How long the customer will wait before giving up (seconds); +∞ for never.
    public var patience: SimTime

    /// Creates an arrival.
    public init(tag: Int32, priority: Int, serviceTime: SimTime, patience: SimTime) {
        self.tag = tag
        self.priority = priority
        self.serviceTime = serviceTime
        self.patience = patience
    }
}

/// A customer leaving a queue: after service, or giving up.
public struct QueueDeparture: Sendable, Equatable, BitwiseCopyable {
    /// How the customer left.
    public enum Outcome: Sendable, Equatable, BitwiseCopyable {
        /// Service finished.
        case served
        /// Patience ran out while waiting.
        case abandoned
    }

    /// The host's reference to the customer.
    public var tag: Int32
    /// When the customer arrived (seconds).
    public var arrival: SimTime = 0
    /// When the customer left (seconds).
    public var time: SimTime
    /// How long the customer waited in the queue (seconds).
    public var wait: SimTime
    /// How the customer left.
    public var outcome: Outcome

    /// Creates a departure.
    public init(tag: Int32, arrival: SimTime = 0, time: SimTime, wait: SimTime, outcome: Outcome) {
        self.tag = tag
        self.arrival = arrival
        self.time = time
        self.wait = wait
        self.outcome = outcome
    }
}

/// What happened to an arrival on the spot.
public enum QueueAdmission: Sendable, Equatable {
    /// A server was free: service started at once.
    case startedService
    /// Every server was busy: the customer joined the waiting line.
    case queued
    /// The waiting room was full: the customer was refused.
    case turnedAway
}
