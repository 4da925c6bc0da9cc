import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `departments`, `command_centre`, `grid` and `behaviour` sections.
extension ScenarioLoader {
    static let departmentKeys = ["servers", "schedule", "cost_per_hour"]
    static let commandCentreKeys = [
        "servers", "schedule", "registration", "routing_accuracy", "transfer_delay", "unified",
        "cost_per_hour",
    ]
    static let unifiedKeys = ["routing_accuracy", "registration_factor", "handling_factor"]
    static let gridKeys = [
        "workers_per_cell", "cells_per_pool", "domains", "schedule", "patrol_detection", "patrol_round",
        "patrol_find", "generalist_efficiency",
        "handoff_delay", "verification_time", "verification_catch", "follow_up_time", "review_duration",
        "review_hazard_factor", "pre_inspection_factor", "cost_per_hour",
    ]
    static let behaviourKeys = [
        "wait_weight", "literacy_weight", "trust_weight", "wait_memory", "retry_probability", "retry_delay",
        "switch_probability", "max_attempts", "initial_trust", "trust_on_time", "trust_late",
        "trust_abandoned",
        "trust_false_closure", "trust_follow_up", "hazard_report_rate", "repeat_complaint", "repeat_delay",
        "duplicate_reports", "duplicate_delay",
    ]

    static func readDepartments(_ tree: YAMLTree, sink: DiagnosticSink) -> [DepartmentSpec]? {
        guard case .mapping(let entries, _) = tree, !entries.isEmpty else {
            sink.report(
                Diagnostic(at: tree.location, "'departments' must map department names to departments"))
            return nil
        }
        var departments: [DepartmentSpec] = []
        for entry in entries {
            let subject = "department '\(entry.key)'"
            guard let reader = MappingReader(entry.value, keys: departmentKeys, subject: subject, sink: sink),
                let schedule = readStaffing(reader, tree: entry.value, subject: subject, sink: sink)
            else { continue }
            let cost =
                reader["cost_per_hour"].map { $0.number("'cost_per_hour' of \(subject)", in: 0...1e9, sink) }
                ?? 0
            guard let cost else { continue }
            departments.append(DepartmentSpec(name: entry.key, schedule: schedule, costPerStaffHour: cost))
        }
        return departments.count == entries.count ? departments : nil
    }

    static func readCommandCentre(_ tree: YAMLTree, sink: DiagnosticSink) -> CommandCentreSpec? {
        let subject = "'command_centre'"
        guard let reader = MappingReader(tree, keys: commandCentreKeys, subject: subject, sink: sink) else {
            return nil
        }
        let schedule = readStaffing(reader, tree: tree, subject: subject, sink: sink)
        let registration = reader.required("registration", "e.g. {dist: lognormal, mean: 4m, cv: 0.5}")
            .flatMap {
                readDistribution($0, what: "'registration'", sink: sink)
            }
        let accuracy = reader.required("routing_accuracy", "e.g. 85%").flatMap {
            $0.probability("'routing_accuracy'", sink)
        }
        let transfer = reader.required("transfer_delay", "e.g. {dist: exponential, mean: 1d}").flatMap {
            readDistribution($0, what: "'transfer_delay'", sink: sink)
        }
        let cost =
            reader["cost_per_hour"].map { $0.number("'cost_per_hour' of \(subject)", in: 0...1e9, sink) } ?? 0
        var unifiedAccuracy: Double? = accuracy
        var registrationFactor: Double? = 1
        var handlingFactor: Double? = 1
        if let node = reader["unified"] {
            if let unified = MappingReader(
                node, keys: unifiedKeys, subject: "'command_centre.unified'", sink: sink)
            {
                unifiedAccuracy =
                    unified["routing_accuracy"].map { $0.probability("'unified.routing_accuracy'", sink) }
                    ?? accuracy
                registrationFactor =
                    unified["registration_factor"].map {
                        $0.number("'registration_factor'", in: 0.01...100, sink)
                    } ?? 1
                handlingFactor =
                    unified["handling_factor"].map { $0.number("'handling_factor'", in: 0.01...100, sink) }
                    ?? 1
            } else {
                return nil
            }
        }
        guard let schedule, let registration, let accuracy, let transfer, let cost, let unifiedAccuracy,
            let registrationFactor, let handlingFactor
        else { return nil }
        return CommandCentreSpec(
            schedule: schedule, registration: registration, routingAccuracy: accuracy,
            transferDelay: transfer,
            unifiedRoutingAccuracy: unifiedAccuracy, unifiedRegistrationFactor: registrationFactor,
            unifiedHandlingFactor: handlingFactor, costPerStaffHour: cost)
    }

