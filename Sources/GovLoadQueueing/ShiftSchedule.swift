import GovLoadEngine
import GovLoadSupport

/// The number of servers on duty, piecewise constant: the staffing of a channel, a department or
/// a grid-worker pool. A weekly part (the week starts on Monday at 00:00 and repeats) plus a
/// dated part, shifts at fixed times of the run (`from: "12d 06:00"`), which adds to it: a storm
/// plan, or the hour-by-hour plan `govload staff` writes.
public struct ShiftSchedule: Sendable, Equatable, Codable {
    /// A shift at a fixed time of the run: `servers` people on duty from `start` to `end`
    /// (seconds from the run's start).
    public struct DatedShift: Sendable, Equatable, Codable {
        /// Start, in seconds from the run's start.
        public var start: SimTime
        /// End, in seconds from the run's start; after `start`.
        public var end: SimTime
        /// People on duty.
        public var servers: Int

        /// Creates a dated shift.
        public init(start: SimTime, end: SimTime, servers: Int) {
            self.start = start
            self.end = end
            self.servers = servers
        }
    }

    /// One shift: `servers` people on duty on the given weekdays from `start` to `end`
    /// (seconds after midnight; an `end` at or before `start` runs past midnight into the next day).
    public struct Shift: Sendable, Equatable, Codable {
        /// Weekdays the shift starts on, 0 = Monday … 6 = Sunday.
        public var days: Set<Int>
        /// Start, in seconds after midnight.
        public var start: SimTime
        /// End, in seconds after midnight; at or before `start` means the next day.
        public var end: SimTime
        /// People on duty.
        public var servers: Int

        /// Creates a shift.
        public init(days: Set<Int>, start: SimTime, end: SimTime, servers: Int) {
            self.days = days
            self.start = start
            self.end = end
            self.servers = servers
        }
    }

    /// Offsets into the week (seconds, ascending, the first 0) at which the headcount changes.
    public let offsets: [SimTime]
    /// The headcount from each offset until the next.
    public let servers: [Int]
    /// Times of the run (seconds, ascending) at which the dated part's headcount changes; empty
    /// when the schedule has no dated shifts. Before the first and after the last it adds 0.
    public let datedOffsets: [SimTime]
    /// The dated part's headcount from each of `datedOffsets` until the next.
    public let datedServers: [Int]

    /// A constant headcount, round the clock.
    public init(constant: Int) {
        offsets = [0]
        servers = [constant]
        datedOffsets = []
        datedServers = []
    }

    /// The headcount that the given weekly and dated shifts add up to; hours no shift covers
    /// have 0 servers.
    public init(shifts: [Shift], dated: [DatedShift] = []) {
        (offsets, servers) = Self.weekly(shifts)
        (datedOffsets, datedServers) = Self.timeline(dated)
    }

    /// The dated shifts as a timeline of changes: every start and end, with the headcount that
    /// holds from it (equal neighbours merged; the last 0).
    static func timeline(_ dated: [DatedShift]) -> ([SimTime], [Int]) {
        guard !dated.isEmpty else { return ([], []) }
        var changes: [SimTime: Int] = [:]
        for shift in dated where shift.end > shift.start {
            changes[shift.start, default: 0] += shift.servers
            changes[shift.end, default: 0] -= shift.servers
        }
        var offsets: [SimTime] = []
        var servers: [Int] = []
        var level = 0
        for time in changes.keys.sorted() {
            level += changes[time] ?? 0
            if let last = servers.last, last == level { continue }
            offsets.append(time)
            servers.append(level)
        }
        return (offsets, servers)
    }

    /// The weekly shifts as offsets into the week and the headcount from each.
    static func weekly(_ shifts: [Shift]) -> ([SimTime], [Int]) {
        // Each shift occurrence as a half-open interval in week time, split at the week's end.
        var intervals: [(start: SimTime, end: SimTime, servers: Int)] = []
        for shift in shifts {
            let length =
                shift.end > shift.start ? shift.end - shift.start : shift.end + SimClock.day - shift.start
            for day in shift.days.sorted() {
                let start = SimTime(day) * SimClock.day + shift.start
                let end = start + length
                if end <= SimClock.week {
                    intervals.append((start, end, shift.servers))
                } else {
                    intervals.append((start, SimClock.week, shift.servers))
                    intervals.append((0, end - SimClock.week, shift.servers))
                }
            }
        }
        var points = Set<SimTime>([0])
        for interval in intervals {
            points.insert(interval.start)
            if interval.end < SimClock.week { points.insert(interval.end) }
        }
        var offsets: [SimTime] = []
        var servers: [Int] = []
        for point in points.sorted() {
            let count = intervals.reduce(0) { sum, interval in
                sum + (interval.start <= point && point < interval.end ? interval.servers : 0)
            }
            if let last = servers.last, last == count { continue }
            offsets.append(point)
            servers.append(count)
        }
        return (offsets, servers)
    }

