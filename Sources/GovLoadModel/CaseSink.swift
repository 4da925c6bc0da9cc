import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// What became of a case by the end of a run, as `cases.csv` says it.
public enum CaseStatus: String, Sendable, CaseIterable {
    /// Closed (a false closure counts: the system believed it).
    case closed
    /// Dropped: the resident gave up on the need.
    case dropped
    /// Still open at the horizon.
    case open
}

/// Where one process of a run sends its cases (`run --cases`): a row per case as it is closed or
/// dropped, and per case still open at the end. The model only hands records over; the output
/// layer decides what a sink is (`CaseLog`, a part file of `cases.csv`).
public protocol CaseSink: AnyObject {
    /// Takes one case, with its type's and district's names and the name of where it was first
    /// reported (``CaseOrigin/name(_:channels:)``).
    func add(_ record: CaseRecord, type: String, district: String, channel: String, status: CaseStatus)
    /// Ends the sink; returns what it wrote, for the run's writer to collect, or nil after a
    /// failure (then `failure` says what).
    func close() -> String?
    /// The first failure, if any.
    var failure: String? { get }
}

/// Makes the sinks of one run, one per process.
public protocol CaseSinkFactory: Sendable {
    /// A sink for one process.
    func makeSink() -> any CaseSink
}
