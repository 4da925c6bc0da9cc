import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// What every process of a city run shares, read-only: the scenario, the generated city, and
/// the wiring of processes (partitions first, then one hub per city- or district-scope channel,
/// then the back office). A class, not a struct: a method called on a struct stored in a process
/// copied all of it (1.8 kB) to the stack at every call, several times per case.
final class CityPlan: Sendable {
    let scenario: Scenario
    let model: CityModel
    let city: City
    /// The engine's window: every message takes effect this long after it is sent.
    let latency: SimTime
    /// The process of each channel's hub; nil for community channels, which partitions run.
    let hubProcess: [Int?]
    /// The process of the back office.
    let backOfficeProcess: Int
    /// Community channels, in scenario order (their index among them is their bank's index).
    let localChannels: [Int]
    /// For each channel, its index among `localChannels` (community channels only).
    let localIndex: [Int?]
    /// Each case type's department index (nil: finished at the front office).
    let departmentOfType: [Int?]
    /// Each case type's grid domain index (into `model.grid.domains`, or 0).
    let domainOfType: [Int]
    /// Each case type's allowed channels with their base utilities, in scenario channel order.
    let choices: [[(channel: Int, utility: Double)]]
    /// The SLA of the first emergency type: escalated hazards are held to it.
    /// The emergency type's rules (an escalated hazard follows its SLA), if there is one.
    let emergencyRules: CaseTypeRules?
    /// Each channel's schedule per unit, scaled where the unit is the whole city or a district.
    let schedules: [ShiftSchedule]
    /// The case types' and channels' numbers the hot path reads, as plain values, and each
    /// channel's service time per case type (channel-major).
    let caseRules: [CaseTypeRules]
    let channelRules: [ChannelRules]
    /// Each age band's `prefer` for each channel (band-major), by the channel's kind, 0 where the
    /// band names none: what a channel choice reads without hashing the kind.
    let bandPreference: [Double]
    /// Each shock's factor on each channel's staffing (shock-major), nil where it names none: the
    /// channel choice reads it per contact without hashing the channel's name.
    let shockChannelFactors: [Double?]
    let serviceTimes: [Distribution]
    /// The channels' names, in scenario order.
    let channelNames: [String]
    /// Each channel's `closed_on_contact` share per case type (channel-major).
    let closedOnContactShares: [Double]
    /// The case type hazards are of, and the first of kind emergency, if any.
    let hazardType: Int?
    let emergencyType: Int?

    init(scenario: Scenario, model: CityModel) {
        self.scenario = scenario
        self.model = model
        let city = City(model)
        self.city = city
        latency = scenario.window
        let partitions = city.partitions.count
        var next = partitions
        var hubs: [Int?] = []
        var local: [Int] = []
        var localIndex: [Int?] = []
        for (index, channel) in scenario.channels.enumerated() {
            if channel.kind.scope == .community {
                hubs.append(nil)
                localIndex.append(local.count)
                local.append(index)
            } else {
                hubs.append(next)
                localIndex.append(nil)
                next += 1
            }
        }
        hubProcess = hubs
        localChannels = local
        self.localIndex = localIndex
        backOfficeProcess = next
        let scale = model.layout.scale
        let digitalFirst = model.strategies.channels == .digitalFirst
        schedules = scenario.channels.map { channel in
            var schedule =
                channel.kind.scope == .community
                ? channel.schedule : channel.schedule.scaled(by: scale, safety: model.layout.staffingBeta)
            if digitalFirst && channel.kind == .terminal { schedule = schedule.roundTheClock }
            return schedule
        }
        departmentOfType = model.caseTypes.map { type in
            type.department.flatMap { name in model.departments.firstIndex { $0.name == name } }
        }
        caseRules = model.caseTypes.map(CaseTypeRules.init)
        channelRules = scenario.channels.map(ChannelRules.init)
        shockChannelFactors = model.shocks.flatMap { shock in
            scenario.channels.map { shock.channels[$0.name] }
        }
        bandPreference = model.ageBands.flatMap { band in
            scenario.channels.map { band.channelPreference[$0.kind] ?? 0 }
        }
        channelNames = scenario.channels.map(\.name)
        serviceTimes = scenario.channels.flatMap { channel in
            model.caseTypes.map { channel.serviceTime(for: $0.name) }
        }
        closedOnContactShares = scenario.channels.flatMap { channel in
            model.caseTypes.map { $0.closedOnContact[channel.name] ?? 0 }
        }
        hazardType = model.caseTypes.firstIndex { $0.kind == .hazard }
        emergencyType = model.caseTypes.firstIndex { $0.kind == .emergency }
        emergencyRules = model.caseTypes.first { $0.kind == .emergency }.map(CaseTypeRules.init)
        domainOfType = model.caseTypes.map { type in model.grid.domains.firstIndex(of: type.domain) ?? 0 }
        choices = model.caseTypes.map { type in
            scenario.channels.indices.compactMap { index in
                type.channels[scenario.channels[index].name].map { (index, $0) }
            }
        }
    }

    /// The partition that owns `cell`.
    func partition(ofCell cell: UInt32) -> Int { Int(city.cellPartition[Int(cell)]) }

    /// The product of the active shocks' staffing factors for `channel` in `district` at `time`
    /// (full intensity from each shock's start to its end).
    func channelFactor(_ channel: Int, district: Int, at time: SimTime) -> Double {
        var factor = 1.0
        let channels = channelRules.count
        // By index: a `for shock in` would copy each shock, dictionaries and all, per contact.
        for s in model.shocks.indices where model.shocks[s].isUnderway(at: time) {
            guard let value = shockChannelFactors[s * channels + channel] else { continue }
            if channelRules[channel].kind.scope == .city || model.shocks[s].hits(district: district) {
                factor *= value
            }
        }
        return factor
    }

    /// The times at which some shock starts or ends: where staffing factors change.
    var shockBoundaries: [SimTime] {
        Array(Set(model.shocks.flatMap { [$0.start, $0.start + $0.duration] })).sorted()
    }
}
