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
    /// Of `staffHours`, hours of surge reserves (at their efficiency).
    public var surgeHours = 0.0
    /// What the surge reserves cost (all their hours at the rule's rate).
    public var surgeCost = 0.0
    /// What the row is when it is not a front-office channel: `command_centre`, `department`
    /// or `grid` (the `kind` column); nil for channels.
    public var role: String? = nil
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
    /// Wall seconds building the processes (generating the city and its residents), and
    /// collecting their results after the engine stopped.
    public var buildSeconds: Double = 0
    public var collectSeconds: Double = 0
    /// The city's measurements; nil for a scenario without a city.
    public var city: CityResult? = nil
    /// `--cases`: this run's part files of `cases.csv`, in process order.
    public var caseParts: [String] = []
    /// `--cases`: the first error writing them.
    public var caseLogError: String? = nil
}

extension ReplicationResult {
    /// Drops every channel's time series (once written), keeping the statistics.
    public mutating func dropTimeSeries() {
        for index in channels.indices { channels[index].samples = [] }
        if city != nil {
            city?.samples = []
            for index in city?.backOffice.indices ?? 0..<0 { city?.backOffice[index].samples = [] }
        }
    }

    /// Arrivals at every channel after the warm-up (in a city: residents' contacts, counted
    /// when made).
    public var contacts: Int { city?.tally.contacts ?? channels.reduce(0) { $0 + $1.statistics.arrivals } }
    /// Of those, callers who gave up (in a city, turned away included).
    public var abandoned: Int { city?.tally.abandoned ?? channels.reduce(0) { $0 + $1.statistics.abandoned } }
    /// Of those, redials of callers who had given up (in a city, repeat reports too).
    public var repeatContacts: Int {
        city?.tally.repeatContacts ?? channels.reduce(0) { $0 + $1.repeatContacts }
    }
    /// Of those, callers refused by a full waiting room.
    public var turnedAway: Int { channels.reduce(0) { $0 + $1.statistics.turnedAway } }
    /// Every staffed row: the channels, then (in a city) the command centre, the departments
    /// and the grid.
    public var staffedRows: [ChannelResult] { channels + (city?.backOffice ?? []) }
    /// Staff hours on duty over the measured period, every channel (and, in a city, the back
    /// office and the grid).
    public var staffHours: Double { staffedRows.reduce(0) { $0 + $1.staffHours } }
    /// Their cost at each row's cost per staff hour, surge reserves at their own rate.
    public var staffCost: Double {
        staffedRows.reduce(0) { $0 + ($1.staffHours - $1.surgeHours) * $1.costPerStaffHour + $1.surgeCost }
    }
}