    /// The same shifts with every headcount multiplied by `factor` and rounded, keeping at least
    /// one server wherever there was one: staff sized for the whole city, run at `--scale`.
    public func scaled(by factor: Double) -> ShiftSchedule {
        guard factor != 1 else { return self }
        func scale(_ count: Int) -> Int { count == 0 ? 0 : max(1, Int((Double(count) * factor).rounded())) }
        return ShiftSchedule(
            offsets: offsets, servers: servers.map(scale), datedOffsets: datedOffsets,
            datedServers: datedServers.map(scale))
    }

    /// The headcounts for `factor` times the load, by the square-root staffing rule (Halfin &
    /// Whitt 1981): a headcount c is read as R + β√R for the offered load R it serves, and the
    /// scaled headcount is factor·R + β√(factor·R), rounded (at least 1 where c was). That keeps
    /// the probability of waiting about the same at any factor, where linear scaling (β = 0)
    /// loses the large queue's economies of scale. The headcount c itself comes back at factor 1.
    public func scaled(by factor: Double, safety beta: Double) -> ShiftSchedule {
        guard factor != 1, beta > 0 else { return scaled(by: factor) }
        func scale(_ count: Int) -> Int {
            guard count > 0 else { return 0 }
            let root = (-beta + (beta * beta + 4 * Double(count)).squareRoot()) / 2
            let load = factor * root * root
            return max(1, Int((load + beta * load.squareRoot()).rounded()))
        }
        return ShiftSchedule(
            offsets: offsets, servers: servers.map(scale), datedOffsets: datedOffsets,
            datedServers: datedServers.map(scale))
    }

    /// The same shifts, on duty round the clock at their peak headcount (24-hour terminals).
    public var roundTheClock: ShiftSchedule { ShiftSchedule(constant: peak) }

    private init(offsets: [SimTime], servers: [Int], datedOffsets: [SimTime], datedServers: [Int]) {
        self.offsets = offsets
        self.servers = servers
        self.datedOffsets = datedOffsets
        self.datedServers = datedServers
    }

    /// Decodes a schedule; one written before dated shifts existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        offsets = try container.decode([SimTime].self, forKey: .offsets)
        servers = try container.decode([Int].self, forKey: .servers)
        datedOffsets = try container.decodeIfPresent([SimTime].self, forKey: .datedOffsets) ?? []
        datedServers = try container.decodeIfPresent([Int].self, forKey: .datedServers) ?? []
    }

    /// Whether the headcount never changes.
    @inlinable public var isConstant: Bool { servers.count == 1 && datedOffsets.isEmpty }

    /// The weekly shifts alone, without the dated ones.
    public var weeklyPart: ShiftSchedule {
        ShiftSchedule(offsets: offsets, servers: servers, datedOffsets: [], datedServers: [])
    }

    /// Whether the schedule has dated shifts.
    public var isDated: Bool { !datedOffsets.isEmpty }

    /// The largest headcount at any time (at most the weekly peak plus the dated one).
    public var peak: Int { (servers.max() ?? 0) + (datedServers.max() ?? 0) }

    /// The index of the segment containing week offset `offset`.
    @inlinable func segment(atWeekOffset offset: SimTime) -> Int {
        var low = 0
        var high = offsets.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if offsets[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The headcount at time `time`.
    @inlinable public func servers(at time: SimTime) -> Int {
        let offset = time.truncatingRemainder(dividingBy: SimClock.week)
        let weekly = servers[segment(atWeekOffset: offset)]
        guard let index = datedSegment(at: time) else { return weekly }
        return weekly + datedServers[index]
    }

    /// The index of the dated change in force at `time`, nil before the first.
    @inlinable func datedSegment(at time: SimTime) -> Int? {
        guard let first = datedOffsets.first, time >= first else { return nil }
        var low = 0
        var high = datedOffsets.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if datedOffsets[mid] <= time { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The first time after `time` at which the headcount changes, or +∞ if it never does.
    @inlinable public func nextChange(after time: SimTime) -> SimTime {
        guard !isConstant else { return .infinity }
        var next = SimTime.infinity
        if servers.count > 1 {
            let weekStart = (time / SimClock.week).rounded(.down) * SimClock.week
            let index = segment(atWeekOffset: time - weekStart)
            next = index + 1 < offsets.count ? weekStart + offsets[index + 1] : weekStart + SimClock.week
        }
        let dated = datedSegment(at: time).map { $0 + 1 } ?? 0
        if dated < datedOffsets.count { next = min(next, datedOffsets[dated]) }
        return next
    }

    /// Staff-seconds on duty in `[from, to)`.
    public func staffSeconds(from: SimTime, to: SimTime) -> Double {
        guard to > from else { return 0 }
        var total = 0.0
        var time = from
        while time < to {
            let next = min(nextChange(after: time), to)
            total += Double(servers(at: time)) * (next - time)
            time = next
        }
        return total
    }
}
