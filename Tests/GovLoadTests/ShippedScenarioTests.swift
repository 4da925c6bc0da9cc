import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// Every scenario in `scenarios/` runs end to end through the binary, cities at 1 % of their size
/// and every run one day past its warm-up, and its files hold what they must; `describe` shows a city's resolved numbers.
@Suite("Shipped scenarios", .tags(.slow))
struct ShippedScenarioTests {
    static let files: [String] = {
        let root = TestSupport.path("scenarios")
        let walker = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let path = walker?.nextObject() as? String {
            if path.hasSuffix(".yaml") { files.append(path) }
        }
        return files.sorted()
    }()

    @Test("each scenario runs (cities at --scale 0.01, one day past the warm-up)", arguments: files)
    func runs(_ file: String) throws {
        let path = TestSupport.path("scenarios/" + file)
        let loaded = try ScenarioLoader.load(path: path)
        let horizon = loaded.scenario.warmup + SimClock.day
        var arguments = [
            "run", path, "--out", TestSupport.freshPath(), "--quiet", "--replications", "1", "--horizon",
            Units.format(duration: horizon), "--policy", loaded.policies[0].name,
        ]
        if loaded.scenario.city != nil { arguments += ["--scale", "0.01"] }
        let out = arguments[3]
        let result = try Govload.run(arguments)
        #expect(result.status == 0, "\(file): \(result.stderr)")
        try Self.checkOutputs(out, loaded: loaded, file: file)
    }

    /// What every run's files must hold: one summary row, a channels row per channel (and per
    /// back-office row in a city), shares between 0 and 1, counts that add up, a manifest that
    /// calls the run complete.
    static func checkOutputs(_ out: String, loaded: LoadedScenario, file: String) throws {
        let summary = try CSVTable(out, "summary.csv")
        #expect(summary.rows.count == 1, "\(file)")
        let row = try #require(summary.rows.first)
        #expect(summary.value(row, "policy") == loaded.policies[0].name)
        let channels = try CSVTable(out, "channels.csv")
        let names = Set(channels.column("channel"))
        #expect(names.isSuperset(of: loaded.scenario.channels.map(\.name)), "\(file): \(names)")
        for channel in channels.rows {
            let arrivals = Int(channels.value(channel, "arrivals")) ?? -1
            let served = Int(channels.value(channel, "served")) ?? -1
            let abandoned = Int(channels.value(channel, "abandoned")) ?? -1
            #expect(
                served + abandoned <= arrivals && served >= 0, "\(file) \(channels.value(channel, "channel"))"
            )
            for share in ["p_wait", "abandon_rate", "utilization"] {
                let value = Double(channels.value(channel, share)) ?? -1
                #expect(
                    (0...1).contains(value), "\(file) \(channels.value(channel, "channel")) \(share) \(value)"
                )
            }
        }
        if loaded.scenario.city != nil {
            let created = Int(summary.value(row, "cases_created")) ?? -1
            let closed = Int(summary.value(row, "cases_closed")) ?? -1
            let dropped = Int(summary.value(row, "cases_dropped")) ?? -1
            let open = Int(summary.value(row, "cases_open")) ?? -1
            #expect(created > 0 && closed + dropped + open == created, "\(file): cases do not add up")
            for share in ["closure_rate", "on_time_rate", "mean_trust"] {
                let value = Double(summary.value(row, share)) ?? -1
                #expect((0...1).contains(value), "\(file) \(share) \(value)")
            }
            #expect(names.isSuperset(of: ["command_centre", "grid"]), "\(file)")
        }
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"complete\" : true") || manifest.contains("\"complete\":true"), "\(file)")
    }

    @Test("describe shows a city's districts, case types, back office and shocks")
    func describeCity() throws {
        let result = try Govload.run(["describe", TestSupport.path("scenarios/shenzhen-compound.yaml")])
        #expect(result.status == 0)
        for fragment in [
            "17564446 residents", "Bao'an", "case types", "emergency_management", "surge:",
            "day 16 00:00 (Wed)", "burst of 12000 hazards and 3000 emergencies", "150000 visitors in Dapeng",
            "(the staff above are per community centre; every community has one)",
        ] {
            #expect(result.stdout.contains(fragment), "missing '\(fragment)'")
        }
    }
}
