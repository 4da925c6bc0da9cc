import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The top level of a scenario file (docs/scenario-format.md).
extension ScenarioLoader {
    /// Keys valid at the top level.
    static let topLevelKeys = [
        "name", "description", "extends", "horizon", "warmup", "replications", "seed", "report_interval",
        "window", "channels", "policies", "sweep", "city", "case_types", "departments", "command_centre",
        "grid",
        "behaviour", "shocks", "strategies", "surge", "targets", "overtime_premium", "uncertain",
    ]
    /// The top-level keys that belong to a city; without `city` they are an error.
    static let cityOnlyKeys = [
        "case_types", "departments", "command_centre", "grid", "behaviour", "shocks", "strategies", "surge",
    ]

    /// The longest horizon accepted: ten years of simulated time.
    static let maxHorizon: SimTime = 520 * SimClock.week

    static func readScenario(_ tree: YAMLTree, fallbackName: String, sink: DiagnosticSink) -> Scenario? {
        guard let top = MappingReader(tree, keys: topLevelKeys, subject: "the scenario", sink: sink) else {
            return nil
        }
        let settings = readRunSettings(top, tree: tree, fallbackName: fallbackName, sink: sink)
        let (channels, city) = readServicePoints(top, sink: sink)
        let premium =
            top["overtime_premium"].map { $0.factor("'overtime_premium'", in: 0...10, sink) } ?? 1
        guard let settings, let channels, let premium else { return nil }
        var scenario = Scenario(
            name: settings.name, description: settings.description, horizon: settings.horizon,
            warmup: settings.warmup, replications: settings.replications, seed: settings.seed,
            reportInterval: settings.reportInterval, window: settings.window, channels: channels)
        scenario.warmupAuto = settings.warmupAuto
        scenario.overtimePremium = premium
        if top["city"] != nil {
            guard let city else { return nil }
            scenario.city = city
        }
        return scenario
    }

    /// What the top level says of the run as a whole.
    struct RunSettings {
        var name: String
        var description: String
        var horizon: SimTime
        var warmup: SimTime
        var warmupAuto: Bool
        var replications: Int
        var seed: UInt64
        var reportInterval: SimTime
        var window: SimTime
    }

