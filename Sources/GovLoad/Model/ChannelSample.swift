/// One channel's state at a reporting time, and its flows over the interval that ends there:
/// a row group of `timeseries.csv`.
public struct ChannelSample: Sendable, Equatable {
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

/// Everything one channel measured in one replication.
public struct ChannelResult: Sendable {
    /// The channel's name.
    public var name: String
    /// Its kind.
    public var kind: ChannelKind
    /// Steady-state statistics (after the warm-up).
    public var statistics: QueueStatistics
    /// Cost of a staff hour.
    public var costPerStaffHour: Double
    /// Staff hours on duty over the measured period, from the schedule (exact: the same for two
    /// policies with the same schedule, to the last bit).
    public var staffHours: Double
    /// Calls after the warm-up that were redials of callers who had given up (`retry`).
    public var repeatContacts: Int
    /// The time series, one sample per reporting interval.
    public var samples: [ChannelSample]
}

/// Everything one replication of one policy measured.
public struct ReplicationResult: Sendable {
    /// The policy's name.
    public var policy: String
    /// The replication, from 0.
    public var replication: Int
    /// The sweep point, from 0 (always 0 without a sweep).
    public var point = 0
    /// Per channel, in scenario order.
    public var channels: [ChannelResult]
    /// What the engine counted.
    public var engine: EngineStatistics
    /// Events the run's processes handled.
    public var events = 0
}

extension ReplicationResult {
    /// Drops every channel's time series (once written), keeping the statistics.
    public mutating func dropTimeSeries() {
        for index in channels.indices { channels[index].samples = [] }
    }

    /// Arrivals at every channel after the warm-up.
    public var contacts: Int { channels.reduce(0) { $0 + $1.statistics.arrivals } }
    /// Of those, callers who gave up.
    public var abandoned: Int { channels.reduce(0) { $0 + $1.statistics.abandoned } }
    /// Of those, redials of callers who had given up.
    public var repeatContacts: Int { channels.reduce(0) { $0 + $1.repeatContacts } }
    /// Of those, callers refused by a full waiting room.
    public var turnedAway: Int { channels.reduce(0) { $0 + $1.statistics.turnedAway } }
    /// Staff hours on duty over the measured period, every channel.
    public var staffHours: Double { channels.reduce(0) { $0 + $1.staffHours } }
    /// Their cost at each channel's cost per staff hour.
    public var staffCost: Double { channels.reduce(0) { $0 + $1.staffHours * $1.costPerStaffHour } }
}