    static func readGrid(_ tree: YAMLTree, sink: DiagnosticSink) -> GridSpec? {
        let subject = "'grid'"
        guard let reader = MappingReader(tree, keys: gridKeys, subject: subject, sink: sink) else {
            return nil
        }
        let workers = reader.required("workers_per_cell", "e.g. 1").flatMap {
            $0.number("'workers_per_cell'", in: 0...1_000, sink)
        }
        let perPool =
            reader["cells_per_pool"].map { $0.integer("'cells_per_pool'", in: 1...10_000, sink) } ?? 5
        var domains: [String]? = ["city"]
        if let node = reader["domains"] {
            domains = node.list("'grid.domains'", sink).map { $0.compactMap { $0.string("a domain", sink) } }
            if let list = domains, list.isEmpty || Set(list).count != list.count {
                sink.report(Diagnostic(at: node.location, "'grid.domains' must list distinct domain names"))
                domains = nil
            }
        }
        let schedule = reader["schedule"].map { readSchedule($0, subject: subject, sink: sink) }
        let patrol = readPatrol(reader, at: tree.location, sink: sink)
        func share(_ key: String, _ fallback: Double) -> Double? {
            reader[key].map { $0.probability("'\(key)'", sink) } ?? fallback
        }
        func dist(_ key: String) -> Distribution? {
            reader[key].map { readDistribution($0, what: "'\(key)'", sink: sink) } ?? .fixed(0)
        }
        let efficiency = share("generalist_efficiency", 0.8)
        let handoff = dist("handoff_delay")
        let verification = dist("verification_time")
        let catchShare = share("verification_catch", 0.8)
        let followUp = dist("follow_up_time")
        let review =
            reader["review_duration"].map { $0.duration("'review_duration'", positive: false, sink) } ?? 0
        let reviewFactor = share("review_hazard_factor", 1)
        let preInspection =
            reader["pre_inspection_factor"].map { $0.number("'pre_inspection_factor'", in: 1...1_000, sink) }
            ?? 1
        let cost =
            reader["cost_per_hour"].map { $0.number("'cost_per_hour' of \(subject)", in: 0...1e9, sink) } ?? 0
        guard let workers, let perPool, let domains, let patrol, let efficiency, let handoff,
            let verification,
            let catchShare, let followUp, let review, let reviewFactor, let preInspection, let cost
        else { return nil }
        if case .some(.none) = schedule { return nil }
        if efficiency == 0 {
            sink.report(Diagnostic(at: tree.location, "'generalist_efficiency' must be above 0%"))
            return nil
        }
        return GridSpec(
            workersPerCell: workers, cellsPerPool: perPool, domains: domains,
            schedule: (schedule ?? nil) ?? ShiftSchedule(constant: 1), patrolDetectionRate: patrol.rate,
            patrolRound: patrol.round, patrolFind: patrol.find,
            generalistEfficiency: efficiency, handoffDelay: handoff, verificationTime: verification,
            verificationCatch: catchShare, followUpTime: followUp, reviewDuration: review,
            reviewHazardFactor: reviewFactor, preInspectionFactor: preInspection, costPerStaffHour: cost)
    }

