import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// One channel's state at a reporting time, and its flows over the interval that ends there:
/// a row group of `timeseries.csv`.
public struct ChannelSample: Sendable, Equatable, Codable {
    /// The end of the interval (seconds).
    public var time: SimTime
    /// Arrivals in the interval.
    public var arrivals: Int
    /// Services finished in the interval.
    public var served: Int
    /// Abandonments in the interval.
    public var abandoned: Int
    /// Arrivals refused in the interval (waiting room full).
    public var turnedAway: Int
    /// Mean queue wait of the services finished in the interval (seconds; 0 if none).
    public var meanWaitOfServed: Double
    /// Customers waiting at `time`.
    public var waiting: Int
    /// Servers busy at `time`.
    public var busy: Int
    /// Servers on duty at `time`.
    public var onDuty: Int
}

extension ChannelSample {
    /// The sample at `time` of queues whose running totals are now `counters` and were `last` at
    /// the previous sample, with their present state.
    init(
        time: SimTime, counters: QueueCounters, since last: QueueCounters, waiting: Int, busy: Int,
        onDuty: Int
    ) {
        let served = counters.served - last.served
        self.init(
            time: time, arrivals: counters.arrivals - last.arrivals, served: served,
            abandoned: counters.abandoned - last.abandoned, turnedAway: counters.turnedAway - last.turnedAway,
            meanWaitOfServed: served > 0 ? (counters.waitOfServed - last.waitOfServed) / Double(served) : 0,
            waiting: waiting, busy: busy, onDuty: onDuty)
    }

    /// The sample of every queue of `bank` together.
    init(time: SimTime, bank: QueueBank, since last: QueueCounters) {
        var waiting = 0
        var busy = 0
        var onDuty = 0
        for queue in bank.queues {
            waiting += queue.waiting
            busy += queue.busy
            onDuty += queue.onDuty
        }
        self.init(
            time: time, counters: bank.counters, since: last, waiting: waiting, busy: busy, onDuty: onDuty)
    }

    /// The sample of one queue.
    init(time: SimTime, queue: ServiceQueue, since last: QueueCounters) {
        self.init(
            time: time, counters: queue.counters, since: last, waiting: queue.waiting, busy: queue.busy,
            onDuty: queue.onDuty)
    }
}
