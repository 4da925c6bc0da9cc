import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `case_types` section: what residents need and what hazards arise, where they go and who
/// handles them (docs/scenario-format.md, "Case types").
extension ScenarioLoader {
    static let caseTypeKeys = [
        "kind", "rate", "hourly", "daily", "dispersion", "channels", "domain", "cross_domain", "department",
        "handling", "on_site", "on_site_time", "sla", "false_closure", "escalation", "priority",
        "auto_approval",
    ]

    /// Reads the case types; channel, department and domain names are checked later, against
    /// the sections that define them.
    static func readCaseTypes(_ tree: YAMLTree, bands: [AgeBandSpec], sink: DiagnosticSink) -> [CaseTypeSpec]?
    {
        guard case .mapping(let entries, _) = tree, !entries.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'case_types' must map case-type names to case types"))
            return nil
        }
        guard entries.count <= CaseTypeSpec.maxCount else {
            sink.report(
                Diagnostic(
                    at: entries[CaseTypeSpec.maxCount].keyLocation,
                    "a city may have at most \(CaseTypeSpec.maxCount) case types; this is number \(CaseTypeSpec.maxCount + 1) of \(entries.count)"
                ))
            return nil
        }
        var types: [CaseTypeSpec] = []
        var failed = false
        for entry in entries {
            if let type = readCaseType(name: entry.key, entry.value, bands: bands, sink: sink) {
                types.append(type)
            } else {
                failed = true
            }
        }
        if types.filter({ $0.kind == .hazard }).count > 1 {
            sink.report(Diagnostic(at: tree.location, "only one case type may be of kind 'hazard'"))
            failed = true
        }
        return failed ? nil : types
    }

    static func readCaseType(name: String, _ tree: YAMLTree, bands: [AgeBandSpec], sink: DiagnosticSink)
        -> CaseTypeSpec?
    {
        let subject = "case type '\(name)'"
        guard let reader = MappingReader(tree, keys: caseTypeKeys, subject: subject, sink: sink) else {
            return nil
        }
        var kind: CaseKind?
        if let node = reader.required("kind", "service, appeal, hazard or emergency"),
            let text = node.string("'kind' of \(subject)", sink)
        {
            kind = CaseKind(rawValue: text)
            if kind == nil {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "unknown case kind '\(text)'"
                            + Suggestion.hint(for: text, in: CaseKind.allCases.map(\.rawValue))))
            }
        }
        let rates = reader.required("rate", "per resident, e.g. 0.01/d, or per age band").flatMap {
            readBandRates($0, bands: bands, subject: subject, sink: sink)
        }
        let hourly = reader["hourly"].map { $0.factors("'hourly' of \(subject)", count: 24, sink) }
        let daily = reader["daily"].map { $0.factors("'daily' of \(subject)", count: 7, sink) }
        let dispersion =
            reader["dispersion"].map { $0.number("'dispersion' of \(subject)", in: 0...10, sink) } ?? 0
        var channels: [String: Double] = [:]
        if let node = reader["channels"] {
            if case .mapping(let items, _) = node {
                for item in items {
                    if let value = item.value.number(
                        "'channels.\(item.key)' of \(subject)", in: -50...50, sink)
                    {
                        channels[item.key] = value
                    }
                }
            } else {
                sink.report(
                    Diagnostic(
                        at: node.location, "'channels' of \(subject) must map channel names to utilities"))
            }
        }
        let domain = reader["domain"].map { $0.string("'domain' of \(subject)", sink) } ?? "city"
        let crossDomain =
            reader["cross_domain"].map { $0.probability("'cross_domain' of \(subject)", sink) } ?? 0
        let department = reader["department"].map { $0.string("'department' of \(subject)", sink) }
        let handling = reader["handling"].map {
            readDistribution($0, what: "'handling' of \(subject)", sink: sink)
        }
        let onSite = reader["on_site"].map { $0.probability("'on_site' of \(subject)", sink) } ?? 0
        let onSiteTime = reader["on_site_time"].map {
            readDistribution($0, what: "'on_site_time' of \(subject)", sink: sink)
        }
        let sla = reader.required("sla", "e.g. 7d").flatMap {
            $0.duration("'sla' of \(subject)", positive: true, sink)
        }
        let falseClosure =
            reader["false_closure"].map { $0.probability("'false_closure' of \(subject)", sink) } ?? 0
        let escalation = reader["escalation"].map {
            readDistribution($0, what: "'escalation' of \(subject)", sink: sink)
        }
        let priority =
            reader["priority"].map {
                $0.integer("'priority' of \(subject)", in: CasePriority.caseTypes, sink)
            } ?? 1
        let autoApproval =
            reader["auto_approval"].map { $0.probability("'auto_approval' of \(subject)", sink) } ?? 0

        guard let kind, let rates, let dispersion, let domain, let crossDomain, let onSite, let sla,
            let falseClosure,
            let priority, let autoApproval
        else { return nil }
        if case .some(.none) = hourly { return nil }
        if case .some(.none) = daily { return nil }
        if case .some(.none) = department { return nil }
        if case .some(.none) = handling { return nil }
        if case .some(.none) = onSiteTime { return nil }
        if case .some(.none) = escalation { return nil }
        // What each kind needs to travel.
        if kind != .service && kind != .emergency && channels.isEmpty && kind != .hazard {
            sink.report(Diagnostic(at: tree.location, "\(subject) needs 'channels': where residents take it"))
            return nil
        }
        if kind == .service && channels.isEmpty {
            sink.report(Diagnostic(at: tree.location, "\(subject) needs 'channels': where residents take it"))
            return nil
        }
        if kind != .service && (department ?? nil) == nil {
            sink.report(
                Diagnostic(
                    at: tree.location, "\(subject) needs 'department': who handles it after the front office")
            )
            return nil
        }
        if kind != .service && (handling ?? nil) == nil {
            sink.report(
                Diagnostic(at: tree.location, "\(subject) needs 'handling': the department's handling time"))
            return nil
        }
        if onSite > 0 && (onSiteTime ?? nil) == nil {
            sink.report(Diagnostic(at: tree.location, "\(subject) has 'on_site' but no 'on_site_time'"))
            return nil
        }
        return CaseTypeSpec(
            name: name, kind: kind, rates: rates, hourly: (hourly ?? nil) ?? Array(repeating: 1, count: 24),
            daily: (daily ?? nil) ?? Array(repeating: 1, count: 7), dispersion: dispersion,
            channels: channels,
            domain: domain, crossDomainShare: crossDomain, department: department ?? nil,
            handling: (handling ?? nil) ?? .fixed(0), onSiteShare: onSite,
            onSiteTime: (onSiteTime ?? nil) ?? .fixed(0),
            sla: sla, falseClosure: falseClosure, escalation: escalation ?? nil, priority: priority,
            autoApproval: autoApproval)
    }

    /// A rate for everyone (`0.01/d`), or by age band (`{adult: 0.01/d, senior: 0.02/d}`;
    /// bands not named have 0).
    static func readBandRates(_ tree: YAMLTree, bands: [AgeBandSpec], subject: String, sink: DiagnosticSink)
        -> [Double]?
    {
        if case .mapping(let entries, _) = tree {
            var rates = Array(repeating: 0.0, count: bands.count)
            var failed = false
            for entry in entries {
                guard let band = bands.firstIndex(where: { $0.name == entry.key }) else {
                    sink.report(
                        Diagnostic(
                            at: entry.keyLocation,
                            "'rate' of \(subject) names age band '\(entry.key)', which 'city.age_bands' does not define"
                                + Suggestion.hint(for: entry.key, in: bands.map(\.name))))
                    failed = true
                    continue
                }
                if let rate = entry.value.rate("'rate.\(entry.key)' of \(subject)", sink) {
                    rates[band] = rate
                } else {
                    failed = true
                }
            }
            return failed ? nil : rates
        }
        return tree.rate("'rate' of \(subject)", sink).map {
            Array(repeating: $0, count: max(1, bands.count))
        }
    }
}
