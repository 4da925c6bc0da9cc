import Foundation

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

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A file under the package root.
    static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// Loads a scenario from `scenarios/`, or fails the test.
    static func scenario(_ relative: String) throws -> Scenario {
        try ScenarioLoader.load(path: path("scenarios/" + relative)).scenario
    }

    /// Runs `replications` replications of a one-channel scenario in process and returns the
    /// channel's statistics, one per replication.
    static func channelStatistics(_ scenario: Scenario, replications: Int, seed: UInt64? = nil)
        -> [QueueStatistics]
    {
        let plan = ExperimentPlan(
            scenario: scenario, replications: replications, seed: seed ?? scenario.seed, threads: 2)
        return Experiment.run(plan).runs.map { $0.channels[0].statistics }
    }

    /// A new empty temporary folder.
    static func temporaryFolder() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "govload-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A path in a temporary location that does not exist yet.
    static func freshPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("govload-test-\(UUID().uuidString)")
            .path
    }

    /// Writes `text` to a new temporary file named `name` and returns its path.
    static func writeTemporary(_ text: String, name: String = "scenario.yaml") throws -> String {
        let folder = temporaryFolder()
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Runs the built `govload` binary: the end-to-end tests use what users run.
enum Govload {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The newest of the release and debug binaries (scripts/test.sh builds the release one first).
    static let binary: String = {
        let candidates = [".build/release/govload", ".build/debug/govload"].map(TestSupport.path)
        let existing = candidates.filter { FileManager.default.isExecutableFile(atPath: $0) }
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date)
                ?? .distantPast
        }
        return existing.max { modified($0) < modified($1) } ?? candidates[0]
    }()

    /// Runs `govload` with `arguments` in `directory` (default: the package root); kills it after
    /// `timeout` seconds (a hang is then a failure with exit status 9, not a stuck test run).
    static func run(_ arguments: [String], in directory: String? = nil, timeout: Double = 1_800) throws
        -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? TestSupport.packageRoot.path)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Drain stderr on another thread while reading stdout, so a full pipe cannot stall the child.
        let errBox = DataBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { usleep(1_000) }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = Data()
        private var finished = false
        var data: Data {
            get { lock.withLock { stored } }
            set {
                lock.withLock {
                    stored = newValue
                    finished = true
                }
            }
        }
        var done: Bool { lock.withLock { finished } }
    }
}
