import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `shocks`, `strategies` and `surge` sections.
extension ScenarioLoader {
    static let shockKeys = [
        "name", "kind", "start", "duration", "ramp", "districts", "warning", "demand", "hazard_factor",
        "burst",
        "channels", "department_staff", "grid_diversion", "visitors", "escalation",
    ]
    static let burstKeys = ["hazards", "emergencies"]
    static let strategyKeys = ["grid", "lifecycle", "dispatch", "channels"]
    static let lifecycleKeys = ["verification", "follow_up", "review", "pre_inspection"]
    static let surgeKeys = [
        "target", "reserve", "efficiency", "wait_above", "queue_above", "on_warning", "activation_delay",
        "max_duration",
        "cost_per_hour",
    ]

    /// What shocks and surges may name.
    struct CityNames {
        var districts: [String]
        var channels: [String]
        var caseTypes: [String]
        var departments: [String]
    }

    static func readShocks(_ tree: YAMLTree, names: CityNames, sink: DiagnosticSink) -> [ShockSpec]? {
        guard let items = tree.list("'shocks'", sink) else { return nil }
        var shocks: [ShockSpec] = []
        for (index, item) in items.enumerated() {
            if let shock = readShock(item, number: index + 1, names: names, sink: sink) {
                shocks.append(shock)
            }
        }
        return shocks.count == items.count ? shocks : nil
    }

    /// A mapping of names (which must be among `known`) to numbers.
    static func readNamedNumbers(
        _ tree: YAMLTree, what: String, known: [String], kindOfName: String, range: ClosedRange<Double>,
        sink: DiagnosticSink
    ) -> [String: Double]? {
        guard case .mapping(let entries, _) = tree else {
            sink.report(Diagnostic(at: tree.location, "\(what) must map \(kindOfName) names to numbers"))
            return nil
        }
        var values: [String: Double] = [:]
        var failed = false
        for entry in entries {
            if !known.contains(entry.key) {
                sink.report(
                    Diagnostic(
                        at: entry.keyLocation,
                        "\(what) names \(kindOfName) '\(entry.key)', which the scenario does not define"
                            + Suggestion.hint(for: entry.key, in: known)))
                failed = true
            }
            if let value = entry.value.number("'\(entry.key)' of \(what)", in: range, sink) {
                values[entry.key] = value
            } else {
                failed = true
            }
        }
        return failed ? nil : values
    }

    static func readShock(_ tree: YAMLTree, number: Int, names: CityNames, sink: DiagnosticSink) -> ShockSpec?
    {
        let subject = "shock \(number)"
        guard let reader = MappingReader(tree, keys: shockKeys, subject: subject, sink: sink) else {
            return nil
        }
        let kind = readShockKind(reader["kind"], subject: subject, sink: sink)
        let name = reader["name"].map { $0.string("'name' of \(subject)", sink) } ?? kind?.rawValue
        let start = reader.required("start", "e.g. 10d").flatMap {
            $0.duration("'start' of \(subject)", positive: false, sink)
        }
        let duration = reader.required("duration", "e.g. 18h").flatMap {
            $0.duration("'duration' of \(subject)", positive: true, sink)
        }
        let ramp = reader["ramp"].map { $0.duration("'ramp' of \(subject)", positive: false, sink) } ?? 0
        let warning =
            reader["warning"].map { $0.duration("'warning' of \(subject)", positive: false, sink) } ?? 0
        let districts = readShockDistricts(reader["districts"], subject: subject, names: names, sink: sink)
        let demand = reader["demand"].map {
            readNamedNumbers(
                $0, what: "'demand' of \(subject)", known: names.caseTypes, kindOfName: "case type",
                range: 0...1_000,
                sink: sink)
        }
        let channels = reader["channels"].map {
            readNamedNumbers(
                $0, what: "'channels' of \(subject)", known: names.channels, kindOfName: "channel",
                range: 0...1_000,
                sink: sink)
        }
        let visitorNumbers = reader["visitors"].map {
            readNamedNumbers(
                $0, what: "'visitors' of \(subject)", known: names.districts, kindOfName: "district",
                range: 0...1e9,
                sink: sink)
        }
        let hazardFactor =
            reader["hazard_factor"].map { $0.number("'hazard_factor' of \(subject)", in: 0...1_000, sink) }
            ?? 1
        let (burstHazards, burstEmergencies) = readBurst(reader["burst"], subject: subject, sink: sink)
        let departmentStaff =
            reader["department_staff"].map {
                $0.number("'department_staff' of \(subject)", in: 0...100, sink)
            } ?? 1
        let escalation = reader["escalation"].map { $0.probability("'escalation' of \(subject)", sink) } ?? 0
        let diversion =
            reader["grid_diversion"].map { $0.probability("'grid_diversion' of \(subject)", sink) } ?? 0
        guard let kind, let name, let start, let duration, let ramp, let warning, let districts,
            let hazardFactor,
            let burstHazards, let burstEmergencies, let departmentStaff, let diversion, let escalation
        else { return nil }
        if case .some(.none) = demand { return nil }
        if case .some(.none) = channels { return nil }
        if case .some(.none) = visitorNumbers { return nil }
        if ramp > duration, let node = reader["ramp"] {
            sink.report(Diagnostic(at: node.location, "'ramp' of \(subject) is longer than its 'duration'"))
            return nil
        }
        if warning > start, let node = reader["warning"] {
            sink.report(
                Diagnostic(
                    at: node.location, "'warning' of \(subject) would come before the run starts; shorten it")
            )
            return nil
        }
        var visitors: [Int: Int] = [:]
        for (district, count) in (visitorNumbers ?? nil) ?? [:] {
            if let index = names.districts.firstIndex(of: district) { visitors[index] = Int(count) }
        }
        return ShockSpec(
            name: name, kind: kind, start: start, duration: duration, ramp: ramp, districts: districts,
            warning: warning, demand: (demand ?? nil) ?? [:], hazardFactor: hazardFactor,
            burstHazards: burstHazards,
            burstEmergencies: burstEmergencies, escalationShare: escalation,
            channels: (channels ?? nil) ?? [:],
            departmentStaff: departmentStaff,
            gridDiversion: diversion, visitors: visitors)
    }

