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
        "handling", "on_site", "on_site_time", "sla", "sla_ends", "false_closure", "escalation", "priority",
        "auto_approval", "closed_on_contact", "transfer_delay",
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
        let kind = readCaseKind(reader, subject: subject, sink: sink)
        let rates = reader.required("rate", "per resident, e.g. 0.01/d, or per age band").flatMap {
            readBandRates($0, bands: bands, subject: subject, sink: sink)
        }
        let hourly = reader["hourly"].map { $0.factors("'hourly' of \(subject)", count: 24, sink) }
        let daily = reader["daily"].map { $0.factors("'daily' of \(subject)", count: 7, sink) }
        let dispersion =
            reader["dispersion"].map { $0.number("'dispersion' of \(subject)", in: 0...10, sink) } ?? 0
        let channels = readChannelUtilities(reader["channels"], subject: subject, sink: sink)
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
        let slaEnds = readSLAEnds(reader, subject: subject, sink: sink)
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

        let office = readOfficeRules(reader, kind: kind, channels: channels, subject: subject, sink: sink)
        guard let kind, let rates, let dispersion, let domain, let crossDomain, let onSite, let sla,
            let falseClosure, let priority, let autoApproval, let office
        else { return nil }
        if case .some(.none) = hourly { return nil }
        if case .some(.none) = daily { return nil }
        if case .some(.none) = department { return nil }
        if case .some(.none) = handling { return nil }
        if case .some(.none) = onSiteTime { return nil }
        if case .some(.none) = escalation { return nil }
        if case .some(.none) = slaEnds { return nil }
        let route = CaseRoute(
            kind: kind, hasChannels: !channels.isEmpty, hasDepartment: (department ?? nil) != nil,
            hasHandling: (handling ?? nil) != nil, onSite: onSite, hasOnSiteTime: (onSiteTime ?? nil) != nil)
        if let missing = route.missing {
            sink.report(Diagnostic(at: tree.location, "\(subject) \(missing)"))
            return nil
        }
        var spec = CaseTypeSpec(
            name: name, kind: kind, rates: rates, hourly: (hourly ?? nil) ?? Array(repeating: 1, count: 24),
            daily: (daily ?? nil) ?? Array(repeating: 1, count: 7), dispersion: dispersion,
            channels: channels,
            domain: domain, crossDomainShare: crossDomain, department: department ?? nil,
            handling: (handling ?? nil) ?? .fixed(0), onSiteShare: onSite,
            onSiteTime: (onSiteTime ?? nil) ?? .fixed(0),
            sla: sla, falseClosure: falseClosure, escalation: escalation ?? nil, priority: priority,
            autoApproval: autoApproval)
        spec.closedOnContact = office.closedOnContact
        spec.transferDelay = office.transferDelay
        spec.slaEndsAtResponse = (slaEnds ?? nil) ?? false
        return spec
    }

    /// `sla_ends: response|handling`: whether the type's SLA ends at the first response; nil when
    /// not given, `.some(nil)` after a report.
    static func readSLAEnds(_ reader: MappingReader, subject: String, sink: DiagnosticSink) -> Bool?? {
        reader["sla_ends"].map { node -> Bool? in
            switch node.string("'sla_ends' of \(subject)", sink) {
            case "response": return true
            case "handling": return false
            case .some(let other):
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "'sla_ends' of \(subject) must be response or handling, got '\(other)'"))
                return nil
            case nil: return nil
            }
        }
    }

    /// What the front office and command centre do with the type beyond its route:
    /// `closed_on_contact` (a share for every channel of the type, or a share per channel it
    /// names; appeals only) and its own `transfer_delay`. Nil after a report.
    static func readOfficeRules(
        _ reader: MappingReader, kind: CaseKind?, channels: [String: Double], subject: String,
        sink: DiagnosticSink
    ) -> (closedOnContact: [String: Double], transferDelay: Distribution?)? {
        var closed: [String: Double] = [:]
        var failed = false
        if let node = reader["closed_on_contact"] {
            if let kind, kind != .appeal {
                sink.report(
                    Diagnostic(
                        at: node.location,
                        "'closed_on_contact' of \(subject) applies to appeals only; a \(kind.rawValue) is not settled on a contact"
                    ))
                failed = true
            } else if let shares = readContactShares(node, channels: channels, subject: subject, sink: sink) {
                closed = shares
            } else {
                failed = true
            }
        }
        var transfer: Distribution?
        if let node = reader["transfer_delay"] {
            transfer = readDistribution(node, what: "'transfer_delay' of \(subject)", sink: sink)
            if transfer == nil { failed = true }
        }
        return failed ? nil : (closed, transfer)
    }

    /// `closed_on_contact`: one share for every channel of the type, or shares by channel name,
    /// each channel one the type's `channels` lists.
    static func readContactShares(
        _ node: YAMLTree, channels: [String: Double], subject: String, sink: DiagnosticSink
    ) -> [String: Double]? {
        let what = "'closed_on_contact' of \(subject)"
        guard case .mapping(let items, _) = node else {
            return node.probability(what, sink).map { share in channels.mapValues { _ in share } }
        }
        var shares: [String: Double] = [:]
        var failed = false
        for item in items {
            guard channels[item.key] != nil else {
                sink.report(
                    Diagnostic(
                        at: item.keyLocation,
                        "\(what) names channel '\(item.key)', which the type's 'channels' does not list"
                            + Suggestion.hint(for: item.key, in: channels.keys.sorted())))
                failed = true
                continue
            }
            if let share = item.value.probability("'closed_on_contact.\(item.key)' of \(subject)", sink) {
                shares[item.key] = share
            } else {
                failed = true
            }
        }
        return failed ? nil : shares
    }

    /// `kind`: one of `CaseKind`; nil after a report.
    static func readCaseKind(_ reader: MappingReader, subject: String, sink: DiagnosticSink) -> CaseKind? {
        guard let node = reader.required("kind", "service, appeal, hazard or emergency"),
            let text = node.string("'kind' of \(subject)", sink)
        else { return nil }
        guard let kind = CaseKind(rawValue: text) else {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "unknown case kind '\(text)'"
                        + Suggestion.hint(for: text, in: CaseKind.allCases.map(\.rawValue))))
            return nil
        }
        return kind
    }

    /// `channels`: each channel's utility in the resident's choice (−50…50); a channel left out is
    /// never chosen for the type.
    static func readChannelUtilities(_ node: YAMLTree?, subject: String, sink: DiagnosticSink) -> [String:
        Double]
    {
        guard let node else { return [:] }
        guard case .mapping(let items, _) = node else {
            sink.report(
                Diagnostic(at: node.location, "'channels' of \(subject) must map channel names to utilities"))
            return [:]
        }
        var channels: [String: Double] = [:]
        for item in items {
            if let value = item.value.number("'channels.\(item.key)' of \(subject)", in: -50...50, sink) {
                channels[item.key] = value
            }
        }
        return channels
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

/// What a case type needs to travel, by kind: services and appeals come through channels; every
/// kind but services goes on to a department with a handling time; on-site work needs its time.
struct CaseRoute {
    var kind: CaseKind
    var hasChannels: Bool
    var hasDepartment: Bool
    var hasHandling: Bool
    var onSite: Double
    var hasOnSiteTime: Bool

    /// What is missing, as the end of a sentence about the case type; nil when nothing is.
    var missing: String? {
        if (kind == .service || kind == .appeal) && !hasChannels {
            return "needs 'channels': where residents take it"
        }
        if kind != .service && !hasDepartment {
            return "needs 'department': who handles it after the front office"
        }
        if kind != .service && !hasHandling { return "needs 'handling': the department's handling time" }
        if onSite > 0 && !hasOnSiteTime { return "has 'on_site' but no 'on_site_time'" }
        return nil
    }
}
