import GovLoadEngine
import GovLoadSupport

/// A queue's customers counted by the interval they arrived in, for staffing by simulation
/// (`govload staff`): how much work each interval offered, and how each interval's callers fared.
/// Opt-in (`ServiceQueue.tally`); a queue without one pays one nil check per event.
public final class IntervalTally {
    /// The counts, one entry per interval of the run.
    public struct Bins: Sendable, Codable, Equatable {
        /// The length of an interval (seconds); interval i is [i·length, (i+1)·length).
        public var length: SimTime
        /// The answer times counted in `answeredWithin` (seconds).
        public var thresholds: [SimTime]
        /// Customers who arrived in the interval (first calls, redials, transfers alike).
        public var arrivals: [Int]
        /// The offered load's integral over the interval (server-seconds): each arrival's service
        /// time laid from its arrival on, the work an infinite-server system would do then. Over
        /// the interval's length, the offered load in erlangs (Feldman et al. 2008's m(t)).
        public var offeredSeconds: [Double]
        /// The service times the arrivals wanted, summed (seconds).
        public var serviceSeconds: [Double]
        /// Of the arrivals, those whose service started within each threshold: [threshold][interval].
        public var answeredWithin: [[Int]]
        /// Of the arrivals, those who had to wait.
        public var waited: [Int]
        /// Of the arrivals, those who gave up waiting or were turned away.
        public var abandoned: [Int]
        /// Total queue wait of the arrivals who left the queue, served or abandoned (seconds).
        public var waitSeconds: [Double]
        /// Of the arrivals, those who left the queue (service started or gave up).
        public var left: [Int]

        init(length: SimTime, count: Int, thresholds: [SimTime]) {
            self.length = length
            self.thresholds = thresholds
            arrivals = Array(repeating: 0, count: count)
            offeredSeconds = Array(repeating: 0, count: count)
            serviceSeconds = Array(repeating: 0, count: count)
            answeredWithin = Array(repeating: Array(repeating: 0, count: count), count: thresholds.count)
            waited = Array(repeating: 0, count: count)
            abandoned = Array(repeating: 0, count: count)
            waitSeconds = Array(repeating: 0, count: count)
            left = Array(repeating: 0, count: count)
        }

        /// The number of intervals.
        public var count: Int { arrivals.count }
    }

    /// The counts so far.
    public private(set) var bins: Bins

    /// Counts the run up to `horizon` in intervals of `length`, with the service level measured
    /// at each of `thresholds` (seconds).
    public init(length: SimTime, horizon: SimTime, thresholds: [SimTime]) {
        precondition(length > 0)
        let count = max(1, Int((horizon / length).rounded(.up)))
        bins = Bins(length: length, count: count, thresholds: thresholds)
    }

    /// The interval holding `time` (the last one for times at or past the horizon).
    func index(_ time: SimTime) -> Int {
        min(bins.count - 1, max(0, Int(time / bins.length)))
    }

    /// A customer arrived at `time` wanting `serviceTime` seconds of service.
    public func arrive(at time: SimTime, serviceTime: SimTime) {
        let first = index(time)
        bins.arrivals[first] += 1
        bins.serviceSeconds[first] += serviceTime
        // Lay the service over the intervals from the arrival on.
        var start = time
        let end = time + serviceTime
        var interval = first
        while start < end && interval < bins.count {
            let intervalEnd = SimTime(interval + 1) * bins.length
            let piece = min(end, intervalEnd) - start
            bins.offeredSeconds[interval] += piece
            start = intervalEnd
            interval += 1
        }
    }

    /// The service of a customer who arrived at `arrival` started after waiting `wait` seconds.
    public func started(arrival: SimTime, wait: SimTime) {
        let interval = index(arrival)
        bins.left[interval] += 1
        bins.waitSeconds[interval] += wait
        if wait > 0 { bins.waited[interval] += 1 }
        for (k, threshold) in bins.thresholds.enumerated() where wait <= threshold {
            bins.answeredWithin[k][interval] += 1
        }
    }

    /// A customer who arrived at `arrival` gave up after waiting `wait` seconds (0 when turned away).
    public func gaveUp(arrival: SimTime, wait: SimTime) {
        let interval = index(arrival)
        bins.left[interval] += 1
        bins.abandoned[interval] += 1
        bins.waitSeconds[interval] += wait
        bins.waited[interval] += 1
    }
}