    /// `kind`: one of `ShockKind`, `custom` when absent; nil after a report.
    static func readShockKind(_ node: YAMLTree?, subject: String, sink: DiagnosticSink) -> ShockKind? {
        guard let node else { return .custom }
        guard let text = node.string("'kind' of \(subject)", sink) else { return .custom }
        guard let kind = ShockKind(rawValue: text) else {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "unknown shock kind '\(text)'"
                        + Suggestion.hint(for: text, in: ShockKind.allCases.map(\.rawValue))))
            return nil
        }
        return kind
    }

    /// `districts`: the districts hit, by index; empty (all) when absent; nil after a report.
    static func readShockDistricts(_ node: YAMLTree?, subject: String, names: CityNames, sink: DiagnosticSink)
        -> [Int]?
    {
        guard let node else { return [] }
        guard let list = node.list("'districts' of \(subject)", sink) else { return nil }
        var districts: [Int] = []
        for item in list {
            guard let text = item.string("a district", sink) else { continue }
            guard let index = names.districts.firstIndex(of: text) else {
                sink.report(
                    Diagnostic(
                        at: item.location,
                        "\(subject) names district '\(text)', which the city does not have"
                            + Suggestion.hint(for: text, in: names.districts)))
                return nil
            }
            districts.append(index)
        }
        return districts
    }

    /// `burst: {hazards, emergencies}`: what lands when the shock starts; nils after a report.
    static func readBurst(_ node: YAMLTree?, subject: String, sink: DiagnosticSink) -> (Int?, Int?) {
        guard let node else { return (0, 0) }
        guard let burst = MappingReader(node, keys: burstKeys, subject: "'burst' of \(subject)", sink: sink)
        else {
            return (nil, 0)
        }
        let hazards = burst["hazards"].map { $0.integer("'burst.hazards'", in: 0...100_000_000, sink) } ?? 0
        let emergencies =
            burst["emergencies"].map { $0.integer("'burst.emergencies'", in: 0...100_000_000, sink) } ?? 0
        return (hazards, emergencies)
    }

    /// `strategies: {grid: merged, lifecycle: full_cycle, dispatch: unified, channels: digital_first}`;
    /// `lifecycle` may also switch full-cycle's mechanisms one by one.
    static func readStrategies(_ tree: YAMLTree?, sink: DiagnosticSink) -> Strategies? {
        var strategies = Strategies()
        guard let tree else { return strategies }
        guard let reader = MappingReader(tree, keys: strategyKeys, subject: "'strategies'", sink: sink) else {
            return nil
        }
        var failed = false
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T?
        where T.RawValue == String {
            guard let node = reader[key], let text = node.string("'strategies.\(key)'", sink) else {
                return nil
            }
            guard let value = T(rawValue: text) else {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "unknown \(key) strategy '\(text)'"
                            + Suggestion.hint(for: text, in: T.allCases.map(\.rawValue))))
                failed = true
                return nil
            }
            return value
        }
        if let grid = choice("grid", Strategies.GridModel.self) { strategies.grid = grid }
        if let dispatch = choice("dispatch", Strategies.Dispatch.self) { strategies.dispatch = dispatch }
        if let channels = choice("channels", Strategies.ChannelStrategy.self) {
            strategies.channels = channels
        }
        if let node = reader["lifecycle"] {
            switch node {
            case .scalar("fragmented", _, _):
                break
            case .scalar("full_cycle", _, _):
                strategies.verification = true
                strategies.followUp = true
                strategies.review = true
                strategies.preInspection = true
            case .mapping:
                guard
                    let mechanisms = MappingReader(
                        node, keys: lifecycleKeys, subject: "'strategies.lifecycle'", sink: sink)
                else {
                    failed = true
                    break
                }
                func flag(_ key: String) -> Bool {
                    guard let value = mechanisms[key] else { return false }
                    guard let text = value.scalarText("'lifecycle.\(key)'", sink),
                        ["true", "false", "on", "off"].contains(text)
                    else {
                        sink.report(
                            Diagnostic(at: value.location, "'lifecycle.\(key)' must be true or false"))
                        failed = true
                        return false
                    }
                    return text == "true" || text == "on"
                }
                strategies.verification = flag("verification")
                strategies.followUp = flag("follow_up")
                strategies.review = flag("review")
                strategies.preInspection = flag("pre_inspection")
            default:
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "'strategies.lifecycle' must be fragmented, full_cycle, or a mapping of verification, follow_up, review and pre_inspection to true or false"
                    ))
                failed = true
            }
        }
        return failed ? nil : strategies
    }

    static func readSurge(_ tree: YAMLTree, names: CityNames, sink: DiagnosticSink) -> [SurgeRule]? {
        guard let items = tree.list("'surge'", sink) else { return nil }
        var rules: [SurgeRule] = []
        for (index, item) in items.enumerated() {
            let subject = "surge rule \(index + 1)"
            guard let reader = MappingReader(item, keys: surgeKeys, subject: subject, sink: sink) else {
                continue
            }
            let target = reader.required("target", "a channel's name").flatMap { $0.string("'target'", sink) }
            if let target, !names.channels.contains(target), !names.departments.contains(target),
                target != "command_centre",
                let node = reader["target"]
            {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "\(subject) targets '\(target)', which is neither a channel nor a department of the scenario"
                            + Suggestion.hint(for: target, in: names.channels + names.departments)))
                continue
            }
            let reserve = reader.required("reserve", "a headcount").flatMap {
                $0.integer("'reserve' of \(subject)", in: 1...1_000_000, sink)
            }
            let efficiency =
                reader["efficiency"].map { $0.probability("'efficiency' of \(subject)", sink) } ?? 1
            let waitAbove = reader["wait_above"].map {
                $0.duration("'wait_above' of \(subject)", positive: true, sink)
            }
            let queueAbove = reader["queue_above"].map {
                $0.integer("'queue_above' of \(subject)", in: 1...100_000_000, sink)
            }
            var onWarning: Bool? = false
            if let node = reader["on_warning"] {
                let text = node.scalarText("'on_warning'", sink)
                onWarning = text == "true" ? true : (text == "false" ? false : nil)
                if onWarning == nil {
                    sink.report(Diagnostic(at: node.location, "'on_warning' must be true or false"))
                }
            }
            let delay =
                reader["activation_delay"].map { $0.duration("'activation_delay'", positive: false, sink) }
                ?? 0
            let maxDuration = reader.required("max_duration", "e.g. 3d").flatMap {
                $0.duration("'max_duration' of \(subject)", positive: true, sink)
            }
            let cost =
                reader["cost_per_hour"].map { $0.number("'cost_per_hour' of \(subject)", in: 0...1e9, sink) }
                ?? 0
            guard let target, let reserve, let efficiency, let onWarning, let delay, let maxDuration, let cost
            else {
                continue
            }
            if case .some(.none) = waitAbove { continue }
            if case .some(.none) = queueAbove { continue }
            if (waitAbove ?? nil) == nil && (queueAbove ?? nil) == nil && !onWarning {
                sink.report(
                    Diagnostic(
                        at: item.location,
                        "\(subject) needs a trigger: 'wait_above', 'queue_above' or 'on_warning: true'"))
                continue
            }
            rules.append(
                SurgeRule(
                    target: target, reserve: reserve, efficiency: efficiency, waitAbove: waitAbove ?? nil,
                    queueAbove: queueAbove ?? nil,
                    onWarning: onWarning, activationDelay: delay, maxDuration: maxDuration,
                    costPerStaffHour: cost))
        }
        return rules.count == items.count ? rules : nil
    }
}
