import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Assembles a city's sections and checks what they say about each other: every name a case
/// type, shock or surge uses must be defined, every case type must reach a staffed channel, and
/// siloed grids need a worker for every domain in every pool.
extension ScenarioLoader {
    static func readCityModel(
        _ top: MappingReader, basics: CityBasics, caseTypes: [CaseTypeSpec], channels: [ChannelSpec],
        sink: DiagnosticSink
    ) -> CityModel? {
        let departments = top.required("departments", "who handles work orders").flatMap {
            readDepartments($0, sink: sink)
        }
        let centre = top.required("command_centre", "who registers and routes work orders").flatMap {
            readCommandCentre($0, sink: sink)
        }
        let grid = top.required("grid", "grid workers").flatMap { readGrid($0, sink: sink) }
        let behaviour = readBehaviour(top["behaviour"], sink: sink)
        let strategies = readStrategies(top["strategies"], sink: sink)
        let names = CityNames(
            districts: basics.districts.map(\.name), channels: channels.map(\.name),
            caseTypes: caseTypes.map(\.name),
            departments: departments?.map(\.name) ?? [])
        let shocks = top["shocks"].map { readShocks($0, names: names, sink: sink) } ?? []
        let surge = top["surge"].map { readSurge($0, names: names, sink: sink) } ?? []
        guard let departments, let centre, let grid, let behaviour, let strategies, let shocks, let surge
        else {
            return nil
        }
        var failed = !checkSurgeTargets(surge, channels: channels, top: top, sink: sink)
        for type in caseTypes
        where !checkReferences(of: type, names: names, grid: grid, channels: channels, top: top, sink: sink) {
            failed = true
        }
        if strategiesNeedGridWorkers(grid: grid, strategies: strategies) {
            sink.report(
                Diagnostic(
                    at: top["grid"]?.location ?? top.tree.location,
                    "siloed grids need at least one worker per domain in every pool: 'workers_per_cell' × 'cells_per_pool' must be at least \(grid.domains.count)"
                ))
            failed = true
        }
        if failed { return nil }
        return CityModel(
            districts: basics.districts, layout: basics.layout, ageBands: basics.ageBands,
            sites: basics.sites,
            caseTypes: caseTypes, departments: departments, commandCentre: centre, grid: grid,
            behaviour: behaviour,
            shocks: shocks, strategies: strategies, surge: surge)
    }

    /// Surge reserves join city or district channels and departments, never community channels;
    /// false after a report.
    static func checkSurgeTargets(
        _ surge: [SurgeRule], channels: [ChannelSpec], top: MappingReader, sink: DiagnosticSink
    )
        -> Bool
    {
        var valid = true
        for (index, rule) in surge.enumerated() {
            if let channel = channels.first(where: { $0.name == rule.target }),
                channel.kind.scope == .community
            {
                sink.report(
                    Diagnostic(
                        at: top["surge"]?.location ?? top.tree.location,
                        "surge rule \(index + 1) targets '\(rule.target)', a community channel; surge reserves join city or district channels and departments"
                    ))
                valid = false
            }
        }
        return valid
    }

    /// A case type's channels, department and grid domain exist, and residents can reach a
    /// staffed channel with it; false after a report.
    static func checkReferences(
        of type: CaseTypeSpec, names: CityNames, grid: GridSpec, channels: [ChannelSpec], top: MappingReader,
        sink: DiagnosticSink
    ) -> Bool {
        let node = top["case_types"]?[type.name]
        let location = node?.location ?? top.tree.location
        var valid = true
        for channel in type.channels.keys where !names.channels.contains(channel) {
            sink.report(
                Diagnostic(
                    at: node?["channels"]?.location ?? location,
                    "case type '\(type.name)' names channel '\(channel)', which the scenario does not define"
                        + Suggestion.hint(for: channel, in: names.channels)))
            valid = false
        }
        if let department = type.department, !names.departments.contains(department) {
            sink.report(
                Diagnostic(
                    at: node?["department"]?.location ?? location,
                    "case type '\(type.name)' names department '\(department)', which 'departments' does not define"
                        + Suggestion.hint(for: department, in: names.departments)))
            valid = false
        }
        if !grid.domains.contains(type.domain) {
            sink.report(
                Diagnostic(
                    at: node?["domain"]?.location ?? location,
                    "case type '\(type.name)' belongs to domain '\(type.domain)', which 'grid.domains' does not list"
                        + Suggestion.hint(for: type.domain, in: grid.domains)))
            valid = false
        }
        if type.kind == .service || type.kind == .appeal {
            let staffed = channels.contains { type.channels[$0.name] != nil && $0.schedule.peak > 0 }
            if !staffed && !type.channels.isEmpty {
                sink.report(
                    Diagnostic(at: location, "case type '\(type.name)' reaches no channel with staff"))
                valid = false
            }
        }
        return valid
    }

    static func strategiesNeedGridWorkers(grid: GridSpec, strategies: Strategies) -> Bool {
        strategies.grid == .siloed
            && (grid.workersPerCell * Double(grid.cellsPerPool)).rounded() < Double(grid.domains.count)
    }
}
