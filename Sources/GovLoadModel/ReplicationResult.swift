import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Everything one replication of one policy measured.
public struct ReplicationResult: Sendable, Codable {
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
    /// Staff hours on duty over the measured period, every staffed channel (and, in a city, the
    /// back office and the grid); self-service terminals are machines, counted apart.
    public var staffHours: Double { staffedRows.filter { !$0.isMachine }.reduce(0) { $0 + $1.staffHours } }
    /// Hours staff worked past their shifts' end (every staffed row but machines).
    public var overtimeHours: Double { staffedRows.reduce(0) { $0 + $1.overtimeHours } }
    /// Their cost at each row's cost per staff hour, surge reserves at their own rate, overtime
    /// at its premium.
    public var staffCost: Double { staffedRows.filter { !$0.isMachine }.reduce(0) { $0 + $1.cost } }
    /// Self-service terminals' hours in service over the measured period.
    public var machineHours: Double { staffedRows.filter(\.isMachine).reduce(0) { $0 + $1.staffHours } }
    /// Their cost at each terminal row's cost per hour.
    public var machineCost: Double { staffedRows.filter(\.isMachine).reduce(0) { $0 + $1.cost } }

    /// Sets the overtime premium of every staffed row.
    mutating func setOvertimePremium(_ premium: Double) {
        for index in channels.indices { channels[index].overtimePremium = premium }
        for index in (city?.backOffice ?? []).indices { city?.backOffice[index].overtimePremium = premium }
    }
}
