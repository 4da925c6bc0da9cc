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

/// Reading scenario files: units, distributions, schedules and `extends` chains.
@Suite("Scenario files")
struct ScenarioLoaderTests {
    @Test("durations, rates and shares in every unit")
    func units() throws {
        #expect(try Units.duration("90s").get() == 90)
        #expect(try Units.duration("15m").get() == 900)
        #expect(try Units.duration("1.5h").get() == 5_400)
        #expect(try Units.duration("3d").get() == 259_200)
        #expect(try Units.duration("1w").get() == 604_800)
        #expect(try Units.duration("0").get() == 0)
        #expect(throws: Units.Problem.missingUnit) { try Units.duration("10").get() }
        #expect(throws: Units.Problem.unknownUnit("y")) { try Units.duration("2y").get() }
        #expect(throws: Units.Problem.malformed) { try Units.duration("soon").get() }
        #expect(try Units.rate("10/min").get() == 10.0 / 60)
        #expect(try Units.rate("240/h").get() == 240.0 / 3_600)
        #expect(try Units.rate("0.5/d").get() == 0.5 / 86_400)
        // Exponents, signed ones too.
        #expect(try Units.rate("1e-3/s").get() == 0.001)
        #expect(try Units.rate("1.5e2/h").get() == 150.0 / 3_600)
        #expect(try Units.duration("2.5e1m").get() == 1_500)
        #expect(throws: Units.Problem.unknownUnit("em")) { try Units.duration("3em").get() }
        #expect(try Units.probability("85%").get() == 0.85)
        #expect(try Units.probability("0.85").get() == 0.85)
        #expect(Units.timeOfDay("08:30") == 30_600)
        #expect(Units.timeOfDay("24:00") == 86_400)
        #expect(Units.timeOfDay("24:30") == nil)
        #expect(Units.format(duration: 7_200) == "2h")
    }

    @Test("a scenario resolves to model units")
    func resolve() throws {
        let scenario = try TestSupport.scenario("validation/shifts.yaml")
        #expect(scenario.horizon == 8 * SimClock.week)
        #expect(scenario.warmup == SimClock.week)
        let centre = try #require(scenario.channels.first)
        #expect(centre.kind == .center)
        #expect(centre.serviceTime == .gamma(mean: 720, cv: 0.6))
        #expect(centre.serviceTime(for: "urgent") == .lognormal(mean: 480, cv: 0.8))
        #expect(centre.serviceTime(for: "routine") == .gamma(mean: 720, cv: 0.6))
        #expect(centre.patience == .exponential(mean: 7_200))
        #expect(centre.capacity == 60)
        #expect(centre.priorityLevels == 2)
        #expect(centre.schedule.servers(at: 9 * 3_600) == 6)  // Monday 09:00
        #expect(centre.schedule.servers(at: 6 * SimClock.day + 10 * 3_600) == 0)  // Sunday
        #expect(centre.arrivals.count == 2)
    }

    @Test("extends: a child overrides its parent's keys, mappings merge, several levels deep")
    func extendsChain() throws {
        let folder = TestSupport.temporaryFolder()
        try """
        name: base
        horizon: 10h
        replications: 4
        channels:
          hotline:
            servers: 3
            service_time: {dist: exponential, mean: 3m}
            external_arrivals: {rate: 1/min}
        """.write(toFile: folder + "/base.yaml", atomically: true, encoding: .utf8)
        try """
        extends: base.yaml
        name: middle
        channels:
          hotline:
            servers: 5
        """.write(toFile: folder + "/middle.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/more", withIntermediateDirectories: true)
        try """
        extends: ../middle.yaml
        name: child
        horizon: 20h
        """.write(toFile: folder + "/more/child.yaml", atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: folder + "/more/child.yaml")
        #expect(loaded.scenario.name == "child")
        #expect(loaded.scenario.horizon == 20 * 3_600)
        #expect(loaded.scenario.replications == 4)
        #expect(loaded.scenario.channels.first?.schedule == ShiftSchedule(constant: 5))
        #expect(loaded.scenario.channels.first?.serviceTime == .exponential(mean: 180))
        #expect(
            loaded.sources.map { URL(fileURLWithPath: $0.path).lastPathComponent } == [
                "child.yaml", "middle.yaml", "base.yaml",
            ])
    }

    @Test("extends: cycles and missing parents are located errors")
    func extendsErrors() throws {
        let folder = TestSupport.temporaryFolder()
        try "extends: b.yaml\nname: a\n".write(toFile: folder + "/a.yaml", atomically: true, encoding: .utf8)
        try "extends: a.yaml\nname: b\n".write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
        try "extends: nowhere.yaml\n".write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        #expect {
            try ScenarioLoader.load(path: folder + "/a.yaml")
        } throws: { error in
            (error as? InputError)?.description.contains("b.yaml:1:10: 'extends: a.yaml' makes a cycle")
                == true
        }
        #expect {
            try ScenarioLoader.load(path: folder + "/c.yaml")
        } throws: { error in
            (error as? InputError)?.description.contains("c.yaml:1:10: 'extends: nowhere.yaml': no such file")
                == true
        }
    }

    @Test("SHA-256 of known inputs")
    func sha256() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(of: Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Data(String(repeating: "a", count: 1_000).utf8)
        #expect(SHA256.hex(of: long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
