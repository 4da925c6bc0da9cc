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

/// Bad input gets one clear line naming the file, line and column (or the argument), exit code 2,
/// and writes nothing: a table of mistakes, each run through the real binary.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The scenario file's text; nil to use a path that does not exist.
        var yaml: String?
        /// Extra arguments after `run FILE --out FRESH`.
        var arguments: [String] = []
        /// `line:col` the error must name in the scenario file, or nil for argument errors.
        var location: String?
        /// A fragment the message must contain.
        var message: String
        var testDescription: String { name }
    }

    static let valid = """
        name: bad
        horizon: 10h
        channels:
          hotline:
            servers: 3
            service_time: {dist: exponential, mean: 3m}
            external_arrivals: {rate: 1/min}
        """

    static func replacing(_ old: String, with new: String) -> String {
        valid.replacingOccurrences(of: old, with: new)
    }

    static let cases: [Case] = [
        Case(name: "missing file", yaml: nil, message: "no such file"),
        Case(
            name: "malformed YAML", yaml: "name: bad\nchannels: [a, b\n", location: "3:1",
            message: "invalid YAML"),
        Case(
            name: "tab indentation", yaml: "name: bad\nhorizon: 10h\n\tchannels: {}\n", location: "3:1",
            message: "invalid YAML"),
        Case(
            name: "negative rate", yaml: replacing("rate: 1/min", with: "rate: -5/min"), location: "7:31",
            message: "must be zero or more"),
        Case(
            name: "zero servers", yaml: replacing("servers: 3", with: "servers: 0"), location: "5:14",
            message: "must be between 1 and 1000000, got 0"),
        Case(
            name: "absurd servers", yaml: replacing("servers: 3", with: "servers: 5000000"), location: "5:14",
            message: "between 1 and 1000000"),
        Case(
            name: "servers not a number", yaml: replacing("servers: 3", with: "servers: many"),
            location: "5:14", message: "must be a whole number"),
        Case(
            name: "unknown unit", yaml: replacing("mean: 3m", with: "mean: 3 minutes"), location: "6:45",
            message: "unknown unit 'minutes'"),
        Case(
            name: "duration without unit", yaml: replacing("horizon: 10h", with: "horizon: 10"),
            location: "2:10", message: "needs a unit"),
        Case(
            name: "rate without unit", yaml: replacing("rate: 1/min", with: "rate: 10"), location: "7:31",
            message: "needs a unit"),
        Case(
            name: "rate with unknown unit", yaml: replacing("rate: 1/min", with: "rate: 1/fortnight"),
            location: "7:31", message: "unknown unit 'fortnight'"),
        Case(
            name: "misspelt key", yaml: replacing("servers: 3", with: "servrs: 3"), location: "5:5",
            message: "did you mean 'servers'"),
        Case(
            name: "misspelt top-level key",
            yaml: replacing("horizon: 10h", with: "horizon: 10h\nreplicatons: 3"), location: "3:1",
            message: "did you mean 'replications'"),
        Case(
            name: "unknown distribution", yaml: replacing("dist: exponential", with: "dist: exponentail"),
            location: "6:26", message: "did you mean 'exponential'"),
        Case(
            name: "distribution missing its parameter",
            yaml: replacing("dist: exponential, mean: 3m", with: "dist: gamma, mean: 3m"), location: "6:19",
            message: "needs 'cv'"),
        Case(
            name: "cv of zero",
            yaml: replacing("dist: exponential, mean: 3m", with: "dist: gamma, mean: 3m, cv: 0"),
            location: "6:47", message: "must be above 0"),
        Case(
            name: "uniform upside down",
            yaml: replacing("dist: exponential, mean: 3m", with: "dist: uniform, min: 5m, max: 1m"),
            location: "6:19", message: "is above 'max'"),
        Case(
            name: "missing service time",
            yaml: replacing("    service_time: {dist: exponential, mean: 3m}\n", with: ""), location: "5:5",
            message: "needs 'service_time'"),
        Case(
            name: "no channels", yaml: "name: bad\nhorizon: 10h\n", location: "1:1",
            message: "needs 'channels'"),
        Case(
            name: "warm-up longer than horizon",
            yaml: replacing("horizon: 10h", with: "horizon: 10h\nwarmup: 12h"), location: "3:9",
            message: "must be shorter than 'horizon'"),
        Case(
            name: "both servers and schedule",
            yaml: replacing(
                "servers: 3",
                with: "servers: 3\n    schedule: [{days: all, from: \"08:00\", to: \"18:00\", servers: 2}]"),
            location: "6:15", message: "has both 'servers' and 'schedule'"),
        Case(
            name: "bad shift time",
            yaml: replacing(
                "servers: 3", with: "schedule: [{days: all, from: \"25:00\", to: \"18:00\", servers: 2}]"),
            location: "5:34", message: "time of day"),
        Case(
            name: "bad day name",
            yaml: replacing(
                "servers: 3", with: "schedule: [{days: mon-fry, from: \"08:00\", to: \"18:00\", servers: 2}]"),
            location: "5:23", message: "not a day"),
        Case(
            name: "duplicate key", yaml: replacing("servers: 3", with: "servers: 3\n    servers: 4"),
            location: "6:5", message: "duplicate key 'servers' (first at line 5, column 5)"),
        Case(
            name: "hourly profile of the wrong length",
            yaml: replacing("{rate: 1/min}", with: "{rate: 1/min, hourly: [1, 2, 3]}"), location: "7:46",
            message: "must list 24 factors"),
        Case(
            name: "unknown channel kind", yaml: replacing("servers: 3", with: "servers: 3\n    kind: hotlin"),
            location: "6:11", message: "did you mean 'hotline'"),
        Case(
            name: "service time for a case type that never arrives",
            yaml: replacing(
                "service_time: {dist: exponential, mean: 3m}",
                with: "service_time: {default: {dist: fixed, value: 1m}, apeal: {dist: fixed, value: 2m}}"),
            location: "6:55", message: "no arrivals of case type 'apeal'"),
        Case(
            name: "seed out of range", yaml: replacing("horizon: 10h", with: "horizon: 10h\nseed: -1"),
            location: "3:7", message: "'seed' must be a whole number"),
        Case(
            name: "zero threads", yaml: valid, arguments: ["--threads", "0"],
            message: "--threads: must be between 1 and 1024"),
        Case(
            name: "bad --horizon", yaml: valid, arguments: ["--horizon", "5 parsecs"],
            message: "--horizon: unknown unit 'parsecs'"),
        Case(
            name: "unknown policy", yaml: valid, arguments: ["--policy", "merged"],
            message: "--policy: unknown policy 'merged'"),
        Case(
            name: "--scale without a city", yaml: valid, arguments: ["--scale", "0.1"],
            message: "--scale: sets 'city.scale', and the scenario has no 'city' section"),
        Case(
            name: "unknown option", yaml: valid, arguments: ["--thread", "2"],
            message: "Unknown option '--thread'"),
    ]

    @Test("each mistake: exit 2, one located line, nothing written", arguments: cases)
    func mistake(_ c: Case) throws {
        let file: String
        if let yaml = c.yaml {
            file = try TestSupport.writeTemporary(yaml)
        } else {
            file = TestSupport.freshPath() + ".yaml"
        }
        let out = TestSupport.freshPath()
        let result = try Govload.run(["run", file, "--out", out] + c.arguments)
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let line = String(lines.first ?? "")
        if let location = c.location {
            #expect(line.hasPrefix("\(file):\(location): "), "\(line)")
        }
        #expect(line.contains(c.message), "\(line)")
        #expect(!line.contains("Fatal error") && !line.contains("Stack"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("an output folder that exists and is not empty, or cannot be written, is refused before running")
    func outputFolders() throws {
        let file = try TestSupport.writeTemporary(Self.valid)
        let full = TestSupport.temporaryFolder()
        try "keep me".write(toFile: full + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = try Govload.run(["run", file, "--out", full])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("exists and is not empty; add --force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: full) == ["notes.txt"])

        let unwritable = try Govload.run(["run", file, "--out", "/sys/govload-results"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.hasPrefix("--out: cannot create '/sys/govload-results'"))

        let underFile = try Govload.run(["run", file, "--out", full + "/notes.txt/results"])
        #expect(underFile.status == 2)
        #expect(underFile.stderr.contains("is a file"))
    }

    @Test("validate reports every problem at once, in file order")
    func validateAll() throws {
        let yaml = Self.replacing("servers: 3", with: "servers: 0")
            .replacingOccurrences(of: "mean: 3m", with: "mean: 3 minutes")
            .replacingOccurrences(of: "horizon: 10h", with: "horizon: 10h\nreplicatons: 2")
        let file = try TestSupport.writeTemporary(yaml)
        let good = TestSupport.path("scenarios/validation/mm1.yaml")
        let result = try Govload.run(["validate", good, file])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines[0].hasPrefix("\(file):3:1: unknown key 'replicatons'"))
        #expect(lines[1].hasPrefix("\(file):6:14: "))
        #expect(lines[2].hasPrefix("\(file):7:45: "))
        #expect(result.stdout.contains("mm1.yaml: ok"))
    }

    @Test("every scenario shipped in scenarios/ validates")
    func shippedScenariosValidate() throws {
        let folder = TestSupport.path("scenarios")
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".yaml") { files.append(folder + "/" + name) }
        }
        #expect(files.count >= 5)
        let result = try Govload.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
    }
}
