import Foundation
import GovLoad

/// Paths and helpers shared by the tests (the test-support target: every suite uses these, and
/// none carries its own).
public enum TestSupport {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under the package root.
    public static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }

    /// Loads a scenario from `scenarios/`, or fails the test.
    public static func scenario(_ relative: String) throws -> Scenario {
        try ScenarioLoader.load(path: path("scenarios/" + relative)).scenario
    }

    /// Runs `replications` replications of a one-channel scenario in process and returns the
    /// channel's statistics, one per replication.
    public static func channelStatistics(_ scenario: Scenario, replications: Int, seed: UInt64? = nil)
        -> [QueueStatistics]
    {
        let plan = ExperimentPlan(
            scenario: scenario, replications: replications, seed: seed ?? scenario.seed, threads: 2)
        return Experiment.run(plan).runs.map { $0.channels[0].statistics }
    }

    /// The folder under which every test's temporary files go, one per test process; removed,
    /// with everything in it, when the process exits.
    public static let temporaryRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "govload-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestSupport.temporaryRoot) }
        return url
    }()

    /// A new empty temporary folder.
    public static func temporaryFolder() -> String {
        let url = temporaryRoot.appendingPathComponent("govload-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A path in a temporary location that does not exist yet.
    public static func freshPath() -> String {
        temporaryRoot.appendingPathComponent("govload-test-\(UUID().uuidString)").path
    }

    /// Writes `text` to a new temporary file named `name` and returns its path.
    public static func writeTemporary(_ text: String, name: String = "scenario.yaml") throws -> String {
        let folder = temporaryFolder()
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Runs the built `govload` binary: the end-to-end tests use what users run.
public enum Govload {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The newest of the release and debug binaries (scripts/test.sh builds the release one first).
    public static let binary: String = {
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
    public static func run(_ arguments: [String], in directory: String? = nil, timeout: Double = 1_800) throws
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

/// A CSV file that GovLoad wrote, read whole through the library's own reader: its header and rows,
/// fields by column name.
public struct CSVTable: Sendable {
    /// The columns.
    public let columns: [String]
    /// The rows, each one field per column.
    public let rows: [[String]]

    /// Reads `path`; throws on a file the library's reader refuses.
    public init(path: String) throws {
        guard let reader = CSVReader(path: path) else { throw CocoaError(.fileReadNoSuchFile) }
        var records: [[String]] = []
        while let record = try reader.next() { records.append(record.fields) }
        columns = records.first ?? []
        rows = Array(records.dropFirst())
    }

    /// Reads `name` in `folder`.
    public init(_ folder: String, _ name: String) throws { try self.init(path: folder + "/" + name) }

    /// The value of `column` in `row`.
    public func value(_ row: [String], _ column: String) -> String {
        guard let index = columns.firstIndex(of: column) else { return "" }
        return row[index]
    }

    /// The column `column`, every row.
    public func column(_ column: String) -> [String] { rows.map { value($0, column) } }

    /// The rows whose `column` equals `value`.
    public func rows(where column: String, is value: String) -> [[String]] {
        rows.filter { self.value($0, column) == value }
    }
}
