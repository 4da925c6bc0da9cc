import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// A named way of organising the service (DESIGN §2): an overlay on the scenario, resolved into a
/// complete scenario of its own. Policies of one scenario share every random stream, so their
/// differences are estimated with paired intervals (common random numbers).
///
/// Channel-only scenarios can override their channels (headcounts, shifts, service, patience,
/// capacity); the strategy switches of the city model will join them.
public struct Policy: Sendable, Codable, Equatable {
    /// The implicit policy of a scenario without policies, and the default baseline of comparisons.
    public static let baselineName = "baseline"

    /// The policy's name: fills the `policy` column.
    public var name: String
    /// One line on what the policy changes.
    public var description: String
    /// The scenario with the policy's overlay applied.
    public var scenario: Scenario

    /// Creates a policy.
    public init(name: String, description: String = "", scenario: Scenario) {
        self.name = name
        self.description = description
        self.scenario = scenario
    }
}

/// One point of a sweep: the swept keys' values, as written in the scenario (`35`, `5m`).
public struct SweepPoint: Sendable, Codable, Equatable {
    /// The values, in the order of the swept keys.
    public var values: [String]

    /// Creates a point.
    public init(values: [String]) { self.values = values }
}
