import Foundation
import GovLoadTestSupport
import Testing

/// An interrupted run or merge ends in one of two states: complete (a manifest, every output it
/// lists, exit 0) or absent (no manifest, no temporary file, exit 128 + the signal). Signals land
/// at random moments; CI sends a few of each kind, and `GOVLOAD_SOAK=N` sends N of each (the soak
/// run reported in docs/reliability.md).
@Suite("Interruption", .serialized, .tags(.slow))
struct InterruptionTests {
    @Test(
        "SIGINT, SIGTERM and SIGHUP: exit 128+n, a message naming the folder, no manifest, no temporary files",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func interrupted(signalNumber: Int32) throws {
        let out = TestSupport.freshPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Govload.binary)
        process.arguments = [
            "run", TestSupport.path("scenarios/bench/mmc-20m.yaml"), "--out", out, "--quiet",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the run has begun (its output folder exists), then interrupt it.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: out) && Date() < deadline { usleep(20_000) }
        usleep(200_000)
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 128 + signalNumber, "\(message)")
        #expect(message.contains("holds no manifest.json, so it is not a finished run"), "\(message)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    /// What a run or merge left: complete or absent, and the exit status that goes with it.
    static func endState(_ folder: String, status: Int32, signal: Int32) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        if let temporary = names.first(where: { $0.hasPrefix(".") }) { return "left \(temporary)" }
        if names.contains("manifest.json") {
            guard status == 0 else { return "a manifest with exit \(status)" }
            guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let outputs = json["outputs"] as? [String]
            else { return "an unreadable manifest" }
            let missing = outputs.filter { !names.contains($0) }
            return missing.isEmpty ? nil : "a manifest listing missing \(missing)"
        }
        if status == 128 + signal { return names.isEmpty ? nil : "left \(names) without a manifest" }
        return "no manifest, exit \(status)"
    }

    /// Starts `arguments`, sends `signal` after `delay` seconds, and checks the end state: nil when
    /// it is complete or absent (`complete` says which), or what is wrong.
    static func trial(_ arguments: [String], out: String, signal: Int32, delay: Double, complete: inout Int)
        throws -> String?
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Govload.binary)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(delay * 1e6))
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        // Before the handlers are installed (while the scenario is read), the signal's default
        // action ends the process, with nothing written: the shell's 128 + n.
        let status =
            process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        if FileManager.default.fileExists(atPath: out + "/manifest.json") { complete += 1 }
        return endState(out, status: status, signal: signal).map {
            "\(arguments[0]) \(signal) at \(delay)s: \($0)"
        }
    }

    static var trials: Int { Int(ProcessInfo.processInfo.environment["GOVLOAD_SOAK"] ?? "") ?? 2 }

    @Test("a signal at any moment of a run or a merge, with or without --cases: complete or absent")
    func randomMoments() throws {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        let sweep = try TestSupport.writeTemporary(
            "extends: \(city)\nname: sweep-city\nhorizon: 3d\nsweep:\n  grid.workers_per_cell: [1, 2]\n")
        let common = ["--replications", "2", "--policy", "baseline", "--policy", "integrated", "--quiet"]
        // Shards to merge, with and without cases.
        var shards: [Bool: [String]] = [:]
        for cases in [false, true] {
            shards[cases] = try (1...2).map { index in
                let out = TestSupport.freshPath()
                let made = try Govload.run(
                    ["run", sweep, "--out", out, "--shard", "\(index)/2"] + common
                        + (cases ? ["--cases"] : []))
                #expect(made.status == 0, "\(made.stderr)")
                return out
            }
        }
        // Signals land anywhere from the start to a little after the end: the durations of an
        // undisturbed run and merge (with cases, the longer) set the range.
        func duration(_ arguments: [String]) throws -> Double {
            let start = Date()
            _ = try Govload.run(arguments)
            return Date().timeIntervalSince(start)
        }
        let runTime = try duration(
            ["run", sweep, "--out", TestSupport.freshPath(), "--cases"] + common)
        let mergeTime = try duration(["merge"] + (shards[true] ?? []) + ["--out", TestSupport.freshPath()])
        var generator = SystemRandomNumberGenerator()
        var failures: [String] = []
        var outcomes = 0
        var complete = 0
        for _ in 0..<Self.trials {
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] {
                for cases in [false, true] {
                    let out = TestSupport.freshPath()
                    let run = ["run", sweep, "--out", out] + common + (cases ? ["--cases"] : [])
                    if let failure = try Self.trial(
                        run, out: out, signal: signal,
                        delay: .random(in: 0...(1.2 * runTime), using: &generator),
                        complete: &complete)
                    {
                        failures.append(failure)
                    }
                    let merged = TestSupport.freshPath()
                    let merge = ["merge"] + (shards[cases] ?? []) + ["--out", merged]
                    if let failure = try Self.trial(
                        merge, out: merged, signal: signal,
                        delay: .random(in: 0...(1.2 * mergeTime), using: &generator),
                        complete: &complete)
                    {
                        failures.append(failure)
                    }
                    outcomes += 2
                }
            }
        }
        print(
            "signal trials: \(outcomes), \(complete) complete, \(outcomes - complete - failures.count) absent"
        )
        #expect(
            failures.isEmpty, "\(failures.count) of \(outcomes) trials: \(failures.joined(separator: "; "))")
    }

    @Test("SIGPIPE (standard output closed) does not stop a run: it completes")
    func brokenPipe() throws {
        let out = TestSupport.freshPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Govload.binary)
        process.arguments = [
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "--out", out, "--horizon", "150h",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()  // nobody reads: the table's write fails
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Self.endState(out, status: 0, signal: SIGPIPE) == nil)
    }
}
