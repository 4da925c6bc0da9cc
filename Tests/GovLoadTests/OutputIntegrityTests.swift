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

/// A folder with a `manifest.json` is complete and right; GovLoad never writes outside the folder
/// it was given, never through a link it did not make, never removes what it did not write, and
/// two runs never share a folder. Each test here failed on the code before the hardening issue.
@Suite("Output integrity", .serialized, .tags(.slow))
struct OutputIntegrityTests {
    static let smallCity = TestSupport.path("scenarios/validation/small-city.yaml")
    static let quick = ["--horizon", "3d", "--replications", "1", "--policy", "baseline", "--quiet"]

    /// The names in `folder`, sorted.
    static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The manifest's `outputs`, or nil.
    static func outputs(_ folder: String) throws -> [String]? {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json") else { return nil }
        return try JSONDecoder().decode(Manifest.self, from: data).outputs
    }

    @Test("the manifest lists exactly the files written, with and without --cases")
    func manifestOutputs() throws {
        for cases in [false, true] {
            let out = TestSupport.freshPath()
            let run = try Govload.run(
                ["run", Self.smallCity, "--out", out] + Self.quick + (cases ? ["--cases"] : []))
            #expect(run.status == 0, "\(run.stderr)")
            let listed = try #require(try Self.outputs(out))
            #expect(
                Set(listed + ["manifest.json"]) == Set(Self.names(out)), "\(listed) vs \(Self.names(out))")
        }
    }

    @Test("--seed and --replications reach the manifest's resolved scenario and every policy's")
    func oneSourceOfRunSettings() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "--out", out, "--quiet", "--seed", "99",
            "--replications", "2", "--horizon", "120h",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try #require(FileManager.default.contents(atPath: out + "/manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(manifest.seed == 99 && manifest.replications == 2)
        #expect(manifest.resolvedScenario.seed == 99 && manifest.resolvedScenario.replications == 2)
        #expect(manifest.resolvedScenario.horizon == 120 * SimClock.hour)
        for policy in manifest.policies {
            #expect(policy.scenario.seed == 99 && policy.scenario.replications == 2, "\(policy.name)")
        }
    }

    @Test("a second run or merge on a folder in use is refused (exit 2); the first finishes intact")
    func lockedFolder() throws {
        let out = TestSupport.freshPath()
        let first = Process()
        first.executableURL = URL(fileURLWithPath: Govload.binary)
        first.arguments = [
            "run", Self.smallCity, "--out", out, "--quiet", "--horizon", "14d", "--replications", "4",
        ]
        first.standardError = FileHandle.nullDevice
        try first.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: out) && Date() < deadline { usleep(10_000) }
        let second = try Govload.run(["run", Self.smallCity, "--out", out, "--force"] + Self.quick)
        first.waitUntilExit()
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("another govload run or merge is writing to"), "\(second.stderr)")
        #expect(first.terminationStatus == 0)
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 1 + 6 * 4, "the first run's rows, all of them")
    }

    @Test("a link planted at an output's name is replaced, never written through")
    func plantedLinks() throws {
        let out = TestSupport.temporaryFolder()
        let victim = TestSupport.freshPath()
        try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
        for name in ["summary.csv", "manifest.json"] {
            try FileManager.default.createSymbolicLink(atPath: out + "/" + name, withDestinationPath: victim)
        }
        let run = try Govload.run(["run", Self.smallCity, "--out", out, "--force"] + Self.quick)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        let kind =
            try FileManager.default.attributesOfItem(atPath: out + "/summary.csv")[.type]
            as? FileAttributeType
        #expect(kind == .typeRegular)
    }

    @Test("a temporary file is never made through a link planted under its name")
    func temporaryNamesDoNotFollowLinks() throws {
        let folder = TestSupport.temporaryFolder()
        let victim = TestSupport.freshPath()
        try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
        let planted = folder + "/.summary.csv.\(getpid())-fixed.partial"
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
        #expect(throws: OutputError.self) {
            _ = try ScratchFile(
                in: folder, stem: "summary.csv", suffix: "partial", ledger: OutputLedger(), tag: { "fixed" })
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        // With fresh names it works, and dropping it leaves nothing.
        do {
            let file = try ScratchFile(
                in: folder, stem: "summary.csv", suffix: "partial", ledger: OutputLedger())
            try "row\n".utf8.withContiguousStorageIfAvailable { bytes in
                try file.write(UnsafeRawBufferPointer(bytes), name: "summary.csv")
            }
        }
        #expect(Self.names(folder) == [".summary.csv.\(getpid())-fixed.partial"])
    }

    @Test("a scenario name that is not one safe folder name is refused before anything is written")
    func unsafeNames() throws {
        let root = TestSupport.temporaryFolder()
        for name in ["../../escaped", "a/b", ".hidden", "-rf", String(repeating: "n", count: 300)] {
            let file = try TestSupport.writeTemporary(
                "name: \"\(name)\"\nhorizon: 1h\nchannels:\n  h:\n    servers: 1\n    service_time: {dist: fixed, value: 1m}\n    external_arrivals: {rate: 1/min}\n"
            )
            let run = try Govload.run(["run", file, "--quiet"], in: root)
            #expect(run.status == 2, "\(name): \(run.stderr)")
            #expect(run.stderr.hasPrefix("\(file):1:7: 'name' "), "\(run.stderr)")
            #expect(Self.names(root).isEmpty, "\(name) wrote \(Self.names(root))")
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: root).deletingLastPathComponent().path + "/escaped"))
    }

    @Test("--force never removes a folder (or anything GovLoad did not write) under an output's name")
    func forceSparesFolders() throws {
        let out = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(
            atPath: out + "/timeseries.csv", withIntermediateDirectories: true)
        try "mine".write(toFile: out + "/timeseries.csv/notes.txt", atomically: true, encoding: .utf8)
        try "mine too".write(toFile: out + "/README.txt", atomically: true, encoding: .utf8)
        let run = try Govload.run(["run", Self.smallCity, "--out", out, "--force"] + Self.quick)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(
            run.stderr.contains("'timeseries.csv' in '\(out)' is not a file GovLoad wrote"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/timeseries.csv/notes.txt"))
        #expect(Self.names(out) == ["README.txt", "timeseries.csv"])
    }

    @Test("--out that is empty, a dangling link or too long is bad input (exit 2), not a crash")
    func badOutPaths() throws {
        let file = TestSupport.path("scenarios/validation/mm1.yaml")
        let dangling = TestSupport.freshPath()
        try FileManager.default.createSymbolicLink(
            atPath: dangling, withDestinationPath: TestSupport.freshPath())
        let long = TestSupport.freshPath() + "/" + String(repeating: "x", count: 300)
        for (out, message) in [
            ("", "--out: must name a folder"),
            (dangling, "is a symbolic link to something that does not exist"),
            (long, "is longer than a path may be"),
        ] {
            let run = try Govload.run(["run", file, "--out", out, "--quiet"])
            #expect(run.status == 2, "\(out): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }

    @Test("a write error (the file-size limit, like a full disk) stops at once: exit 1, nothing left behind")
    func writeErrorStopsTheRun() throws {
        let out = TestSupport.freshPath()
        // 64 KiB of file at most: cases.csv of the first run is larger.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c",
            "ulimit -f 64; exec \"$0\" run \"$1\" --out \"$2\" --cases --quiet --horizon 6d --replications 8 --threads 1",
            Govload.binary, Self.smallCity, out,
        ]
        let err = Pipe()
        shell.standardError = err
        try shell.run()
        shell.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(shell.terminationStatus == 1, "\(message)")
        #expect(message.contains("File too large"), "\(message)")
        #expect(message.contains("the output folder holds no finished run"), "\(message)")
        // It stopped at the first error instead of simulating the other 47 runs first.
        let stopped = message.range(of: #"stopped after (\d+) of 48 runs"#, options: .regularExpression)
        #expect(stopped != nil, "\(message)")
        if let stopped, let done = Int(message[stopped].split(separator: " ")[2]) { #expect(done < 8) }
        #expect(Self.names(out).isEmpty, "\(Self.names(out))")
    }

    @Test("after kill -9, the next run explains what it found; --force clears it")
    func afterKill() throws {
        let out = TestSupport.freshPath()
        let victim = Process()
        victim.executableURL = URL(fileURLWithPath: Govload.binary)
        victim.arguments = ["run", Self.smallCity, "--out", out, "--cases", "--quiet", "--horizon", "14d"]
        victim.standardError = FileHandle.nullDevice
        try victim.run()
        let deadline = Date().addingTimeInterval(30)
        while !Self.names(out).contains(where: { $0.hasSuffix(".part") }) && Date() < deadline {
            usleep(5_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(Self.names(out).contains { $0.hasSuffix(".part") }, "the run left its temporary files")
        let again = try Govload.run(["run", Self.smallCity, "--out", out] + Self.quick)
        #expect(again.status == 2)
        #expect(again.stderr.contains("holds the remains of an interrupted run"), "\(again.stderr)")
        let forced = try Govload.run(["run", Self.smallCity, "--out", out, "--force"] + Self.quick)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!Self.names(out).contains { $0.hasPrefix(".") }, "\(Self.names(out))")
    }
}
