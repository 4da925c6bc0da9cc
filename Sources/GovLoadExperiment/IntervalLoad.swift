import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// What one queue's intervals offered, averaged over runs: the input of staffing by simulation.
public struct IntervalLoad: Sendable, Equatable {
    /// The length of an interval (seconds).
    public var length: SimTime
    /// The offered load in each interval (erlangs): the mean number of customers an
    /// infinite-server system would be serving then (Feldman et al. 2008's m(t)).
    public var offered: [Double]
    /// The offered load of each run in each interval (erlangs): `offeredByRun[run][interval]`.
    public var offeredByRun: [[Double]]
    /// Arrivals in each interval, mean over runs.
    public var arrivals: [Double]
    /// Mean service time wanted by each interval's arrivals (seconds); the queue's overall mean
    /// where an interval had none.
    public var meanService: [Double]

    /// The load of `queue` over `runs`, whose results carry its tally; nil if none does.
    public init?(queue: String, runs: [ReplicationResult]) {
        let tallies = runs.compactMap { run in run.staffedRows.first { $0.name == queue }?.tally }
        guard let first = tallies.first else { return nil }
        let count = Double(tallies.count)
        length = first.length
        offeredByRun = tallies.map { bins in bins.offeredSeconds.map { $0 / first.length } }
        offered = (0..<first.count).map { index in
            tallies.reduce(0) { $0 + $1.offeredSeconds[index] } / count / first.length
        }
        arrivals = (0..<first.count).map { index in
            Double(tallies.reduce(0) { $0 + $1.arrivals[index] }) / count
        }
        let service = (0..<first.count).map { index in tallies.reduce(0) { $0 + $1.serviceSeconds[index] } }
        let totalArrivals = arrivals.reduce(0, +) * count
        let overall = totalArrivals > 0 ? service.reduce(0, +) / totalArrivals : 0
        meanService = zip(service, arrivals).map { seconds, mean in
            mean > 0 ? seconds / (mean * count) : overall
        }
    }

    /// The servers each interval needs to meet every goal by the stationary rule for its offered
    /// load: Erlang A with exponential patience of mean `patience`, Erlang C without; at least
    /// `minimum`. Each run's load counts: without `reliability` the goal is met on average over
    /// the runs, busy days and quiet ones (`Staffing.mixture`); with it, in that share of the runs
    /// (the runs' own needs' quantile: with overdispersed demand, a plan for the average day
    /// fails on busy ones). Throws the interval whose need cannot be computed or met.
    public func requirement(
        goals: [StaffingTarget], patience: Double?, minimum: Int, reliability: Double? = nil
    )
        throws(StaffingRuleError) -> [Int]
    {
        var needs: [Int] = []
        for index in offered.indices {
            let service = meanService[index]
            guard offered[index] > 0, service > 0 else {
                needs.append(minimum)
                continue
            }
            let rates = offeredByRun.map { $0[index] / service }
            var need = minimum
            for goal in goals {
                var servers: [Int] = []
                for group in reliability == nil ? [rates] : rates.map({ [$0] }) {
                    let found: Int?
                    do {
                        found = try Staffing.mixture(
                            arrivalRates: group, serviceTime: service, patience: patience, target: goal)
                    } catch {
                        throw .incomputable(interval: index)
                    }
                    guard let found else { throw .unattainable(interval: index) }
                    servers.append(found)
                }
                servers.sort()
                let rank =
                    reliability.map { Int((($0 * Double(servers.count)) - 1e-9).rounded(.up)) - 1 } ?? 0
                need = max(need, servers[min(servers.count - 1, max(0, rank))])
            }
            needs.append(need)
        }
        return needs
    }

    /// The pointwise stationary plan (Green, Kolesar & Whitt 2007's PSA) by Erlang C: each
    /// interval staffed for its own arrival rate as if it lasted, ignoring abandonment and the
    /// work carried over from earlier intervals; nil where a goal means nothing to Erlang C
    /// (abandonment).
    public func pointwiseErlangC(goals: [StaffingTarget], minimum: Int) -> [Int?] {
        arrivals.indices.map { index in
            let service = meanService[index]
            guard arrivals[index] > 0, service > 0 else { return minimum }
            let rate = arrivals[index] / length
            var need = minimum
            for goal in goals {
                if case .maxAbandonment = goal { return nil }
                guard let servers = Staffing.erlangC(arrivalRate: rate, serviceTime: service, target: goal)
                else { return nil }
                need = max(need, servers)
            }
            return need
        }
    }
}

/// Why an interval's staffing could not be set.
public enum StaffingRuleError: Error, Equatable, Sendable {
    /// No headcount up to the solver's limit meets the goal.
    case unattainable(interval: Int)
    /// A measure on the way is beyond exact computation.
    case incomputable(interval: Int)
}

/// One interval of one queue held against a goal on fresh replications (`verification.csv`).
public struct IntervalCheck: Sendable, Equatable {
    /// The queue.
    public var queue: String
    /// The interval's start and end (seconds from the run's start).
    public var start: SimTime
    public var end: SimTime
    /// The goal.
    public var goal: StaffingGoalFigure
    /// The measured value's mean over replications with arrivals in the interval, and its 95 %
    /// Student-t interval; nil when no replication had an arrival.
    public var value: ConfidenceInterval?
    /// Of the replications with arrivals in the interval, those whose own value meets the goal.
    public var replicationsMet = 0

    /// Whether the interval meets the goal within sampling error: the interval reaches the
    /// figure (a floor's upper end at or above it, a ceiling's lower end at or below it). An
    /// interval without arrivals meets every goal.
    public var met: Bool {
        guard let value else { return true }
        return goal.isFloor ? value.high >= goal.figure : value.low <= goal.figure
    }

