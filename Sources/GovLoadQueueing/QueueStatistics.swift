import GovLoadEngine
import GovLoadSupport
import Histogram

/// Running totals over every customer, warm-up included: the source of per-interval time series.
public struct QueueCounters: Sendable, Equatable {
    /// Customers who arrived.
    public var arrivals = 0
    /// Customers whose service finished.
    public var served = 0
    /// Customers who gave up waiting.
    public var abandoned = 0
    /// Customers refused because the waiting room was full.
    public var turnedAway = 0
    /// Total queue wait of the customers whose service finished (seconds).
    public var waitOfServed: Double = 0

    /// Counters at zero.
    public init() {}
}

/// What a queue measured over the steady-state period: customers who arrived at or after the
/// warm-up, and time integrals from the warm-up to the end of the run (DESIGN §5, `channels.csv`).
public struct QueueStatistics: Sendable, Codable {
    /// Customers who arrived after the warm-up.
    public var arrivals = 0
    /// Of those, customers whose service finished.
    public var served = 0
    /// Of those, customers who gave up waiting.
    public var abandoned = 0
    /// Of those, customers refused because the waiting room was full.
    public var turnedAway = 0
    /// Of those, customers who had to wait (found every server busy).
    public var waited = 0
    /// Of those, customers still waiting when the run ended.
    public var waitingAtEnd = 0
    /// Of those, customers still in service when the run ended.
    public var inServiceAtEnd = 0
    /// Total queue wait of served customers (seconds).
    public var waitOfServed: Double = 0
    /// Total queue wait of abandoning customers (seconds).
    public var waitOfAbandoned: Double = 0
    /// Total time in the system (wait plus service) of served customers (seconds).
    public var sojournOfServed: Double = 0
    /// Served customers whose wait rounds to 0 ms (most, in a well-staffed queue): counted here
    /// rather than in the histogram, which is costlier to update.
    public var zeroWaits = 0
    /// ∫ customers waiting dt (customer-seconds).
    public var queueArea: Double = 0
    /// ∫ busy servers dt (server-seconds).
    public var busyArea: Double = 0
    /// ∫ servers on duty dt (server-seconds), counting a server that finishes a customer after its
    /// shift ended as on duty until it finishes.
    public var dutyArea: Double = 0
    /// Σ over every customer of the part of its queue wait inside [warm-up, end] (seconds): the
    /// sample-path side of Little's law, equal to `queueArea` when the books balance.
    public var waitInWindow: Double = 0
    /// Σ over every customer of the part of its service inside [warm-up, end] (seconds): equals `busyArea`.
    public var serviceInWindow: Double = 0
    /// The longest wait of anyone who left the queue, served or abandoned (seconds): the peak
    /// wait of a stress episode.
    public var maxWait: Double = 0
    /// The longest waiting line seen (customers).
    public var maxQueue = 0
    /// The length of the measured period (seconds).
    public var measuredSeconds: Double = 0
    /// Positive queue waits of served customers, in milliseconds, in a bounded histogram (last:
    /// the counts and integrals above, which every event updates, share cache lines this way).
    public var waitHistogram: Histogram<UInt64>

    /// Creates empty statistics; with `recordsWaits` false, a token wait histogram that records
    /// nothing (a full one costs about 200 kB, and a city has tens of thousands of small queues
    /// whose waits their host records in one shared histogram).
    public init(recordsWaits: Bool = true) {
        waitHistogram = recordsWaits ? Self.fullWaitHistogram() : Self.tokenWaitHistogram()
    }

    /// An empty histogram of waits from 1 ms to a year, to three significant digits.
    ///
    /// A copy of one made once per process: building one costs about 100 µs (its 26,000 counts are
    /// set one by one through generic code), while a copy shares the empty counts until its first
    /// record and then copies them in one block.
    public static func fullWaitHistogram() -> Histogram<UInt64> { emptyWaitHistogram }

    private static let emptyWaitHistogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 365 * 86_400_000,
        numberOfSignificantValueDigits: .three)

    /// The smallest histogram there is, for queues that do not record their waits.
    public static func tokenWaitHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: .one)
    }

    /// Share of arrivals who had to wait.
    public var waitProbability: Double { arrivals > 0 ? Double(waited) / Double(arrivals) : 0 }
    /// Mean queue wait of served customers (seconds).
    public var meanWaitOfServed: Double { served > 0 ? waitOfServed / Double(served) : 0 }
    /// Mean queue wait of everyone who left the queue, served or abandoned (seconds).
    public var meanWaitOfAll: Double {
        served + abandoned > 0 ? (waitOfServed + waitOfAbandoned) / Double(served + abandoned) : 0
    }
    /// Share of arrivals who abandoned.
    public var abandonRate: Double { arrivals > 0 ? Double(abandoned) / Double(arrivals) : 0 }
    /// Busy server time over on-duty server time.
    public var utilization: Double { dutyArea > 0 ? busyArea / dutyArea : 0 }
    /// The time-average number waiting.
    public var meanQueueLength: Double { measuredSeconds > 0 ? queueArea / measuredSeconds : 0 }
    /// The 90th percentile of served customers' waits (seconds).
    public var p90WaitOfServed: Double { waitPercentile(90) }

    /// The `percentile` (0–100) of served customers' waits (seconds), 3 significant digits.
    public func waitPercentile(_ percentile: Double) -> Double {
        let total = Double(zeroWaits) + Double(waitHistogram.totalCount)
        guard total > 0 else { return 0 }
        let rank = percentile / 100 * total
        guard rank > Double(zeroWaits) else { return 0 }
        let positive = (rank - Double(zeroWaits)) / Double(waitHistogram.totalCount) * 100
        return Double(waitHistogram.valueAtPercentile(min(100, positive))) / 1000
    }

    /// The share of served customers who waited at most `seconds`.
    public func shareServedWithin(_ seconds: Double) -> Double {
        let total = zeroWaits + Int(waitHistogram.totalCount)
        guard total > 0 else { return 0 }
        let within = zeroWaits + Int(waitHistogram.count(within: 0...UInt64(seconds * 1000)))
        return Double(within) / Double(total)
    }
}

extension QueueCounters {
    /// Adds another queue's totals (several queues reported as one channel).
    public mutating func absorb(_ other: QueueCounters) {
        arrivals += other.arrivals
        served += other.served
        abandoned += other.abandoned
        turnedAway += other.turnedAway
        waitOfServed += other.waitOfServed
    }
}

extension QueueStatistics {
    /// Adds another queue's statistics over the same period: counts and time integrals add,
    /// maxima take the larger (`maxQueue` is then the longest line at any one of the queues).
    public mutating func absorb(_ other: QueueStatistics) {
        arrivals += other.arrivals
        served += other.served
        abandoned += other.abandoned
        turnedAway += other.turnedAway
        waited += other.waited
        waitingAtEnd += other.waitingAtEnd
        inServiceAtEnd += other.inServiceAtEnd
        waitOfServed += other.waitOfServed
        waitOfAbandoned += other.waitOfAbandoned
        sojournOfServed += other.sojournOfServed
        zeroWaits += other.zeroWaits
        if other.waitHistogram.totalCount > 0 { waitHistogram.add(other.waitHistogram) }
        queueArea += other.queueArea
        busyArea += other.busyArea
        dutyArea += other.dutyArea
        waitInWindow += other.waitInWindow
        serviceInWindow += other.serviceInWindow
        maxWait = max(maxWait, other.maxWait)
        maxQueue = max(maxQueue, other.maxQueue)
        measuredSeconds = max(measuredSeconds, other.measuredSeconds)
    }
}
