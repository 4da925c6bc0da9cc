import GovLoadEngine
import GovLoadSupport

/// The number of servers on duty over a week, piecewise constant: the staffing of a channel,
/// a department or a grid-worker pool. The week starts on Monday at 00:00 and repeats.
public struct ShiftSchedule: Sendable, Equatable, Codable {
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

    /// A constant headcount, round the clock.
    public init(constant: Int) {
        offsets = [0]
        servers = [constant]
    }

    /// The headcount that the given shifts add up to; hours no shift covers have 0 servers.
    public init(shifts: [Shift]) {
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
        self.offsets = offsets
        self.servers = servers
    }

    /// The same shifts with every headcount multiplied by `factor` and rounded, keeping at least
    /// one server wherever there was one: staff sized for the whole city, run at `--scale`.
    public func scaled(by factor: Double) -> ShiftSchedule {
        guard factor != 1 else { return self }
        return ShiftSchedule(
            offsets: offsets,
            servers: servers.map { $0 == 0 ? 0 : max(1, Int((Double($0) * factor).rounded())) })
    }

    /// The headcounts for `factor` times the load, by the square-root staffing rule (Halfin &
    /// Whitt 1981): a headcount c is read as R + β√R for the offered load R it serves, and the
    /// scaled headcount is factor·R + β√(factor·R), rounded (at least 1 where c was). That keeps
    /// the probability of waiting about the same at any factor, where linear scaling (β = 0)
    /// loses the large queue's economies of scale. The headcount c itself comes back at factor 1.
    public func scaled(by factor: Double, safety beta: Double) -> ShiftSchedule {
        guard factor != 1, beta > 0 else { return scaled(by: factor) }
        return ShiftSchedule(
            offsets: offsets,
            servers: servers.map { count in
                guard count > 0 else { return 0 }
                let root = (-beta + (beta * beta + 4 * Double(count)).squareRoot()) / 2
                let load = factor * root * root
                return max(1, Int((load + beta * load.squareRoot()).rounded()))
            })
    }

    /// The same shifts, on duty round the clock at their peak headcount (24-hour terminals).
    public var roundTheClock: ShiftSchedule { ShiftSchedule(constant: peak) }

    private init(offsets: [SimTime], servers: [Int]) {
        self.offsets = offsets
        self.servers = servers
    }

    /// Whether the headcount never changes.
    @inlinable public var isConstant: Bool { servers.count == 1 }

    /// The largest headcount in the week.
    public var peak: Int { servers.max() ?? 0 }

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
        return servers[segment(atWeekOffset: offset)]
    }

    /// The first time after `time` at which the headcount changes, or +∞ if it never does.
    @inlinable public func nextChange(after time: SimTime) -> SimTime {
        guard !isConstant else { return .infinity }
        let weekStart = (time / SimClock.week).rounded(.down) * SimClock.week
        let index = segment(atWeekOffset: time - weekStart)
        if index + 1 < offsets.count { return weekStart + offsets[index + 1] }
        return weekStart + SimClock.week
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
