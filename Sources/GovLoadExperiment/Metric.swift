import GovLoadModel
import GovLoadQueueing

/// One number a run measures, declared once: its name (as in `comparison.csv`, units in the name),
/// its unit, which way is better, and what it means. Comparisons, the end-of-run table and
/// `--precision` all read this catalogue, so a metric cannot be spelt, scaled or judged two ways.
public struct Metric: Sendable, Hashable {
    /// Which way is better.
    public enum Better: Sendable, Hashable {
        /// More is better (an on-time rate).
        case higher
        /// Less is better (a waiting time).
        case lower
        /// Neither: a count of what happened (cases created, contacts).
        case neither
    }

    /// The name, units in it: `mean_close_h`.
    public let name: String
    /// The unit: `h`, `min`, `share`, `count`, `staff-hours`, `cost`, `trust`.
    public let unit: String
    /// Which way is better.
    public let better: Better
    /// What it means, in a phrase.
    public let meaning: String

    /// Declares a metric.
    public init(_ name: String, unit: String, better: Better, _ meaning: String) {
        self.name = name
        self.unit = unit
        self.better = better
        self.meaning = meaning
    }
}

/// A run's value of one metric, named as in `comparison.csv` (`metric`, or `scope.metric` for a
/// case type's or a channel's).
public struct RunMetric: Sendable, Equatable {
    /// The metric's name, prefixed by its case type or channel where it has one.
    public var name: String
    /// Its value in the run.
    public var value: Double

    /// Creates a value.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// Every metric GovLoad compares, in the order of `comparison.csv`, with how each is read from a
/// run. A metric a run cannot give (no case was dispatched, no shock) is left out of that run.
public enum MetricCatalogue {
    /// A city's totals.
    public static let city: [(metric: Metric, value: @Sendable (CityResult) -> Double?)] = [
        (
            Metric("cases_created", unit: "count", better: .neither, "cases created after the warm-up"),
            { Double($0.created) }
        ),
        (Metric("cases_closed", unit: "count", better: .neither, "of those, closed"), { Double($0.closed) }),
        (Metric("closure_rate", unit: "share", better: .higher, "closed over created"), { $0.closureRate }),
        (
            Metric("on_time_rate", unit: "share", better: .higher, "closed within the SLA over closed"),
            { $0.onTimeRate }
        ),
        (
            Metric(
                "on_time_rate_known", unit: "share", better: .higher,
                "closed within the SLA over the closed and those open past their SLA (the rest censored)"),
            { $0.onTimeRateKnown }
        ),
        (
            Metric(
                "late_open", unit: "count", better: .lower, "cases open at the end already past their SLA"),
            { Double($0.tally.lateOpen) }
        ),
        (
            Metric("mean_close_h", unit: "h", better: .lower, "mean hours from filing to closure"),
            { $0.meanCloseHours }
        ),
        (
            Metric("p90_close_h", unit: "h", better: .lower, "90th percentile of hours to close"),
            { $0.p90CloseHours }
        ),
        (
            Metric("false_closures", unit: "count", better: .lower, "closures of unsolved problems"),
            { Double($0.tally.falseClosures) }
        ),
        (Metric("reopened", unit: "count", better: .lower, "cases reopened"), { Double($0.tally.reopened) }),
        (
            Metric("escalations", unit: "count", better: .lower, "hazards that became emergencies"),
            { Double($0.tally.escalations) }
        ),
        (
            Metric(
                "transfers", unit: "count", better: .lower, "work orders sent to the wrong department first"),
            { Double($0.tally.transfers) }
        ),
        (
            Metric("cases_dropped", unit: "count", better: .lower, "needs residents gave up on"),
            { Double($0.dropped) }
        ),
        (
            Metric("mean_trust", unit: "trust", better: .higher, "residents' mean trust at the end, 0–1"),
            { $0.meanTrust }
        ),
        (
            Metric("peak_backlog", unit: "count", better: .lower, "the most cases open at once"),
            { Double($0.peakBacklog) }
        ),
        (
            Metric(
                "duplicate_reports", unit: "count", better: .neither, "reports of a hazard already reported"),
            { Double($0.tally.duplicateReports) }
        ),
        (
            Metric("dispatch_h", unit: "h", better: .lower, "mean hours from report to dispatch"),
            {
                $0.tally.dispatched > 0 ? $0.tally.dispatchHoursSum / Double($0.tally.dispatched) : nil
            }
        ),
        (
            Metric("hazard_latent_h", unit: "h", better: .lower, "mean hours a hazard stays unseen"),
            {
                $0.tally.hazardsFound > 0 ? $0.tally.latentHoursSum / Double($0.tally.hazardsFound) : nil
            }
        ),
        (
            Metric(
                "cross_domain_close_h", unit: "h", better: .lower, "mean hours to close a cross-domain case"),
            {
                $0.tally.crossDomainClosed > 0
                    ? $0.tally.crossDomainHoursSum / Double($0.tally.crossDomainClosed) : nil
            }
        ),
        (
            Metric(
                "resolution_rate", unit: "share", better: .higher,
                "closed with the problem solved (no false closure reaching the resident) over closed"),
            { $0.resolutionRate }
        ),
        (
            Metric(
                "satisfaction_rate", unit: "share", better: .higher,
                "residents' closed cases rated satisfied at the call-back: solved within the SLA"),
            { $0.satisfactionRate }
        ),
    ]

