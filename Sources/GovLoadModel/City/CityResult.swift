import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// Everything the city measured in one replication, beyond the channels' queues.
public struct CityResult: Sendable, Codable {
    /// The case types' names, in tally order.
    public var caseTypes: [String]
    /// The districts' names, in sample order.
    public var districts: [String]
    /// Cases, contacts, lifecycle events and open cases at the end, city-wide.
    public var tally: CityTally
    /// Running district totals at each reporting time: `samples[time][district]`.
    public var samples: [[DistrictSample]]
    /// The command centre, the departments and the grid workers as queues (rows of `channels.csv`).
    public var backOffice: [ChannelResult]
    /// Residents' mean trust at the end (0–1).
    public var meanTrust: Double
    /// Residents generated.
    public var residents: Int
    /// Grid cells generated.
    public var cells: Int
    /// The largest backlog of open cases at any reporting time.
    public var peakBacklog: Int
    /// Hours from the end of the last shock until the backlog is back to its normal level —
    /// the highest it reached in the week before the first shock began, which allows for its
    /// daily cycle — or until the horizon if it never is; nil without shocks or when the last
    /// shock outlasts the run.
    public var drainHours: Double?
    /// Whether `drainHours` is censored: the backlog was not back to normal by the horizon, so
    /// the drain took at least that long (a mean over runs is then a lower bound).
    public var drainCensored = false
    /// Grid workers on the payroll (workers per cell × cells).
    public var gridWorkers = 0.0
    /// The measured stretch, from the warm-up to the horizon (days).
    public var measuredDays = 0.0
    /// The population factor the city was generated at (`--scale`).
    public var scale = 1.0

    /// Cases created after the warm-up, every type.
    public var created: Int { tally.created.reduce(0, +) }
    /// Of those, closed.
    public var closed: Int { tally.closed.reduce(0, +) }
    /// Of those, dropped.
    public var dropped: Int { tally.dropped.reduce(0, +) }
    /// Of those, still open at the end.
    public var open: Int { tally.openByStage.reduce(0, +) }
    /// Of the closed, handled within their SLA.
    public var onTime: Int { tally.onTime.reduce(0, +) }
    /// Cases closed over cases created (0 when none were created).
    public var closureRate: Double { created > 0 ? Double(closed) / Double(created) : 0 }
    /// Cases closed within their type's SLA over cases closed (0 when none were closed).
    public var onTimeRate: Double { closed > 0 ? Double(onTime) / Double(closed) : 0 }
    /// Mean minutes from report to first dispatch of the closed urgent cases (top priority:
    /// emergencies and escalated hazards); nil when none was dispatched.
    public var urgentDispatchMinutes: Double? {
        tally.dispatchedUrgent > 0 ? tally.dispatchHoursUrgent / Double(tally.dispatchedUrgent) * 60 : nil
    }

    /// The same for the other closed dispatched cases.
    public var otherDispatchMinutes: Double? {
        let count = tally.dispatched - tally.dispatchedUrgent
        return count > 0 ? (tally.dispatchHoursSum - tally.dispatchHoursUrgent) / Double(count) * 60 : nil
    }

    /// Closed within the SLA over the cases whose timeliness is known at the end: the closed ones
    /// and those still open past their SLA (`lateOpen`); open cases within it are censored. Nil
    /// when there is none.
    public var onTimeRateKnown: Double? {
        let known = closed + tally.lateOpen
        return known > 0 ? Double(onTime) / Double(known) : nil
    }
    /// Closed cases whose problem was solved — closures less the false closures that reached
    /// the resident — over closed cases; nil when none was closed.
    public var resolutionRate: Double? {
        closed > 0 ? Double(closed - tally.falseClosures) / Double(closed) : nil
    }

    /// Residents' rating of their closed cases at the call-back: the share satisfied — the
    /// problem solved (no false closure) within its SLA; nil when no resident's case closed.
    public var satisfactionRate: Double? {
        tally.rated > 0 ? Double(tally.satisfied) / Double(tally.rated) : nil
    }

    /// Hazards filed — found by patrol, a sensor or a resident, or escalated — per grid worker per
    /// 30 days: Dongcheng's "cases per grid staff a month" (docs/model.md §9); nil without grid
    /// workers or a measured stretch.
    public var gridCasesPerWorkerMonth: Double? {
        guard gridWorkers > 0, measuredDays > 0 else { return nil }
        return Double(tally.hazardsFound) / gridWorkers / measuredDays * 30
    }

    /// The share of grid workers' hours on duty spent on patrol (patrol as worker time: the hours
    /// with no task); nil when patrol is a rate or the grid had no hours on duty.
    public var patrolShare: Double? {
        guard tally.patrolRounds > 0 || tally.patrolHours > 0,
            let grid = backOffice.first(where: { $0.role == "grid" }), grid.staffHours > 0
        else { return nil }
        return min(1, tally.patrolHours / grid.staffHours)
    }

    /// Mean hours from filing (the report, or the find) to closure of the closed cases.
    public var meanCloseHours: Double {
        closed > 0 ? tally.closeHoursSum.reduce(0, +) / Double(closed) : 0
    }
    /// The 90th percentile of hours to close (every type together).
    public var p90CloseHours: Double {
        var all = tally.closeHours[0]
        for histogram in tally.closeHours.dropFirst() where histogram.totalCount > 0 { all.add(histogram) }
        guard all.totalCount > 0 else { return 0 }
        return Double(all.valueAtPercentile(90)) / 60
    }
    /// The share of emergencies (escalated hazards included) created during a shock that were
    /// handled within the emergency SLA; nil if there were none.
    public var shockEmergencyOnTimeRate: Double? {
        tally.shockEmergencies > 0
            ? Double(tally.shockEmergenciesOnTime) / Double(tally.shockEmergencies) : nil
    }

    /// Transient figures for stress scenarios (Green, Kolesar & Whitt 2007; FACTS.md): the peak
    /// backlog, and the time from the last shock's end until the backlog is back to the highest
    /// level it reached in the week before the first shock (one reporting interval of resolution).
    static func transient(backlog: [Int], interval: SimTime, horizon: SimTime, shocks: [ShockSpec])
        -> (peak: Int, drain: Double?, censored: Bool)
    {
        let peak = backlog.max() ?? 0
        guard let start = shocks.map(\.start).min(), let end = shocks.map({ $0.start + $0.duration }).max()
        else {
            return (peak, nil, false)
        }
        // Sample k is taken at min((k+1)·interval, horizon).
        func time(_ k: Int) -> SimTime { min(Double(k + 1) * interval, horizon) }
        let normal =
            backlog.indices.filter { time($0) <= start && time($0) > start - SimClock.week }
            .map { backlog[$0] }.max() ?? 0
        for k in backlog.indices where time(k) >= end && backlog[k] <= normal {
            return (peak, (time(k) - end) / SimClock.hour, false)
        }
        // Censored: the horizon came first (nil when the shock outlasts the run).
        return (peak, end < horizon ? (horizon - end) / SimClock.hour : nil, end < horizon)
    }

    /// The city's open cases at each reporting time (warm-up included).
    public var backlog: [Int] {
        samples.map { row in row.reduce(0) { $0 + $1.created - $1.closed - $1.dropped } }
    }
}
