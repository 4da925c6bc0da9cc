import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// How residents choose channels, wait, try again, report hazards and trust (DESIGN §1).
public struct BehaviourSpec: Sendable, Codable, Equatable {
    /// Utility per hour of expected wait (negative: residents avoid long queues).
    public var waitWeight: Double
    /// Utility per unit of digital literacy on the digital channels (online, terminal, qr).
    public var literacyWeight: Double
    /// Utility per unit of trust on the official channels (hotline, direct, center, hall).
    public var trustWeight: Double
    /// The weight of each new experience in a partition's expected wait per channel (0–1).
    public var waitMemory: Double
    /// The chance that a resident who gave up (or was turned away) tries again.
    public var retryProbability: Double
    /// The time until the next try.
    public var retryDelay: Distribution
    /// The chance the next try goes to another channel (chosen again without the one that failed).
    public var switchProbability: Double
    /// The most tries per need, the first included.
    public var maxAttempts: Int
    /// Initial trust, mean (0–1); each resident's is drawn around it.
    public var initialTrust: Double
    /// Trust changes on outcomes (added, then clamped to 0–1).
    public var trustOnTime: Double
    /// …a late closure.
    public var trustLate: Double
    /// …giving up on a channel.
    public var trustAbandoned: Double
    /// …a false closure that reaches the resident.
    public var trustFalseClosure: Double
    /// …a follow-up contact (full-cycle).
    public var trustFollowUp: Double
    /// Rate at which residents of a cell report a latent hazard they can see, at trust 1 (per
    /// second); scaled by the reporter's trust.
    public var hazardReportRate: Double
    /// The chance, at trust 0, that a resident complains again about a late or falsely closed
    /// case (scaled by 1 − trust).
    public var repeatComplaint: Double
    /// The time until such a repeat complaint, or until a false closure resurfaces.
    public var repeatDelay: Distribution
    /// Mean number of other residents who also report a hazard a resident reports (Poisson):
    /// one incident draws several reports (FACTS.md: four calls in ten minutes about one slope).
    public var duplicateReports: Double = 0
    /// The time from the first report to each duplicate.
    public var duplicateDelay: Distribution = .exponential(mean: 600)

    /// Creates a behaviour specification.
    public init(
        waitWeight: Double = -1, literacyWeight: Double = 1.5, trustWeight: Double = 0.5,
        waitMemory: Double = 0.05, retryProbability: Double = 0.5,
        retryDelay: Distribution = .exponential(mean: 1_800), switchProbability: Double = 0.3,
        maxAttempts: Int = 3, initialTrust: Double = 0.6, trustOnTime: Double = 0.02,
        trustLate: Double = -0.05, trustAbandoned: Double = -0.03, trustFalseClosure: Double = -0.1,
        trustFollowUp: Double = 0.02, hazardReportRate: Double = 1.0 / 86_400,
        repeatComplaint: Double = 0.5, repeatDelay: Distribution = .exponential(mean: 3 * 86_400)
    ) {
        self.waitWeight = waitWeight
        self.literacyWeight = literacyWeight
        self.trustWeight = trustWeight
        self.waitMemory = waitMemory
        self.retryProbability = retryProbability
        self.retryDelay = retryDelay
        self.switchProbability = switchProbability
        self.maxAttempts = maxAttempts
        self.initialTrust = initialTrust
        self.trustOnTime = trustOnTime
        self.trustLate = trustLate
        self.trustAbandoned = trustAbandoned
        self.trustFalseClosure = trustFalseClosure
        self.trustFollowUp = trustFollowUp
        self.hazardReportRate = hazardReportRate
        self.repeatComplaint = repeatComplaint
        self.repeatDelay = repeatDelay
    }
}