    /// Each case type's, named `type.metric`; they follow the city's totals.
    public static let caseType: [(metric: Metric, value: @Sendable (CityResult, Int) -> Double)] = [
        (
            Metric("cases_created", unit: "count", better: .neither, "cases of the type created"),
            { Double($0.tally.created[$1]) }
        ),
        (
            Metric("mean_close_h", unit: "h", better: .lower, "mean hours to close a case of the type"),
            { city, type in
                let closed = city.tally.closed[type]
                return closed > 0 ? city.tally.closeHoursSum[type] / Double(closed) : 0
            }
        ),
        (
            Metric(
                "on_time_rate", unit: "share", better: .higher, "closed within the type's SLA over closed"),
            { city, type in
                let closed = city.tally.closed[type]
                return closed > 0 ? Double(city.tally.onTime[type]) / Double(closed) : 0
            }
        ),
        (
            Metric(
                "resolution_rate", unit: "share", better: .higher,
                "closed with the problem solved (no false closure reaching the resident) over closed"),
            { city, type in
                let closed = city.tally.closed[type]
                return closed > 0 ? Double(closed - city.tally.falselyClosed[type]) / Double(closed) : 0
            }
        ),
    ]

    /// A stress scenario's, after the case types'.
    public static let shock: [(metric: Metric, value: @Sendable (CityResult) -> Double?)] = [
        (
            Metric(
                "drain_h", unit: "h", better: .lower,
                "hours after the last shock until the backlog is back to normal"), { $0.drainHours }
        ),
        (
            Metric(
                "shock_emergency_on_time_rate", unit: "share", better: .higher,
                "storm emergencies handled within their SLA"),
            {
                $0.shockEmergencyOnTimeRate
            }
        ),
    ]

    /// Every run's, city or not.
    public static let run: [(metric: Metric, value: @Sendable (ReplicationResult) -> Double)] = [
        (
            Metric("contacts", unit: "count", better: .neither, "contacts with any channel"),
            { Double($0.contacts) }
        ),
        (
            Metric("abandoned", unit: "count", better: .lower, "contacts abandoned in a queue"),
            { Double($0.abandoned) }
        ),
        (
            Metric("repeat_contacts", unit: "count", better: .lower, "contacts about a need already raised"),
            { Double($0.repeatContacts) }
        ),
        (
            Metric("turned_away", unit: "count", better: .lower, "contacts refused by a full waiting room"),
            { Double($0.turnedAway) }
        ),
        (
            Metric("staff_hours", unit: "staff-hours", better: .lower, "staff hours on duty"),
            { $0.staffHours }
        ),
        (
            Metric("staff_cost", unit: "cost", better: .lower, "their cost, overtime at its premium"),
            { $0.staffCost }
        ),
        (
            Metric(
                "machine_hours", unit: "machine-hours", better: .neither,
                "self-service terminals' hours in service"),
            { $0.machineHours }
        ),
        (Metric("machine_cost", unit: "cost", better: .lower, "their cost"), { $0.machineCost }),
        (
            Metric(
                "overtime_hours", unit: "staff-hours", better: .lower,
                "hours staff worked past their shifts' end, finishing the customer in hand"),
            { $0.overtimeHours }
        ),
    ]

