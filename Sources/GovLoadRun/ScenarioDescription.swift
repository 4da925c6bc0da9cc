import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// `govload describe`: a resolved scenario in words and numbers, for a planner to check that the
/// file says what they meant.
public enum ScenarioDescription {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Renders `policy` of `loaded` (its resolved scenario) as text.
    public static func render(_ loaded: LoadedScenario, policy: Policy) -> String {
        let scenario = policy.scenario
        var lines: [String] = []
        lines.append(
            "scenario \(scenario.name)" + (scenario.description.isEmpty ? "" : ": \(scenario.description)"))
        lines.append("files: " + loaded.sources.map(\.path).joined(separator: " ← "))
        lines.append(
            "run: \(Units.format(duration: scenario.horizon)) from Monday 00:00, "
                + (scenario.warmupAuto
                    ? "warm-up chosen by MSER-5 from a pilot pass, "
                    : "warm-up \(Units.format(duration: scenario.warmup)), ")
                + "\(scenario.replications) replication(s), seed \(scenario.seed), "
                + "time series every \(Units.format(duration: scenario.reportInterval))")
        lines.append(
            "policies: "
                + loaded.policies.map { $0.name == policy.name ? "[\($0.name)]" : $0.name }.joined(
                    separator: ", ")
                + (policy.description.isEmpty ? "" : " — \(policy.name): \(policy.description)"))
        if let city = scenario.city { lines += describeCity(city, scenario: scenario) }
        for channel in scenario.channels {
            lines.append("")
            lines += describe(channel)
            if scenario.city != nil {
                switch channel.kind.scope {
                case .community:
                    lines.append("  (the staff above are per community centre; every community has one)")
                case .district:
                    lines.append(
                        "  (the staff above are per district; at another scale by square-root staffing)")
                case .city:
                    lines.append(
                        "  (staff sized for the whole city; at another scale by square-root staffing)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ channel: ChannelSpec) -> [String] {
        var lines = ["channel \(channel.name) (\(channel.kind.rawValue))"]
        lines.append("  staff: " + staffing(channel.schedule))
        let weeklyHours = channel.schedule.staffSeconds(from: 0, to: SimClock.week) / 3_600
        lines.append(
            "  staff hours \(channel.schedule.isDated ? "in the first week" : "a week"): \(format(weeklyHours, 1))"
                + (channel.costPerStaffHour > 0
                    ? ", cost \(format(weeklyHours * channel.costPerStaffHour, 0)) a week" : ""))
        lines.append("  service: " + describe(channel.serviceTime))
        for (caseType, dist) in channel.serviceTimeByCaseType.sorted(by: { $0.key < $1.key }) {
            lines.append("    \(caseType): " + describe(dist))
        }
        lines.append("  patience: " + (channel.patience.map(describe) ?? "unlimited (nobody abandons)"))
        lines.append("  waiting room: " + (channel.capacity.map { "\($0) callers" } ?? "unlimited"))
        var peakLoad = 0.0
        var peakHour = 0
        for (index, arrivals) in channel.arrivals.enumerated() {
            let rates = arrivals.process.hourlyRates
            let perDay = rates.reduce(0, +) * 3_600 / 7
            var label = "  arrivals \(index + 1): \(format(perDay, 0)) a day on average"
            if !arrivals.process.isHomogeneous, let top = rates.indices.max(by: { rates[$0] < rates[$1] }) {
                label += ", peak \(format(rates[top] * 3_600, 0))/h on \(dayNames[top / 24]) \(top % 24):00"
            }
            label += ", priority \(arrivals.priority)"
            if let caseType = arrivals.caseType { label += ", case type \(caseType)" }
            lines.append(label)
        }
        // The busiest hour of the week by offered load, against the staff on duty then.
        for hour in 0..<168 {
            let load = channel.arrivals.reduce(0.0) {
                $0 + $1.process.hourlyRates[hour] * channel.serviceTime(for: $1.caseType).mean
            }
            if load > peakLoad {
                peakLoad = load
                peakHour = hour
            }
        }
        if peakLoad > 0 {
            let servers = channel.schedule.servers(at: (Double(peakHour) + 0.5) * SimClock.hour)
            var check =
                "  busiest hour: \(dayNames[peakHour / 24]) \(peakHour % 24):00, \(format(peakLoad, 2)) erlangs on \(servers) staff"
            if servers == 0 {
                check += " — nobody on duty: callers wait for the next shift"
            } else if let patience = channel.patience, case .exponential(let mean) = patience {
                let model = ErlangA(
                    arrivalRate: peakLoad / channel.serviceTime.mean, serviceTime: channel.serviceTime.mean,
                    servers: servers, patience: mean)
                check +=
                    "; if it lasted, Erlang A: P(wait) \(format(model.waitProbability, 3)), "
                    + "P(abandon) \(format(model.abandonProbability, 3)), 20 s service level \(format(model.serviceLevel(within: 20), 3))"
            } else if peakLoad < Double(servers) {
                let model = ErlangC(
                    arrivalRate: peakLoad / channel.serviceTime.mean, serviceTime: channel.serviceTime.mean,
                    servers: servers)
                check +=
                    "; if it lasted, Erlang C: P(wait) \(format(model.waitProbability, 3)), "
                    + "mean wait \(format(model.meanWait, 1)) s, 20 s service level \(format(model.serviceLevel(within: 20), 3))"
            } else {
                check += " — overloaded: the line grows for as long as the hour lasts"
            }
            lines.append(check)
        }
        return lines
    }

    /// The headcount by day: "Mon–Sun 00:00–07:00 16, 07:00–08:00 48, …" with identical days merged.
    static func staffing(_ schedule: ShiftSchedule) -> String {
        guard !schedule.isDated else {
            let weekly = schedule.weeklyPart
            let dated = datedStaffing(schedule)
            return weekly.peak == 0 ? dated : weeklyStaffing(weekly) + "; " + dated
        }
        return weeklyStaffing(schedule)
    }

    /// The dated shifts' headcount, its first changes: "dated: 1d 06:00 +20, 2d 00:00 +0".
    static func datedStaffing(_ schedule: ShiftSchedule) -> String {
        let shown = 6
        let changes = zip(schedule.datedOffsets, schedule.datedServers).prefix(shown).map {
            "\(Units.formatRunTime($0.0)) +\($0.1)"
        }
        let more = schedule.datedOffsets.count - shown
        return "dated: " + changes.joined(separator: ", ") + (more > 0 ? " and \(more) more changes" : "")
    }

    /// The headcount by day of a weekly schedule.
    static func weeklyStaffing(_ schedule: ShiftSchedule) -> String {
        if schedule.isConstant { return "\(schedule.servers[0]) round the clock" }
        func day(_ index: Int) -> [(SimTime, SimTime, Int)] {
            let start = SimTime(index) * SimClock.day
            var blocks: [(SimTime, SimTime, Int)] = []
            var time = start
            while time < start + SimClock.day {
                let next = min(schedule.nextChange(after: time), start + SimClock.day)
                blocks.append((time - start, next - start, schedule.servers(at: time)))
                time = next
            }
            return blocks
        }
        var groups: [(first: Int, last: Int, blocks: [(SimTime, SimTime, Int)])] = []
        for index in 0..<7 {
            let blocks = day(index)
            if let last = groups.last, last.last == index - 1,
                last.blocks.map({ "\($0.0) \($0.1) \($0.2)" }) == blocks.map({ "\($0.0) \($0.1) \($0.2)" })
            {
                groups[groups.count - 1].last = index
            } else {
                groups.append((index, index, blocks))
            }
        }
        func clock(_ seconds: SimTime) -> String {
            String(format: "%02d:%02d", Int(seconds) / 3_600, Int(seconds) % 3_600 / 60)
        }
        return groups.map { group in
            let days =
                group.first == group.last
                ? dayNames[group.first] : "\(dayNames[group.first])–\(dayNames[group.last])"
            return days + " "
                + group.blocks.map { "\(clock($0.0))–\(clock($0.1)) \($0.2)" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    static func describe(_ distribution: Distribution) -> String {
        switch distribution {
        case .exponential(let mean): "exponential, mean \(Units.format(duration: mean))"
        case .gamma(let mean, let cv): "gamma, mean \(Units.format(duration: mean)), cv \(format(cv, 2))"
        case .lognormal(let mean, let cv):
            "lognormal, mean \(Units.format(duration: mean)), cv \(format(cv, 2))"
        case .fixed(let value): "always \(Units.format(duration: value))"
        case .uniform(let low, let high):
            "uniform \(Units.format(duration: low))–\(Units.format(duration: high))"
        }
    }

    static func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
