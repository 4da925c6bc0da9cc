import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `city` section: the seed data and how to cut it into streets, communities and cells.
///
/// ```yaml
/// city:
///   districts: ../seeds/shenzhen/districts.csv   # or a list of {name, residents, exposure}
///   scale: 0.01
///   residents_per_cell: 1200
///   age_bands:
///     child: {share: 15.11%, literacy: 0.5}
///     adult: {share: 79.53%, literacy: 0.8, prefer: {online: 0.5}}
///     senior: {share: 5.36%, literacy: 0.3, patience: 1.3, prefer: {online: -1.5, center: 1}}
/// ```
extension ScenarioLoader {
    static let cityKeys = [
        "districts", "scale", "residents_per_cell", "cells_per_community", "communities_per_street",
        "partitions", "staffing_beta", "age_bands", "coastal_exposure", "exposure", "sites_per_cell",
        "sensor_coverage",
        "sensor_detection",
    ]
    static let ageBandKeys = ["share", "literacy", "patience", "prefer"]
    static let districtKeys = ["name", "residents", "exposure"]

    /// The parts of a city read from `city`, before the case types and back office join them.
    struct CityBasics {
        var districts: [DistrictSpec]
        var layout: CityLayout
        var ageBands: [AgeBandSpec]
        var sites: SiteSpec
    }

