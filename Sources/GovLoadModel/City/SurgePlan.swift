import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The surge rules aimed at one channel or department, and when each reserve is on duty
/// (DESIGN §2, staffing). A warning calls a reserve when it is issued under full-cycle
/// pre-inspection (early activation) and only when the shock starts otherwise; a wait trigger
/// calls it at the end of a reporting interval whose mean wait was above the threshold. A
/// reserve stays for at most its rule's maximum duration and can be called again after.
struct SurgePlan {
    let rules: [SurgeRule]
    let scale: Double
    let warmup: SimTime
    let horizon: SimTime
    /// The units the reserve joins (one per district for halls): each gets the whole reserve.
    let units: Int
    private var from: [SimTime]
    private var until: [SimTime]
    /// Reserve staff-seconds in the measured period at the reserves' efficiency (they are in
    /// the queues' headcount), and what the reserves cost.
    private(set) var effectiveSeconds = 0.0
    private(set) var cost = 0.0

    init(target: String, model: CityModel, warmup: SimTime, horizon: SimTime, units: Int) {
        rules = model.surge.filter { $0.target == target }
        scale = model.layout.scale
        self.warmup = warmup
        self.horizon = horizon
        self.units = units
        from = Array(repeating: -1, count: rules.count)
        until = Array(repeating: -1, count: rules.count)
    }

    /// Every warning activation: (rule, trigger time), for the host to `activate`.
    func warningTriggers(shocks: [ShockSpec], earlyOnWarning: Bool) -> [(Int, SimTime)] {
        var triggers: [(Int, SimTime)] = []
        for shock in shocks {
            for (index, rule) in rules.enumerated() where rule.onWarning {
                triggers.append((index, earlyOnWarning ? max(0, shock.start - shock.warning) : shock.start))
            }
        }
        return triggers
    }

    /// Calls reserve `rule` in at `trigger` + its activation delay unless it is on duty then;
    /// returns the times at which the headcount changes, for the host to schedule.
    mutating func activate(_ rule: Int, at trigger: SimTime) -> [SimTime] {
        let start = trigger + rules[rule].activationDelay
        guard start >= until[rule], start < horizon else { return [] }
        let end = min(start + rules[rule].maxDuration, horizon)
        from[rule] = start
        until[rule] = end
        let people = (Double(rules[rule].reserve) * scale).rounded() * Double(units)
        let measured = max(0, end - max(start, warmup))
        effectiveSeconds +=
            (Double(rules[rule].reserve) * scale * rules[rule].efficiency).rounded() * Double(units)
            * measured
        cost += people * measured / SimClock.hour * rules[rule].costPerStaffHour
        return [start, end]
    }

    /// The reserve on duty at `time`, at the reserves' efficiency (whole servers).
    func extraServers(at time: SimTime) -> Int {
        var extra = 0
        for (index, rule) in rules.enumerated() where time >= from[index] && time < until[index] {
            extra += Int((Double(rule.reserve) * scale * rule.efficiency).rounded())
        }
        return extra
    }

    /// The rules to call after a reporting interval whose mean wait was `wait` seconds and at
    /// whose end `waiting` were waiting.
    func waitTriggers(meanWait wait: SimTime, waiting: Int) -> [Int] {
        rules.indices.filter {
            (rules[$0].waitAbove.map { wait > $0 } ?? false)
                || (rules[$0].queueAbove.map { waiting > $0 } ?? false)
        }
    }
}
