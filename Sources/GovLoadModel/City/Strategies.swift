import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The strategy switches of DESIGN §2.
public struct Strategies: Sendable, Codable, Equatable {
    /// Specialised grids or one comprehensive grid (多网合一).
    public enum GridModel: String, Sendable, Codable, CaseIterable { case siloed, merged }
    /// Siloed dispatch or one network (一网统管).
    public enum Dispatch: String, Sendable, Codable, CaseIterable { case siloed, unified }
    /// Offline-first or digital-first service.
    public enum ChannelStrategy: String, Sendable, Codable, CaseIterable {
        case offlineFirst = "offline_first"
        case digitalFirst = "digital_first"
    }

    /// The grid model.
    public var grid: GridModel = .siloed
    /// Full-cycle management (全周期管理), one switch per mechanism; all off is `fragmented`.
    public var verification = false
    /// Follow-up contacts after closure lift trust.
    public var followUp = false
    /// Post-closure review lowers the hazard rate at the site for a while.
    public var review = false
    /// Warnings trigger pre-inspection of exposed sites and early surge activation.
    public var preInspection = false
    /// The dispatch model.
    public var dispatch: Dispatch = .siloed
    /// The channel strategy: digital-first turns on second-level approval (秒批), 24-hour
    /// terminals and any-centre handling (通办) within a street.
    public var channels: ChannelStrategy = .offlineFirst

    /// Creates the baseline: siloed, fragmented, siloed dispatch, offline-first.
    public init() {}

    /// Whether every full-cycle mechanism is on.
    public var isFullCycle: Bool { verification && followUp && review && preInspection }
}
