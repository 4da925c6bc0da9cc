import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// One case as it travels through the city: its type, where it comes from, and the time it
/// reached each stage of the lifecycle (DESIGN §1). The record travels with the case from
/// process to process; the resident's partition closes it and tallies it.
///
/// Stage times are seconds from the run's start; a stage not reached is −1.
public struct CaseRecord: Sendable, Equatable, BitwiseCopyable {
    /// Unique within a run: the creating partition in the top 16 bits, a sequence below.
    public var id: UInt64
    /// Index into `CityModel.caseTypes`.
    public var type: UInt8
    /// Contacts made for it so far (the first included).
    public var attempts: UInt8 = 0
    /// Transfers between departments (misrouting).
    public var transfers: UInt8 = 0
    /// Times it was reopened (a false closure caught, or resurfacing).
    public var reopenings: UInt8 = 0
    /// What else is true of it.
    public var flags: CaseFlags = []
    /// Where it was first reported: a channel's index, or one of ``CaseOrigin``'s codes.
    public var origin: UInt8 = CaseOrigin.unreported
    /// The resident who raised or reported it (global index); `noResident` for patrol and sensor finds.
    public var resident: UInt32
    /// The grid cell it belongs to.
    public var cell: UInt32
    /// The hazard site (hazards); 0 otherwise.
    public var site: UInt32 = 0
    /// Appeared (needs) or became a latent hazard.
    public var created: SimTime
    /// Detected or reported.
    public var reported: SimTime = -1
    /// Registered as a work order by the command centre.
    public var registered: SimTime = -1
    /// First dispatched to a department (the wrong one when misrouted; see `transfers`).
    public var dispatched: SimTime = -1
    /// Handled ("done").
    public var handled: SimTime = -1
    /// Verified on site (full-cycle).
    public var verified: SimTime = -1
    /// When a handler or grid worker first started on it (−1 before).
    public var responded: SimTime = -1
    /// Closed.
    public var closed: SimTime = -1
    /// When an unhandled hazard becomes an emergency (+∞ if it never does).
    public var escalateAt: SimTime = .infinity

    /// No resident: found by patrol or a sensor, or raised by a visitor.
    public static let noResident = UInt32.max
    /// Creates a case at `created`.
    public init(id: UInt64, type: UInt8, resident: UInt32, cell: UInt32, created: SimTime) {
        self.id = id
        self.type = type
        self.resident = resident
        self.cell = cell
        self.created = created
    }

    /// When the rules start the case's clocks: its report (a contact taken, a find filed), or its
    /// creation if it was never reported. The SLA and the hours to close count from here.
    @inlinable public var filed: SimTime { reported >= 0 ? reported : created }

    /// Whether `flag` is set.
    @inlinable public func has(_ flag: CaseFlags) -> Bool { flags.contains(flag) }

    /// Sets or clears `flag`.
    @inlinable public mutating func set(_ flag: CaseFlags, _ on: Bool = true) {
        if on { flags.insert(flag) } else { flags.remove(flag) }
    }
}

/// What else is true of a case: one byte of flags.
public struct CaseFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    /// The bits.
    public let rawValue: UInt8
    /// Flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The last handling was a false closure.
    public static let falselyClosed = CaseFlags(rawValue: 1)
    /// A hazard that became an emergency.
    public static let escalated = CaseFlags(rawValue: 2)
    /// A repeat report about a problem closed falsely before.
    public static let repeatReport = CaseFlags(rawValue: 4)
    /// Needs a second grid domain (siloed grids hand it over).
    public static let crossDomain = CaseFlags(rawValue: 8)
    /// Finished by a grid worker on site.
    public static let onSite = CaseFlags(rawValue: 16)
    /// Not a case: another resident's report of a hazard already reported, which the command
    /// centre recognises and merges into the first.
    public static let duplicate = CaseFlags(rawValue: 32)
    /// Settled on the contact (`closed_on_contact`): never a work order.
    public static let settledOnContact = CaseFlags(rawValue: 64)
}

/// Where a case was first reported (`CaseRecord.origin`, `cases.csv`'s `channel`): the index of
/// the channel a resident first took it to, or one of these codes for cases the city found itself.
public enum CaseOrigin {
    /// Not reported yet (a latent hazard, a need before its first contact).
    public static let unreported: UInt8 = 255
    /// Found by a grid worker on patrol (or pre-inspection).
    public static let patrol: UInt8 = 254
    /// Seen by a sensor (video, IoT).
    public static let sensor: UInt8 = 253
    /// Reported straight to the emergency services: an escalated hazard, a storm's emergency.
    public static let emergencyLine: UInt8 = 252
    /// Channels a scenario may have, so that a channel's index never meets a code.
    public static let maxChannels = 252

    /// The origin's name: the channel's, `patrol`, `sensor`, `emergency`, or empty when unreported.
    public static func name(_ origin: UInt8, channels: [String]) -> String {
        switch origin {
        case unreported: ""
        case patrol: "patrol"
        case sensor: "sensor"
        case emergencyLine: "emergency"
        default: Int(origin) < channels.count ? channels[Int(origin)] : ""
        }
    }
}

/// How a contact at a channel ended.
public enum ContactOutcome: UInt8, Sendable, BitwiseCopyable {
    /// Served: a service finished, or an appeal or report taken.
    case served
    /// Served and settled on the contact: an enquiry answered, an appeal resolved by the agent
    /// (the type's `closed_on_contact` share); no work order.
    case resolved
    /// The resident gave up waiting.
    case abandoned
    /// Refused: the waiting room was full or the channel down.
    case turnedAway
}

/// A resident's contact on its way to a channel, or its answer on the way back.
public struct Contact: Sendable, BitwiseCopyable {
    /// The case the contact is about.
    public var record: CaseRecord
    /// The channel (index into the scenario's channels).
    public var channel: UInt16
    /// The district the channel's unit serves (halls), or 0.
    public var unit: UInt32
    /// The resident's patience at this channel (seconds).
    public var patience: SimTime
    /// How it ended (answers only).
    public var outcome: ContactOutcome = .served
    /// Time spent waiting (answers only).
    public var wait: SimTime = 0
    /// When it ended (answers only).
    public var ended: SimTime = 0
}