    /// Each channel's (and each back-office row's), named `channel.metric`; they come last.
    public static let channel: [(metric: Metric, value: @Sendable (ChannelResult) -> Double)] = [
        (
            Metric("p_wait", unit: "share", better: .lower, "arrivals who waited"),
            { $0.statistics.waitProbability }
        ),
        (
            Metric("mean_wait_min", unit: "min", better: .lower, "mean wait of those served"),
            { $0.statistics.meanWaitOfServed / 60 }
        ),
        (
            Metric("mean_wait_all_min", unit: "min", better: .lower, "mean wait of all who left the queue"),
            { $0.statistics.meanWaitOfAll / 60 }
        ),
        (
            Metric("p90_wait_min", unit: "min", better: .lower, "90th percentile wait of those served"),
            { $0.statistics.p90WaitOfServed / 60 }
        ),
        (
            Metric("abandon_rate", unit: "share", better: .lower, "arrivals who gave up"),
            { $0.statistics.abandonRate }
        ),
        (
            Metric("max_queue", unit: "count", better: .lower, "the longest queue"),
            { Double($0.statistics.maxQueue) }
        ),
        (
            Metric("max_wait_min", unit: "min", better: .lower, "the longest wait"),
            { $0.statistics.maxWait / 60 }
        ),
        (
            Metric("utilization", unit: "share", better: .neither, "busy servers over servers on duty"),
            { $0.statistics.utilization }
        ),
        (
            Metric("staff_hours", unit: "staff-hours", better: .lower, "staff hours on duty"),
            { $0.staffHours }
        ),
    ]

    /// The metric called `name` (`mean_close_h`, `hazard.on_time_rate`, `hotline.p_wait`): a
    /// case type's or a channel's when prefixed.
    public static func metric(named name: String) -> Metric? {
        let all = city.map(\.metric) + shock.map(\.metric) + run.map(\.metric)
        if let found = all.first(where: { $0.name == name }) { return found }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let base = String(name[name.index(after: dot)...])
        return caseType.first { $0.metric.name == base }?.metric
            ?? channel.first { $0.metric.name == base }?.metric
    }

    /// The headline values of a run, in the catalogue's order: the city's totals, each case
    /// type's, the shocks', the run's, then each channel's.
    public static func values(of run: ReplicationResult) -> [RunMetric] {
        entries(of: run).compactMap { entry in entry.value.map { RunMetric(name: entry.name, value: $0) } }
    }

    /// Every metric the catalogue has for a run's shape, in `values`' order, with the run's value
    /// or nil where the run cannot give it (no case dispatched, no shock): the columns of
    /// `runs.csv`, the same for every run of a plan.
    public static func entries(of run: ReplicationResult) -> [(name: String, value: Double?)] {
        var entries: [(name: String, value: Double?)] = []
        if let city = run.city {
            for (metric, value) in Self.city { entries.append((metric.name, value(city))) }
            for (index, type) in city.caseTypes.enumerated() {
                for (metric, value) in caseType {
                    entries.append((type + "." + metric.name, value(city, index)))
                }
            }
            for (metric, value) in shock { entries.append((metric.name, value(city))) }
        }
        for (metric, value) in Self.run { entries.append((metric.name, value(run))) }
        for row in run.staffedRows {
            for (metric, value) in channel { entries.append((row.name + "." + metric.name, value(row))) }
        }
        return entries
    }
}
