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

/// Mistakes in a city's sections: each is one located line, exit code 2, and nothing written.
@Suite("Bad city input")
struct CityBadInputTests {
    static let valid = """
        name: tiny
        horizon: 3d
        city:
          districts:
            - {name: North, residents: 5000}
            - {name: South, residents: 3000}
          age_bands:
            adult: {share: 85%, literacy: 0.8}
            senior: {share: 15%, literacy: 0.3}
        case_types:
          appeal:
            kind: appeal
            rate: 0.002/d
            channels: {hotline: 1}
            department: works
            handling: {dist: exponential, mean: 1h}
            sla: 7d
          hazard:
            kind: hazard
            rate: 0.01/d
            channels: {hotline: 1}
            department: works
            handling: {dist: exponential, mean: 1h}
            sla: 1d
        channels:
          hotline:
            kind: hotline
            servers: 2
            service_time: {dist: exponential, mean: 4m}
        departments:
          works: {servers: 3}
        command_centre:
          servers: 1
          registration: {dist: exponential, mean: 3m}
          routing_accuracy: 90%
          transfer_delay: {dist: exponential, mean: 1d}
        grid:
          workers_per_cell: 1
          patrol_detection: 0.5/d
        shocks:
          - {kind: typhoon, start: 1d, duration: 12h, districts: [North]}
        """

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var old: String
        var new: String
        /// The line the error must name.
        var line: Int
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "age shares not adding up", old: "senior: {share: 15%", new: "senior: {share: 25%", line: 8,
            message: "add up to 110.00%, not 100%"),
        Case(
            name: "unknown channel in a case type",
            old:
                "channels: {hotline: 1}\n    department: works\n    handling: {dist: exponential, mean: 1h}\n    sla: 7d",
            new:
                "channels: {hotlne: 1}\n    department: works\n    handling: {dist: exponential, mean: 1h}\n    sla: 7d",
            line: 14,
            message: "names channel 'hotlne', which the scenario does not define; did you mean 'hotline'?"),
        Case(
            name: "unknown department",
            old: "department: works\n    handling: {dist: exponential, mean: 1h}\n    sla: 7d",
            new: "department: wroks\n    handling: {dist: exponential, mean: 1h}\n    sla: 7d", line: 15,
            message: "names department 'wroks'"),
        Case(
            name: "unknown case kind", old: "kind: appeal", new: "kind: apeal", line: 12,
            message: "unknown case kind 'apeal'; did you mean 'appeal'?"),
        Case(
            name: "unknown district in a shock", old: "districts: [North]", new: "districts: [Nroth]",
            line: 41,
            message: "names district 'Nroth', which the city does not have"),
        Case(
            name: "rate for an unknown age band", old: "rate: 0.002/d", new: "rate: {adlt: 0.002/d}",
            line: 13,
            message: "names age band 'adlt'"),
        Case(
            name: "a city key without a city", old: "city:\n  districts:", new: "town:\n  districts:",
            line: 3,
            message: "unknown key 'town'"),
        Case(
            name: "external arrivals in a city", old: "    service_time: {dist: exponential, mean: 4m}",
            new: "    service_time: {dist: exponential, mean: 4m}\n    external_arrivals: {rate: 1/min}",
            line: 30,
            message: "'external_arrivals' is for scenarios without a city"),
        Case(
            name: "siloed grid too thin", old: "workers_per_cell: 1",
            new: "workers_per_cell: 1\n  domains: [city, b, c, d, e, f, g]\n  cells_per_pool: 2",
            line: 38, message: "must be at least 7"),
        Case(
            name: "unknown strategy", old: "grid:\n  workers_per_cell: 1",
            new: "strategies: {grid: mergd}\ngrid:\n  workers_per_cell: 1",
            line: 37, message: "unknown grid strategy 'mergd'; did you mean 'merged'?"),
        Case(
            name: "ramp longer than the shock", old: "duration: 12h,", new: "duration: 12h, ramp: 1d,",
            line: 41,
            message: "'ramp' of shock 1 is longer than its 'duration'"),
        Case(
            name: "surge for nothing", old: "shocks:",
            new: "surge:\n  - {target: hall, reserve: 3, on_warning: true, max_duration: 1d}\nshocks:",
            line: 41, message: "neither a channel nor a department"),
        Case(
            name: "absurd scale", old: "  age_bands:", new: "  scale: 500\n  age_bands:", line: 7,
            message: "'city.scale' must be between"),
    ]

    @Test("each mistake: exit 2, one located line, nothing written", arguments: cases)
    func mistake(_ c: Case) throws {
        #expect(Self.valid.contains(c.old), "the case's text is not in the valid scenario")
        let file = try TestSupport.writeTemporary(Self.valid.replacingOccurrences(of: c.old, with: c.new))
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out, "--quiet"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(file):\(c.line):"), "\(result.stderr)")
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal") && !result.stderr.contains("Backtrace"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("the valid tiny city runs")
    func validRuns() throws {
        let file = try TestSupport.writeTemporary(Self.valid)
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out, "--quiet", "--replications", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
    }

    @Test("a districts file with a bad row is located at its line")
    func badDistrictsFile() throws {
        let folder = TestSupport.temporaryFolder()
        let csv = folder + "/districts.csv"
        try "district,residents\nNorth,5000\nSouth,lots\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let yaml = Self.valid.replacingOccurrences(
            of: "  districts:\n    - {name: North, residents: 5000}\n    - {name: South, residents: 3000}",
            with: "  districts: districts.csv")
        let file = folder + "/scenario.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("districts.csv:3:1: 'lots' is not a positive whole number"),
            "\(result.stderr)")
        let missing = try TestSupport.writeTemporary(
            Self.valid.replacingOccurrences(
                of:
                    "  districts:\n    - {name: North, residents: 5000}\n    - {name: South, residents: 3000}",
                with: "  districts: nowhere.csv"))
        let none = try Govload.run(["validate", missing])
        #expect(none.status == 2)
        #expect(none.stderr.contains(":4:14: 'districts: nowhere.csv': "), "\(none.stderr)")
        #expect(none.stderr.contains("nowhere.csv no such file"), "\(none.stderr)")
    }

    @Test("a schedule with nobody on shift inside the channel's opening hours is located")
    func scheduleGap() throws {
        let text = """
            name: gap
            horizon: 10h
            channels:
              hall:
                kind: hall
                schedule:
                  - {days: mon-fri, from: "09:00", to: "12:00", servers: 3}
                  - {days: mon-fri, from: "13:00", to: "18:00", servers: 3}
                hours: [{days: mon-fri, from: "09:00", to: "18:00"}]
                service_time: {dist: exponential, mean: 3m}
                external_arrivals: {rate: 1/min}
            """
        let file = try TestSupport.writeTemporary(text)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "\(file):9:12: channel 'hall' has nobody on shift Mon 12:00–Mon 13:00, inside its 'hours'"),
            "\(result.stderr)")
        let covered = try TestSupport.writeTemporary(
            text.replacingOccurrences(of: "to: \"12:00\", servers: 3", with: "to: \"13:00\", servers: 3"))
        #expect(try Govload.run(["validate", covered]).status == 0)
    }
}
