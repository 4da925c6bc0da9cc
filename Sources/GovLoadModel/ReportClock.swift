import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The reporting times of a run (`report_interval`): every interval from the start, the last at
/// the horizon, which ends a possibly shorter last interval. Every process samples on it.
struct ReportClock {
    let interval: SimTime
    let horizon: SimTime
    /// The next reporting time.
    private(set) var next: SimTime
    private var taken = 0

    init(interval: SimTime, horizon: SimTime) {
        self.interval = interval
        self.horizon = horizon
        next = min(interval, horizon)
    }

    /// Moves on past the reporting time just sampled.
    mutating func advance() {
        taken += 1
        next = min(Double(taken + 1) * interval, horizon)
    }
}