    static func readCity(_ tree: YAMLTree, sink: DiagnosticSink) -> CityBasics? {
        guard let reader = MappingReader(tree, keys: cityKeys, subject: "'city'", sink: sink) else {
            return nil
        }
        let scale = reader["scale"].map { $0.number("'city.scale'", in: 1e-6...10, sink) } ?? 1
        let perCell =
            reader["residents_per_cell"].map { $0.integer("'residents_per_cell'", in: 10...100_000, sink) }
            ?? 1_200
        let cellsPerCommunity =
            reader["cells_per_community"].map { $0.integer("'cells_per_community'", in: 1...10_000, sink) }
            ?? 20
        let communitiesPerStreet =
            reader["communities_per_street"].map {
                $0.integer("'communities_per_street'", in: 1...10_000, sink)
            } ?? 9
        let partitions = reader["partitions"].map { $0.integer("'partitions'", in: 1...4_096, sink) } ?? 16
        let beta = reader["staffing_beta"].map { $0.number("'staffing_beta'", in: 0...10, sink) } ?? 0.5
        let bands = reader.required("age_bands", "e.g. {adult: {share: 80%, literacy: 0.8}, ...}").flatMap {
            readAgeBands($0, sink: sink)
        }
        let coastal =
            reader["coastal_exposure"].map { $0.number("'coastal_exposure'", in: 0...1_000, sink) } ?? 1
        let sitesPerCell =
            reader["sites_per_cell"].map { $0.integer("'sites_per_cell'", in: 1...100_000, sink) } ?? 40
        let coverage = reader["sensor_coverage"].map { $0.probability("'sensor_coverage'", sink) } ?? 0
        let sensorRate = reader["sensor_detection"].map { $0.rate("'sensor_detection'", sink) } ?? 0
        let districts = reader.required("districts", "a CSV file of the seed data, or a list").flatMap {
            readDistricts($0, coastalExposure: coastal ?? 1, shares: bands?.shares, sink: sink)
        }
        var exposure: [String: Double] = [:]
        if let node = reader["exposure"], case .mapping(let entries, _) = node {
            for entry in entries {
                if let districts, !districts.contains(where: { $0.name == entry.key }) {
                    sink.report(
                        Diagnostic(
                            at: entry.keyLocation,
                            "'exposure' names district '\(entry.key)', which the city does not have"
                                + Suggestion.hint(for: entry.key, in: districts.map(\.name))))
                }
                if let value = entry.value.number("'exposure.\(entry.key)'", in: 0...1_000, sink) {
                    exposure[entry.key] = value
                }
            }
        } else if let node = reader["exposure"] {
            sink.report(Diagnostic(at: node.location, "'exposure' must map district names to factors"))
        }
        guard let scale, let perCell, let cellsPerCommunity, let communitiesPerStreet, let partitions,
            let beta,
            let bands,
            var districts, let sitesPerCell, let coverage, let sensorRate
        else { return nil }
        for index in districts.indices {
            if let value = exposure[districts[index].name] { districts[index].exposure = value }
        }
        let total = districts.reduce(0.0) { $0 + Double($1.residents) } * scale
        if total > 100_000_000 {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "the city would have \(Int(total)) residents; GovLoad accepts up to 100 million"))
            return nil
        }
        var layout = CityLayout(
            scale: scale, residentsPerCell: perCell, cellsPerCommunity: cellsPerCommunity,
            communitiesPerStreet: communitiesPerStreet, partitions: partitions)
        layout.staffingBeta = beta
        return CityBasics(
            districts: districts,
            layout: layout,
            ageBands: bands.bands,
            sites: SiteSpec(perCell: sitesPerCell, sensorCoverage: coverage, sensorDetectionRate: sensorRate))
    }

    /// `age_bands`: name → {share, literacy, patience, prefer: {channel kind: utility}}.
    static func readAgeBands(_ tree: YAMLTree, sink: DiagnosticSink) -> (
        bands: [AgeBandSpec], shares: [Double]
    )? {
        guard case .mapping(let entries, _) = tree, !entries.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'age_bands' must map band names to bands"))
            return nil
        }
        var bands: [AgeBandSpec] = []
        var shares: [Double] = []
        var failed = false
        for entry in entries {
            let subject = "age band '\(entry.key)'"
            guard let reader = MappingReader(entry.value, keys: ageBandKeys, subject: subject, sink: sink)
            else {
                failed = true
                continue
            }
            let share = reader.required("share", "e.g. 79.53%").flatMap {
                $0.probability("'share' of \(subject)", sink)
            }
            let literacy = reader.required("literacy", "0–1").flatMap {
                $0.number("'literacy' of \(subject)", in: 0...1, sink)
            }
            let patience =
                reader["patience"].map { $0.number("'patience' of \(subject)", in: 0.01...100, sink) } ?? 1
            var prefer: [ChannelKind: Double] = [:]
            if let node = reader["prefer"] {
                if case .mapping(let kinds, _) = node {
                    for kind in kinds {
                        guard let channelKind = ChannelKind(rawValue: kind.key) else {
                            sink.report(
                                Diagnostic(
                                    at: kind.keyLocation,
                                    "unknown channel kind '\(kind.key)' in 'prefer' of \(subject)"
                                        + Suggestion.hint(
                                            for: kind.key, in: ChannelKind.allCases.map(\.rawValue))))
                            failed = true
                            continue
                        }
                        if let value = kind.value.number("'prefer.\(kind.key)'", in: -50...50, sink) {
                            prefer[channelKind] = value
                        } else {
                            failed = true
                        }
                    }
                } else {
                    sink.report(
                        Diagnostic(
                            at: node.location, "'prefer' of \(subject) must map channel kinds to utilities"))
                    failed = true
                }
            }
            guard let share, let literacy, let patience else {
                failed = true
                continue
            }
            bands.append(
                AgeBandSpec(
                    name: entry.key, literacy: literacy, patienceFactor: patience, channelPreference: prefer))
            shares.append(share)
        }
        guard !failed else { return nil }
        let total = shares.reduce(0, +)
        if abs(total - 1) > 0.005 {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "the age bands' shares add up to \(Units.format(percent: total)), not 100%"))
            return nil
        }
        return (bands, shares.map { $0 / total })
    }

    /// `districts`: a CSV file (columns `district`, `residents_2020` or `residents`, optionally
    /// `coastal` yes/no) relative to the scenario, or an inline list of {name, residents, exposure}.
    static func readDistricts(
        _ tree: YAMLTree, coastalExposure: Double, shares: [Double]?, sink: DiagnosticSink
    ) -> [DistrictSpec]? {
        let shares = shares ?? [1]
        if case .sequence(let items, _) = tree {
            return readInlineDistricts(items, at: tree.location, shares: shares, sink: sink)
        }
        guard let path = tree.string("'districts'", sink) else { return nil }
        let base = URL(fileURLWithPath: tree.location.file).deletingLastPathComponent()
        let full = path.hasPrefix("/") ? path : base.appendingPathComponent(path).path
        let text: String
        do {
            let bytes = try ScenarioInput.read(
                full, limit: ScenarioInput.maxSeedBytes, kind: "seed-data file")
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                sink.report(Diagnostic(at: tree.location, "'districts: \(path)': \(full) is not UTF-8 text"))
                return nil
            }
            text = decoded
        } catch {
            let reasons = error.diagnostics.map(\.message).joined(separator: "; ")
            sink.report(Diagnostic(at: tree.location, "'districts: \(path)': \(full) \(reasons)"))
            return nil
        }
        guard
            let districts = readDistrictsFile(
                text, file: full, coastalExposure: coastalExposure, shares: shares, sink: sink)
        else { return nil }
        guard !districts.isEmpty else {
            sink.report(Diagnostic(at: tree.location, "'districts: \(path)' lists no district"))
            return nil
        }
        return checkUnique(districts, at: tree.location, sink: sink)
    }

    /// An inline list of `{name, residents, exposure}`.
    static func readInlineDistricts(
        _ items: [YAMLTree], at location: SourceLocation, shares: [Double], sink: DiagnosticSink
    ) -> [DistrictSpec]? {
        var districts: [DistrictSpec] = []
        for item in items {
            guard let reader = MappingReader(item, keys: districtKeys, subject: "a district", sink: sink)
            else {
                continue
            }
            let name = reader.required("name").flatMap { $0.string("'name' of a district", sink) }
            let residents = reader.required("residents").flatMap {
                $0.integer("'residents' of a district", in: 1...100_000_000, sink)
            }
            let exposure = reader["exposure"].map { $0.number("'exposure'", in: 0...1_000, sink) } ?? 1
            if let name, let residents, let exposure {
                districts.append(
                    DistrictSpec(name: name, residents: residents, ageShares: shares, exposure: exposure))
            }
        }
        guard districts.count == items.count, !districts.isEmpty else {
            if items.isEmpty { sink.report(Diagnostic(at: location, "'districts' lists no district")) }
            return nil
        }
        return checkUnique(districts, at: location, sink: sink)
    }

    /// A districts CSV file's rows: `district`, `residents_2020` (or `residents`) and, optionally,
    /// `coastal` (yes/no, which gives `coastal_exposure`); problems located at the file's lines.
    static func readDistrictsFile(
        _ text: String, file: String, coastalExposure: Double, shares: [Double], sink: DiagnosticSink
    ) -> [DistrictSpec]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return nil }
        guard let nameColumn = header.firstIndex(of: "district"),
            let residentsColumn = header.firstIndex(of: "residents_2020")
                ?? header.firstIndex(of: "residents")
        else {
            sink.report(
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "a districts file needs the columns 'district' and 'residents_2020' (or 'residents')"))
            return nil
        }
        let coastalColumn = header.firstIndex(of: "coastal")
        var districts: [DistrictSpec] = []
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let location = SourceLocation(file: file, line: number + 1, column: 1)
            guard fields.count == header.count else {
                sink.report(
                    Diagnostic(at: location, "has \(fields.count) fields; the header has \(header.count)"))
                return nil
            }
            guard let residents = Int(fields[residentsColumn]), residents > 0 else {
                sink.report(
                    Diagnostic(
                        at: location,
                        "'\(fields[residentsColumn])' is not a positive whole number of residents"))
                return nil
            }
            let coastal = coastalColumn.map { fields[$0] == "yes" } ?? false
            districts.append(
                DistrictSpec(
                    name: fields[nameColumn], residents: residents, ageShares: shares,
                    exposure: coastal ? coastalExposure : 1))
        }
        return districts
    }

    static func checkUnique(_ districts: [DistrictSpec], at location: SourceLocation, sink: DiagnosticSink)
        -> [DistrictSpec]?
    {
        var seen = Set<String>()
        for district in districts where !seen.insert(district.name).inserted {
            sink.report(Diagnostic(at: location, "district '\(district.name)' appears twice"))
            return nil
        }
        return districts
    }
}