    /// Patrol as a free detection rate (`patrol_detection`) or as worker time (`patrol_round`
    /// with `patrol_find`): exactly one of the two.
    static func readPatrol(_ reader: MappingReader, at location: SourceLocation, sink: DiagnosticSink)
        -> (rate: Double, round: SimTime?, find: Double)?
    {
        let rateNode = reader["patrol_detection"]
        let roundNode = reader["patrol_round"]
        switch (rateNode, roundNode) {
        case (.some(let node), nil):
            if let find = reader["patrol_find"] {
                sink.report(
                    Diagnostic(
                        at: find.location, "'patrol_find' goes with 'patrol_round', not 'patrol_detection'"))
                return nil
            }
            return node.rate("'patrol_detection'", sink).map { ($0, nil, 0) }
        case (nil, .some(let node)):
            let round = node.duration("'patrol_round'", positive: true, sink)
            let find = reader.required("patrol_find", "the chance a round finds a hazard, e.g. 50%").flatMap {
                $0.probability("'patrol_find'", sink)
            }
            guard let round, let find else { return nil }
            return (0, round, find)
        case (.some, .some(let node)):
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'grid' takes 'patrol_round' (patrol as worker time) or 'patrol_detection' (a free rate), not both"
                ))
            return nil
        case (nil, nil):
            sink.report(
                Diagnostic(
                    at: location,
                    "'grid' needs 'patrol_round' and 'patrol_find' (patrol as worker time, e.g. 30m and 50%) or 'patrol_detection' (a rate, e.g. 0.2/d)"
                ))
            return nil
        }
    }

    static func readBehaviour(_ tree: YAMLTree?, sink: DiagnosticSink) -> BehaviourSpec? {
        var behaviour = BehaviourSpec()
        guard let tree else { return behaviour }
        guard let reader = MappingReader(tree, keys: behaviourKeys, subject: "'behaviour'", sink: sink) else {
            return nil
        }
        var failed = false
        func number(_ key: String, _ range: ClosedRange<Double>, _ set: (Double) -> Void) {
            guard let node = reader[key] else { return }
            if let value = node.number("'behaviour.\(key)'", in: range, sink) {
                set(value)
            } else {
                failed = true
            }
        }
        func share(_ key: String, _ set: (Double) -> Void) {
            guard let node = reader[key] else { return }
            if let value = node.probability("'behaviour.\(key)'", sink) { set(value) } else { failed = true }
        }
        func dist(_ key: String, _ set: (Distribution) -> Void) {
            guard let node = reader[key] else { return }
            if let value = readDistribution(node, what: "'behaviour.\(key)'", sink: sink) {
                set(value)
            } else {
                failed = true
            }
        }
        number("wait_weight", -100...0) { behaviour.waitWeight = $0 }
        number("literacy_weight", -50...50) { behaviour.literacyWeight = $0 }
        number("trust_weight", -50...50) { behaviour.trustWeight = $0 }
        share("wait_memory") { behaviour.waitMemory = $0 }
        share("retry_probability") { behaviour.retryProbability = $0 }
        dist("retry_delay") { behaviour.retryDelay = $0 }
        share("switch_probability") { behaviour.switchProbability = $0 }
        if let node = reader["max_attempts"] {
            if let value = node.integer("'behaviour.max_attempts'", in: 1...100, sink) {
                behaviour.maxAttempts = value
            } else {
                failed = true
            }
        }
        share("initial_trust") { behaviour.initialTrust = $0 }
        number("trust_on_time", -1...1) { behaviour.trustOnTime = $0 }
        number("trust_late", -1...1) { behaviour.trustLate = $0 }
        number("trust_abandoned", -1...1) { behaviour.trustAbandoned = $0 }
        number("trust_false_closure", -1...1) { behaviour.trustFalseClosure = $0 }
        number("trust_follow_up", -1...1) { behaviour.trustFollowUp = $0 }
        if let node = reader["hazard_report_rate"] {
            if let value = node.rate("'behaviour.hazard_report_rate'", sink) {
                behaviour.hazardReportRate = value
            } else {
                failed = true
            }
        }
        share("repeat_complaint") { behaviour.repeatComplaint = $0 }
        dist("repeat_delay") { behaviour.repeatDelay = $0 }
        number("duplicate_reports", 0...100) { behaviour.duplicateReports = $0 }
        dist("duplicate_delay") { behaviour.duplicateDelay = $0 }
        return failed ? nil : behaviour
    }
}
