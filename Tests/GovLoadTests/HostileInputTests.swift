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

/// Input written to hurt: every case is refused quickly, with one clear located line and exit 2,
/// and nothing is written — never a crash, a hang or a runaway allocation. Each failed (or took
/// minutes and gigabytes) before the hardening issue.
@Suite("Hostile input")
struct HostileInputTests {
    static let shenzhen = TestSupport.path("scenarios/shenzhen-baseline.yaml")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The scenario's text (written to `scenario.yaml`), or nil to use `path`.
        var yaml: String?
        var path: String?
        var arguments: [String] = []
        /// What the one line of error must start with (`@` stands for the scenario's path).
        var prefix: String
        var message: String
        var testDescription: String { name }
    }

    static let valid = """
        name: hostile
        horizon: 10h
        channels:
          hotline:
            servers: 3
            service_time: {dist: exponential, mean: 3m}
            external_arrivals: {rate: 1/min}
        """

    /// An alias bomb: nine levels of nine references, 9⁹ (387 million) strings once expanded.
    static let aliasBomb: String = {
        var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        let names = Array("abcdefghij").map(String.init)
        for level in 1...9 {
            let references = Array(repeating: "*" + names[level - 1], count: 9).joined(separator: ", ")
            text += "\(names[level]): &\(names[level]) [\(references)]\n"
        }
        return text
    }()

    /// 150 channels over ten years with a 316 s report interval: a billion time-series rows.
    static let wide: String = {
        var text = "name: wide\nhorizon: 520w\nreport_interval: 316s\nreplications: 1\nchannels:\n"
        for index in 0..<150 {
            text +=
                "  c\(index):\n    servers: 1\n    service_time: {dist: exponential, mean: 1m}\n    external_arrivals: {rate: 0.1/min}\n"
        }
        return text
    }()

    static let cases: [Case] = [
        Case(
            name: "an alias bomb", yaml: aliasBomb, prefix: "@:1:4: ",
            message: "YAML anchors (&a) are not supported"),
        Case(
            name: "an alias", yaml: valid + "\nwarmup: *x", prefix: "@:",
            message: "YAML aliases (*x) are not supported"),
        Case(
            name: "two documents", yaml: valid + "\n---\nname: other\n", prefix: "@:8:1: ",
            message: "a second YAML document"),
        Case(
            name: "nesting 10,000 deep", yaml: "name: " + String(repeating: "[", count: 10_000),
            prefix: "@:1:",
            message: "values nest more than 64 levels deep"),
        Case(
            name: "a duplicate key, located at the duplicate",
            yaml: valid.replacingOccurrences(of: "horizon: 10h", with: "horizon: 10h\nhorizon: 11h"),
            prefix: "@:3:1: ",
            message: "duplicate key 'horizon' (first at line 2, column 1)"),
        Case(
            name: "a device", path: "/dev/zero", prefix: "/dev/zero: ", message: "must end in .yaml or .yml"),
        Case(
            name: "extends a system file", yaml: "extends: /etc/passwd\nname: x\n", prefix: "/etc/passwd: ",
            message: "a scenario file's name must end in .yaml or .yml"),
        Case(
            name: "sites_per_cell: 100000 at Shenzhen's size",
            yaml: "extends: \(shenzhen)\ncity: {sites_per_cell: 100000}\n", prefix: "@: ",
            message: "would need about"),
        Case(
            name: "ten residents per cell at five times Shenzhen",
            yaml: "extends: \(shenzhen)\ncity: {residents_per_cell: 10, scale: 5}\n", prefix: "@: ",
            message: "8,782,225 cells"),
        Case(
            name: "a billion time-series rows", yaml: wide, prefix: "@: ", message: "rows of timeseries.csv"),
        Case(
            name: "a sweep of 60,000 scenarios to check",
            yaml:
                "extends: \(shenzhen)\nsweep:\n  grid.workers_per_cell: [\((1...100).map { String($0) }.joined(separator: ", "))]\n  behaviour.wait_weight: [\((1...100).map { "-\($0)" }.joined(separator: ", "))]\n",
            prefix: "@:3:3: ", message: "10000 points × 6 policies = 60000 scenarios"),
        Case(
            name: "--horizon 1e308w", yaml: valid, arguments: ["--horizon", "1e308w"], prefix: "--horizon: ",
            message: "longer than the 520w"),
        Case(
            name: "--horizon 100000d", yaml: valid, arguments: ["--horizon", "100000d"],
            prefix: "--horizon: ",
            message: "longer than the 520w"),
        Case(
            name: "--scale -1", yaml: nil, path: shenzhen, arguments: ["--scale", "-1"], prefix: "--scale: ",
            message: "must be between"),
        Case(
            name: "--seed -1", yaml: valid, arguments: ["--seed", "-1"], prefix: "--seed: ",
            message: "must be a whole number"),
        Case(
            name: "--replications 0", yaml: valid, arguments: ["--replications", "0"],
            prefix: "--replications: ",
            message: "must be between 1 and 100000"),
        Case(
            name: "sweeping replications", yaml: valid + "\nsweep:\n  replications: [2, 100000]\n",
            prefix: "@:9:3: ",
            message: "'replications' is set for the whole run"),
        Case(
            name: "a sweep value twice", yaml: valid + "\nsweep:\n  channels.hotline.servers: [2, 2.0]\n",
            prefix: "@:9:33: ", message: "lists 2.0 twice"),
        Case(
            name: "sweeping the seed", yaml: valid + "\nsweep:\n  seed: [1, 2]\n", prefix: "@:9:3: ",
            message: "cannot be swept; use --seed"),
        Case(
            name: "an override of a swept key",
            yaml:
                "extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))\nsweep:\n  city.scale: [0.5, 1]\n",
            arguments: ["--scale", "0.1"], prefix: "--scale: ", message: "which the scenario sweeps"),
    ]

    @Test("each: exit 2, one line naming where, nothing written", arguments: cases)
    func refused(_ c: Case) throws {
        let file = try c.yaml.map { try TestSupport.writeTemporary($0) } ?? c.path ?? ""
        let out = TestSupport.freshPath()
        let started = Date()
        let result = try Govload.run(["run", file, "--out", out] + c.arguments, timeout: 60)
        #expect(result.status == 2, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix(c.prefix.replacingOccurrences(of: "@", with: file)), "\(result.stderr)")
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Refused at once: nothing was expanded, allocated or simulated first.
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("validate reports what run would refuse as too big")
    func validateEstimates() throws {
        let file = try TestSupport.writeTemporary(Self.wide)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rows of timeseries.csv"), "\(result.stderr)")
    }

    @Test("a file over 8 MiB is refused before it is read")
    func hugeFile() throws {
        let file = TestSupport.freshPath() + ".yaml"
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.truncate(atOffset: 9 << 20)  // sparse: nine mebibytes of nothing
        try handle.close()
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(result.stderr == "\(file): is 9.0 MiB; a scenario file may be at most 8.0 MiB\n")
    }

    @Test("a pipe or a device is refused without reading it")
    func fifo() throws {
        let file = TestSupport.freshPath() + ".yaml"
        #expect(mkfifo(file, 0o600) == 0)
        let device = TestSupport.freshPath() + ".yaml"
        try FileManager.default.createSymbolicLink(atPath: device, withDestinationPath: "/dev/zero")
        for path in [file, device] {
            let result = try Govload.run(["validate", path], timeout: 30)
            #expect(result.status == 2)
            #expect(result.stderr == "\(path): is not a regular file; a scenario file must be a plain file\n")
        }
    }

    @Test("a YAML file that is not a scenario is never echoed back")
    func foreignFile() throws {
        let folder = TestSupport.temporaryFolder()
        try "root: x:0:0:secret\nadmin: hunter2\n".write(
            toFile: folder + "/passwd.yaml", atomically: true, encoding: .utf8)
        try "extends: passwd.yaml\nname: x\n".write(
            toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try Govload.run(["validate", folder + "/s.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a GovLoad scenario"), "\(result.stderr)")
        #expect(
            !result.stderr.contains("secret") && !result.stderr.contains("hunter2")
                && !result.stderr.contains("admin"))
    }

    @Test("more than 64 case types is a located error, not a crash")
    func caseTypes() throws {
        let city = try String(
            contentsOfFile: TestSupport.path("scenarios/validation/small-city.yaml"), encoding: .utf8)
        var extra = ""
        for index in 0..<300 {
            extra +=
                "  extra\(index): {kind: appeal, rate: {adult: 0.0001/d}, channels: {hotline: 1}, department: urban}\n"
        }
        let text = city.replacingOccurrences(of: "case_types:\n", with: "case_types:\n" + extra)
        let file = try TestSupport.writeTemporary(text)
        let result = try Govload.run(["validate", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("a city may have at most 64 case types"), "\(result.stderr)")
    }

    @Test("rates and durations with signed exponents are read")
    func exponents() throws {
        let file = try TestSupport.writeTemporary(
            Self.valid.replacingOccurrences(of: "rate: 1/min", with: "rate: 1.5e-2/s"))
        let result = try Govload.run(["validate", file])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("list works from any folder")
    func listElsewhere() throws {
        let result = try Govload.run(["list"], in: TestSupport.temporaryFolder())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("small-city.yaml"))
    }
}
