import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// `manifest.json`: everything needed to reproduce a run and to tell a finished output folder
/// from an interrupted one (it is written last, only after every other file is complete).
public struct Manifest: Codable, Sendable {
    /// "govload".
    public var tool = "govload"
    /// GovLoad's version.
    public var version = GovLoadVersion.string
    /// The GSL it was linked with, the Swift compiler that built it and the platform (absent in
    /// manifests of GovLoad before 0.2.0's second round).
    public var gslVersion: String? = GovLoadVersion.gsl
    public var swiftVersion: String? = GovLoadVersion.swift
    public var platform: String? = GovLoadVersion.platform
    /// The git commit the binary was built from (`-dirty` when tracked files had changed); absent
    /// when it was not built from a checkout.
    public var gitCommit: String? = GovLoadVersion.commit
    /// The scenario's name.
    public var scenario: String
    /// Every scenario file read, with its SHA-256.
    public var files: [ScenarioSource]
    /// The scenario after `extends` and command-line overrides (seconds and per-second rates).
    public var resolvedScenario: Scenario
    /// The same in the scenario language's own keys and units (block YAML), which `govload run`
    /// takes as it is: `jq -r .scenario_yaml manifest.json > again.yaml`.
    public var scenarioYAML: String? = nil
    /// The seed of every random stream.
    public var seed: UInt64
    /// Replications per policy.
    public var replications: Int
    /// Threads used.
    public var threads: Int
    /// The policies run, each with its resolved scenario; the first is the baseline.
    public var policies: [Policy]
    /// How `warmup: auto` chose the warm-up; nil when the scenario fixed it.
    public var warmupAuto: WarmupChoice?
    /// The swept keys, dotted; empty without a sweep.
    public var sweepKeys: [String] = []
    /// The sweep's points, as written.
    public var points: [SweepPoint] = []
    /// The sweep points this run covered (all, unless it was a shard).
    public var pointsRun: [Int] = [0]
    /// The runs this shard ran (`--shard`): indices into the order of runs over the points run ×
    /// policies × replications; nil when it ran all of them.
    public var runsRun: [Int]? = nil
    /// `I/N` or `point K` when the run was one part of a split sweep; nil otherwise.
    public var shard: String?
    /// The one replication run (`--replication K`); nil when every replication was.
    public var replication: Int?
    /// How `--precision` settled the number of replications; nil without it.
    public var precision: PrecisionOutcome?
    /// The shard folders `govload merge` joined into this one; nil for a run.
    public var mergedFrom: [String]?
    /// A sensitivity or robustness study's design (enough to rebuild it when shards are merged);
    /// nil for a run.
    public var study: StudyDesign?
    /// The command line, as typed.
    public var arguments: [String]
    /// When the run started and ended (ISO 8601, UTC).
    public var startTime: String
    /// When the run ended.
    public var endTime: String
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// The files the run wrote besides this one.
    public var outputs: [String]
    /// True: the run finished and every output is complete.
    public var complete = true

    /// Creates the manifest of a run.
    public init(
        scenario: String, files: [ScenarioSource], resolvedScenario: Scenario, seed: UInt64,
        replications: Int,
        threads: Int, policies: [Policy], arguments: [String], startTime: String, endTime: String,
        wallSeconds: Double, outputs: [String]
    ) {
        self.scenario = scenario
        self.files = files
        self.resolvedScenario = resolvedScenario
        self.seed = seed
        self.replications = replications
        self.threads = threads
        self.policies = policies
        self.arguments = arguments
        self.startTime = startTime
        self.endTime = endTime
        self.wallSeconds = wallSeconds
        self.outputs = outputs
    }

    enum CodingKeys: String, CodingKey {
        case tool, version, platform, scenario, files, seed, replications, threads, policies, arguments,
            outputs,
            complete
        case resolvedScenario = "resolved_scenario"
        case scenarioYAML = "scenario_yaml"
        case sweepKeys = "sweep_keys"
        case warmupAuto = "warmup_auto"
        case pointsRun = "sweep_points_run"
        case runsRun = "runs_run"
        case gslVersion = "gsl_version"
        case swiftVersion = "swift_version"
        case gitCommit = "git_commit"
        case mergedFrom = "merged_from"
        case study
        case precision
        case shard
        case replication
        case points = "sweep_points"
        case startTime = "start_time"
        case endTime = "end_time"
        case wallSeconds = "wall_seconds"
    }

    /// Writes the manifest atomically, the last file of a run: once it is in place the run is
    /// complete and an interruption keeps it (`OutputLedger`).
    public func write(to path: String, ledger: OutputLedger) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw OutputError("cannot encode the manifest: \(error)")
        }
        try AtomicFile.write(
            String(decoding: data, as: UTF8.self) + "\n", to: path, ledger: ledger, seals: true)
    }

    /// The manifest of the finished run (or study) in `folder`; bad input when there is none or it
    /// does not say the run finished.
    public static func finished(in folder: String) throws(InputError) -> Manifest {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(
                Diagnostic(.file(folder), "has no manifest.json: it is not a finished govload run"))
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.complete else {
            throw InputError(Diagnostic(.file(path), "is not the manifest of a finished govload run"))
        }
        return manifest
    }

    /// An ISO 8601 UTC timestamp to the second, such as `2026-11-29T23:12:06Z`. Formatted by hand:
    /// a date formatter loads ICU's calendar and locale data, a few milliseconds of a small run.
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// What a sensitivity or robustness study ran, in the manifest: the design is rebuilt from it
/// (the designs are fixed by their seed), so shards can be checked alike and merged.
public struct StudyDesign: Codable, Sendable, Equatable {
    /// `sensitivity` or `robustness`.
    public var kind: String
    /// `morris` or `sobol` (sensitivity), `latin-hypercube` (robustness).
    public var method: String
    /// Morris trajectories, Sobol base samples or robustness draws.
    public var size: Int
    /// The design's seed.
    public var designSeed: UInt64
    /// The uncertain values varied, as `PATH=LO..HI` (their units).
    public var parameters: [String]
    /// The metrics analysed.
    public var metrics: [String]
    /// The policies compared (robustness) or analysed (sensitivity), the baseline first.
    public var policies: [String]
    /// The design points or draws in the whole study.
    public var points: Int

    public init(
        kind: String, method: String, size: Int, designSeed: UInt64, parameters: [String], metrics: [String],
        policies: [String], points: Int
    ) {
        self.kind = kind
        self.method = method
        self.size = size
        self.designSeed = designSeed
        self.parameters = parameters
        self.metrics = metrics
        self.policies = policies
        self.points = points
    }

    enum CodingKeys: String, CodingKey {
        case kind, method, size, parameters, metrics, policies, points
        case designSeed = "design_seed"
    }
}
