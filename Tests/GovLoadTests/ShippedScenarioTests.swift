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
/// and every run one day past its warm-up; `describe` shows a city's resolved numbers.
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
        let result = try Govload.run(arguments)
        #expect(result.status == 0, "\(file): \(result.stderr)")
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
