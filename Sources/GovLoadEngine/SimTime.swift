import GovLoadSupport

/// Simulated time, in seconds since the start of the run (Monday 00:00 of week 1).
public typealias SimTime = Double

/// Calendar helpers over simulated time. The run starts on a Monday at midnight.
public enum SimClock {
    /// Seconds in a minute.
    public static let minute: SimTime = 60
    /// Seconds in an hour.
    public static let hour: SimTime = 3_600
    /// Seconds in a day.
    public static let day: SimTime = 86_400
    /// Seconds in a week.
    public static let week: SimTime = 604_800
}
