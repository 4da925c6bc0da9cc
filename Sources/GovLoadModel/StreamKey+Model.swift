import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The model's random-stream vocabulary: what each stream is for and whose it is. The raw values
/// are part of every stream's key, and so of every result: never renumber them.
extension StreamPurpose {
    /// Inter-arrival times of exogenous arrivals.
    public static let arrivals = StreamPurpose(rawValue: 1)
    /// Service times.
    public static let service = StreamPurpose(rawValue: 2)
    /// Patience (time until a waiting customer abandons).
    public static let patience = StreamPurpose(rawValue: 3)
    /// Overdispersion of demand (gamma–Poisson intensity factors).
    public static let demandNoise = StreamPurpose(rawValue: 4)
    /// Choices (channel choice, routing, probabilities of outcomes).
    public static let choice = StreamPurpose(rawValue: 5)
    /// Handling times in the back office.
    public static let handling = StreamPurpose(rawValue: 6)
    /// City generation.
    public static let generation = StreamPurpose(rawValue: 7)
    /// Whether a contact settles the case on the spot (`closed_on_contact`).
    public static let resolution = StreamPurpose(rawValue: 8)
    /// Whether a grid worker's patrol round finds each latent hazard of the cell.
    public static let patrol = StreamPurpose(rawValue: 9)
    /// What a new hazard brings with it: its escalation time and whether a reviewed site keeps it
    /// (the same draws under every policy, so the hazards stay common).
    public static let hazards = StreamPurpose(rawValue: 10)
    /// Which latent hazards a shock escalates.
    public static let shockEscalation = StreamPurpose(rawValue: 11)
}

extension StreamEntityKind {
    /// A front-office channel or any stand-alone service point.
    public static let channel = StreamEntityKind(rawValue: 1)
    /// A partition of the city.
    public static let partition = StreamEntityKind(rawValue: 2)
    /// A resident.
    public static let resident = StreamEntityKind(rawValue: 3)
    /// A grid cell.
    public static let cell = StreamEntityKind(rawValue: 4)
    /// A department or the command centre.
    public static let department = StreamEntityKind(rawValue: 5)
    /// An exogenous arrival stream feeding a channel.
    public static let arrivalStream = StreamEntityKind(rawValue: 6)
}
