/// The priority classes of the city's queues (0 is served first; first come, first served within a
/// class). Case types take the top classes; the grid's own work for closed cases comes after every
/// case, so that verifying and following up never delays a problem still open.
public enum CasePriority {
    /// An emergency, or any case that escalated: ahead of everything.
    public static let emergency = 0
    /// The classes a case type may be given (`priority` in a scenario).
    public static let caseTypes = 0...7
    /// A grid worker's on-site verification of a closure (full-cycle management).
    public static let verification = 8
    /// A grid worker's follow-up with the resident (full-cycle management).
    public static let followUp = 9
    /// The classes every queue of a city has.
    public static let levels = 10
}