    /// Every interval of `queue` against `goal` over `runs`.
    public static func checks(queue: String, goal: StaffingGoalFigure, runs: [ReplicationResult])
        -> [IntervalCheck]
    {
        let tallies = runs.compactMap { run in run.staffedRows.first { $0.name == queue }?.tally }
        guard let first = tallies.first else { return [] }
        return (0..<first.count).map { index in
            let values = tallies.compactMap { goal.value(of: $0, at: index) }
            return IntervalCheck(
                queue: queue, start: Double(index) * first.length,
                end: Double(index + 1) * first.length, goal: goal,
                value: values.isEmpty ? nil : ConfidenceInterval(values),
                replicationsMet: values.filter { goal.isFloor ? $0 >= goal.figure : $0 <= goal.figure }.count)
        }
    }
}

/// A goal as the checks need it: what to measure and the figure to hold it against.
public struct StaffingGoalFigure: Sendable, Equatable {
    /// The target.
    public var target: StaffingTarget
    /// The measured quantity's name.
    public var metric: String
    /// The figure: a share to reach, or the most allowed.
    public var figure: Double
    /// Whether the figure is a floor.
    public var isFloor: Bool

    /// Creates a figure.
    public init(target: StaffingTarget, metric: String, figure: Double, isFloor: Bool) {
        self.target = target
        self.metric = metric
        self.figure = figure
        self.isFloor = isFloor
    }

    /// The measured value in interval `index` of one run; nil without arrivals (or, for the mean
    /// wait, without anyone who left the queue).
    public func value(of bins: IntervalTally.Bins, at index: Int) -> Double? {
        let arrivals = Double(bins.arrivals[index])
        guard arrivals > 0 else { return nil }
        switch target {
        case .serviceLevel(_, let within):
            guard let k = bins.thresholds.firstIndex(of: within) else { return nil }
            return Double(bins.answeredWithin[k][index]) / arrivals
        case .maxAbandonment: return Double(bins.abandoned[index]) / arrivals
        case .maxWaitProbability: return Double(bins.waited[index]) / arrivals
        case .maxMeanWait:
            return bins.left[index] > 0 ? bins.waitSeconds[index] / Double(bins.left[index]) : nil
        }
    }
}

/// One queue's staffing plan: the requirement found by simulation and the shifts that cover it.
public struct QueuePlan: Sendable, Equatable {
    /// The queue.
    public var queue: String
    /// What a staff hour costs.
    public var costPerHour: Double
    /// The offered load the requirement was set for (the last iteration's).
    public var load: IntervalLoad
    /// Servers each interval needs.
    public var requirement: [Int]
    /// The pointwise stationary Erlang C plan, for comparison (nil where it means nothing).
    public var pointwise: [Int?]
    /// The shifts at least cost, and the servers they put on duty.
    public var shifts: ShiftPlanner.Plan
    /// The scenario's own headcount at the start of each interval (surge reserves aside).
    public var own: [Int]

    /// Creates a plan.
    public init(
        queue: String, costPerHour: Double, load: IntervalLoad, requirement: [Int], pointwise: [Int?],
        shifts: ShiftPlanner.Plan, own: [Int]
    ) {
        self.own = own
        self.queue = queue
        self.costPerHour = costPerHour
        self.load = load
        self.requirement = requirement
        self.pointwise = pointwise
        self.shifts = shifts
    }

    /// The scheduled shifts as the queue's schedule: dated shifts, each split at its break.
    public var schedule: ShiftSchedule {
        let length = load.length
        var dated: [ShiftSchedule.DatedShift] = []
        for shift in shifts.shifts {
            for piece in QueuePlan.pieces(shift) {
                dated.append(
                    ShiftSchedule.DatedShift(
                        start: Double(piece.lowerBound) * length, end: Double(piece.upperBound) * length,
                        servers: shift.count))
            }
        }
        return ShiftSchedule(shifts: [], dated: dated)
    }

    /// A shift's working stretches (intervals): before and after its break.
    public static func pieces(_ shift: ShiftPlanner.Shift) -> [Range<Int>] {
        let end = shift.start + shift.length
        guard let breakStart = shift.breakStart else { return [shift.start..<end] }
        return [shift.start..<breakStart, breakStart + shift.breakLength..<end].filter { !$0.isEmpty }
    }

    /// A requirement as a schedule: each interval's servers on duty for that interval.
    public static func schedule(_ servers: [Int], length: SimTime) -> ShiftSchedule {
        ShiftSchedule(
            shifts: [],
            dated: servers.enumerated().map { index, count in
                ShiftSchedule.DatedShift(
                    start: Double(index) * length, end: Double(index + 1) * length, servers: count)
            })
    }
}

extension StaffingGoalFigure {
    /// The measured value over every arrival in intervals `from` on, pooled over `tallies`
    /// (NaN without arrivals).
    public func pooled(_ tallies: [IntervalTally.Bins], from first: Int) -> Double {
        var numerator = 0.0
        var denominator = 0.0
        for bins in tallies {
            for index in first..<bins.count {
                let arrivals = Double(bins.arrivals[index])
                switch target {
                case .serviceLevel(_, let within):
                    guard let k = bins.thresholds.firstIndex(of: within) else { continue }
                    numerator += Double(bins.answeredWithin[k][index])
                    denominator += arrivals
                case .maxAbandonment:
                    numerator += Double(bins.abandoned[index])
                    denominator += arrivals
                case .maxWaitProbability:
                    numerator += Double(bins.waited[index])
                    denominator += arrivals
                case .maxMeanWait:
                    numerator += bins.waitSeconds[index]
                    denominator += Double(bins.left[index])
                }
            }
        }
        return denominator > 0 ? numerator / denominator : .nan
    }
}
