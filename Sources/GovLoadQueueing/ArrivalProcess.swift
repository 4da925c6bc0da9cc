import GovLoadEngine
import GovLoadSupport

/// A non-homogeneous Poisson process whose rate is constant within each hour of the week:
/// exogenous arrivals (`external_arrivals`). The rate is a base rate times an hour-of-day factor
/// times a day-of-week factor.
///
/// Arrival times are generated exactly, by inverting the integrated rate: one exponential draw per
/// arrival, whatever the profile.
public struct ArrivalProcess: Sendable, Equatable, Codable {
    /// Arrivals per second in each hour of the week (168 entries, Monday 00:00 first).
    public let hourlyRates: [Double]
    /// The rate when it is the same in every hour, else nil: the fast path.
    @usableFromInline package let constantRate: Double?

    /// Creates the process from a base rate (per second), 24 hour-of-day factors and 7
    /// day-of-week factors (Monday first).
    public init(ratePerSecond: Double, hourFactors: [Double]? = nil, dayFactors: [Double]? = nil) {
        let hours = hourFactors ?? Array(repeating: 1, count: 24)
        let days = dayFactors ?? Array(repeating: 1, count: 7)
        precondition(hours.count == 24 && days.count == 7)
        var rates: [Double] = []
        rates.reserveCapacity(168)
        for day in 0..<7 { for hour in 0..<24 { rates.append(ratePerSecond * hours[hour] * days[day]) } }
        hourlyRates = rates
        constantRate = rates.allSatisfy { $0 == rates[0] } ? rates[0] : nil
    }

    /// The mean arrivals per second over a week.
    public var meanRate: Double { hourlyRates.reduce(0, +) / Double(hourlyRates.count) }

    /// Whether the rate is the same in every hour.
    public var isHomogeneous: Bool { constantRate != nil }

    /// The arrival after `time`, given a unit-exponential draw `unitExponential`; +∞ if none ever comes.
    @inlinable
    public func nextArrival(after time: SimTime, unitExponential: Double) -> SimTime {
        if let rate = constantRate { return rate > 0 ? time + unitExponential / rate : .infinity }
        var remaining = unitExponential
        var now = time
        var hourIndex = Int((now / SimClock.hour).rounded(.down))
        var emptyHours = 0
        while true {
            let rate = hourlyRates[hourIndex % 168]
            let hourEnd = SimTime(hourIndex + 1) * SimClock.hour
            if rate > 0 {
                emptyHours = 0
                let needed = remaining / rate
                if now + needed < hourEnd { return now + needed }
                remaining -= (hourEnd - now) * rate
            } else {
                emptyHours += 1
                if emptyHours > 168 { return .infinity }
            }
            now = hourEnd
            hourIndex += 1
        }
    }
}