    /// The run's settings — name, horizon, warm-up, replications, seed, reporting, window — each
    /// checked; nil after a report.
    static func readRunSettings(
        _ top: MappingReader, tree: YAMLTree, fallbackName: String, sink: DiagnosticSink
    )
        -> RunSettings?
    {
        let name = readName(top, tree: tree, fallbackName: fallbackName, sink: sink)
        let description = top["description"].map { $0.scalarText("'description'", sink) } ?? ""
        let horizon = top.required("horizon", "how long to simulate, e.g. 30d").flatMap {
            $0.duration("'horizon'", positive: true, sink)
        }
        if let horizon, horizon > maxHorizon, let node = top["horizon"] {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'horizon' of \(Units.format(duration: horizon)) is longer than the 520w (ten years) GovLoad accepts"
                ))
        }
        // `warmup: auto` leaves 0 here; a pilot pass chooses it by MSER-5 before the runs.
        let warmupAuto: Bool
        if case .scalar("auto", _, _)? = top["warmup"] { warmupAuto = true } else { warmupAuto = false }
        let warmup =
            warmupAuto ? 0 : top["warmup"].map { $0.duration("'warmup'", positive: false, sink) } ?? 0
        if let horizon, let warmup, warmup >= horizon, let node = top["warmup"] {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'warmup' (\(Units.format(duration: warmup))) must be shorter than 'horizon' (\(Units.format(duration: horizon)))"
                ))
        }
        let replications =
            top["replications"].map { $0.integer("'replications'", in: 1...100_000, sink) } ?? 10
        let seed = top["seed"].map { readSeed($0, sink) } ?? 1
        let reportInterval =
            top["report_interval"].map { $0.duration("'report_interval'", positive: true, sink) }
            ?? SimClock.hour
        if let horizon, let reportInterval, horizon / reportInterval > 1_000_000,
            let node = top["report_interval"]
        {
            sink.report(
                Diagnostic(
                    at: node.location,
                    "'report_interval' gives more than a million time-series rows per replication; use a longer interval"
                ))
        }
        let window = top["window"].map { $0.duration("'window'", positive: true, sink) } ?? SimClock.minute
        guard let name, let description, let horizon, let warmup, let replications, let seed,
            let reportInterval,
            let window
        else { return nil }
        return RunSettings(
            name: name, description: description, horizon: horizon, warmup: warmup, warmupAuto: warmupAuto,
            replications: replications, seed: seed, reportInterval: reportInterval, window: window)
    }

    /// `name`, or the file's name, checked to be one safe folder name.
    static func readName(_ top: MappingReader, tree: YAMLTree, fallbackName: String, sink: DiagnosticSink)
        -> String?
    {
        let name = top["name"].map { $0.string("'name'", sink) } ?? fallbackName
        guard let name, let problem = unsafeNameProblem(name) else { return name }
        if let node = top["name"] {
            sink.report(Diagnostic(at: node.location, "'name' \(problem)"))
        } else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "the file's name, '\(name)', is the scenario's name, and it \(problem); add a 'name'"))
        }
        return name
    }

    /// The channels, and the city behind them when there is one (a city's sections without a
    /// `city` are reported).
    static func readServicePoints(_ top: MappingReader, sink: DiagnosticSink) -> ([ChannelSpec]?, CityModel?)
    {
        var basics: CityBasics?
        var caseTypes: [CaseTypeSpec]?
        if let cityNode = top["city"] {
            basics = readCity(cityNode, sink: sink)
            if let bands = basics?.ageBands {
                caseTypes = top.required("case_types", "what residents need").flatMap {
                    readCaseTypes($0, bands: bands, sink: sink)
                }
            }
        } else {
            for key in cityOnlyKeys {
                if let node = top[key] {
                    sink.report(
                        Diagnostic(
                            at: node.location, "'\(key)' belongs to a city; add a 'city' section or remove it"
                        ))
                }
            }
        }
        let channels = top.required("channels", "the service points, e.g. a hotline").flatMap {
            readChannels(
                $0, caseTypes: top["city"] == nil ? nil : Set(caseTypes?.map(\.name) ?? []), sink: sink)
        }
        var city: CityModel?
        if top["city"] != nil, let basics, let caseTypes, let channels {
            city = readCityModel(top, basics: basics, caseTypes: caseTypes, channels: channels, sink: sink)
        }
        return (channels, city)
    }

    /// The longest scenario name: it names the output folder, `results/<name>`.
    static let maxNameLength = 100

    /// Why `name` cannot name a folder under `results/`, or nil if it can: it must be one path
    /// component that stays where it is put (no `/`, not `.` or `..`, not hidden), must not look
    /// like an option, and must have no control characters.
    static func unsafeNameProblem(_ name: String) -> String? {
        if name.count > maxNameLength || name.utf8.count > 255 {
            return "is longer than \(maxNameLength) characters"
        }
        if name.contains("/") || name.contains("\\") {
            return "must not contain '/' or '\\': it names a folder under results/"
        }
        if name.hasPrefix(".") { return "must not start with '.'" }
        if name.hasPrefix("-") { return "must not start with '-'" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters"
        }
        return nil
    }

    static func readSeed(_ tree: YAMLTree, _ sink: DiagnosticSink) -> UInt64? {
        guard let text = tree.scalarText("'seed'", sink) else { return nil }
        guard let seed = UInt64(text) else {
            sink.report(
                Diagnostic(
                    at: tree.location, "'seed' must be a whole number from 0 to \(UInt64.max), got '\(text)'")
            )
            return nil
        }
        return seed
    }
}
