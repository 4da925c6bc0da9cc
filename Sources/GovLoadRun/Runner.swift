import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The options of `govload run`, already parsed from the command line.
public struct RunOptions: Sendable {
    /// The scenario file.
    public var scenarioPath: String
    /// `--out`; nil for `results/<scenario name>`.
    public var output: String?
    /// `--policy`, repeatable; empty for every policy.
    public var policies: [String] = []
    /// `--baseline`: the policy the others are compared with; nil for `baseline`, or the first policy.
    public var baseline: String?
    /// `--threads`.
    public var threads: Int
    /// Values the command line sets in the scenario (`--horizon`, `--scale`, `--seed`,
    /// `--replications`): checked and resolved as if the file said them.
    public var overrides: [ScenarioOverride] = []
    /// `--cases`.
    public var cases = false
    /// `--force`.
    public var force = false
    /// `--precision`: the largest relative half-width allowed (0.05 for 5 %); nil to run the
    /// scenario's replications as they are.
    public var precision: Double?
    /// `--max-replications`: the most replications `--precision` may use.
    public var maxReplications = 200
    /// `--sweep-point K`: run only sweep point K (from 0).
    public var sweepPoint: Int?
    /// `--replication K`: run only replication K (from 0) of every policy, exactly as it runs in
    /// the full set (its random streams are keyed by its number).
    public var replication: Int?
    /// `--compress`: how `timeseries.csv` and `cases.csv` are written; nil for plain CSV.
    public var compression: OutputCompression?
    /// `--shard I/N`: run only shard I's runs (sweep point × policy × replication), dealt costliest
    /// first to the least-loaded shard (`ExperimentPlan.shardRuns`); `govload merge` joins the shards.
    public var shard: (index: Int, count: Int)?
    /// The command line as typed, for the manifest.
    public var arguments: [String] = []
    /// `--max-memory`: the most memory the run may be estimated to need (bytes).
    public var maxMemory = ResourceEstimate.defaultMaxBytes
    /// `--max-rows`: the most rows of `timeseries.csv` it may be estimated to write.
    public var maxRows = ResourceEstimate.defaultMaxRows

    /// Creates options for `scenarioPath` with `threads` threads.
    public init(scenarioPath: String, threads: Int) {
        self.scenarioPath = scenarioPath
        self.threads = threads
    }
}

/// Where a run's time went, for `govload run --profile`.
public struct RunProfile: Sendable {
    /// Wall seconds simulating (with rows written as runs finish, their writing included).
    public var simulationSeconds: Double = 0
    /// Wall seconds writing rows, comparison.csv and the manifest.
    public var outputSeconds: Double = 0
    /// Events handled, all runs.
    public var events = 0
    /// Engine windows (barriers), all runs.
    public var windows = 0
    /// Messages between processes, all runs.
    public var messages = 0
    /// Wall seconds building processes (cities and residents) and collecting their results,
    /// summed over runs.
    public var buildSeconds: Double = 0
    public var collectSeconds: Double = 0
    /// Wall seconds in the engines' parallel phases, summed over runs (runs side by side add up).
    public var phaseSeconds: Double = 0
    /// Seconds processes spent receiving and advancing, summed over processes and runs.
    public var busySeconds: Double = 0
    /// `busySeconds` by kind of process, summed over runs (processes counted per run).
    public var busyByGroup: [ProcessGroupTime] = []
    /// Thread-seconds spent waiting at the end of parallel phases, summed over runs.
    public var waitingSeconds: Double = 0
    /// Seconds the engines spent between phases, summed over runs.
    public var serialSeconds: Double = 0
}

extension RunProfile {
    /// Adds the runs' event counts and the engines' times.
    mutating func add(_ runs: [ReplicationResult]) {
        for run in runs {
            events += run.events
            windows += run.engine.windows
            messages += run.engine.messages
            buildSeconds += run.buildSeconds
            collectSeconds += run.collectSeconds
            phaseSeconds += run.engine.phaseSeconds
            busySeconds += run.engine.busySeconds
            for group in run.engine.busyByGroup { busyByGroup.add(group, countingProcesses: false) }
            waitingSeconds += run.engine.waitingSeconds
            serialSeconds += run.engine.serialSeconds
        }
    }
}

/// What a finished run reports back to the command line.
public struct RunReport: Sendable {
    /// The experiment's results.
    public var result: ExperimentResult
    /// Where the files are.
    public var folder: OutputFolder
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// Where the time went.
    public var profile = RunProfile()
}

/// `govload run`: validates everything first (scenario, overrides, output folder) so that bad
/// input writes nothing, then runs and writes the files, the manifest last.
public enum Runner {

    /// Loads the scenario with the command line's overrides set in; throws every problem found.
    public static func prepare(_ options: RunOptions) throws(InputError) -> (
        ExperimentPlan, LoadedScenario, OutputFolder
    ) {
        let loaded = try ScenarioLoader.load(path: options.scenarioPath, overrides: options.overrides)
        let scenario = loaded.scenario
        var problems: [Diagnostic] = []
        if options.cases && scenario.city == nil {
            problems.append(
                Diagnostic(
                    .argument("--cases"),
                    "writes one row per case, and scenario '\(scenario.name)' has no 'city' section, so it has no cases"
                ))
        }
        let available = loaded.policies.map(\.name)
        for policy in options.policies + (options.baseline.map { [$0] } ?? [])
        where !available.contains(policy) {
            problems.append(
                Diagnostic(
                    .argument(options.policies.contains(policy) ? "--policy" : "--baseline"),
                    "unknown policy '\(policy)'; scenario '\(scenario.name)' defines: \(available.joined(separator: ", "))"
                ))
        }
        let folderPath = options.output ?? "results/\(scenario.name)"
        var folder: OutputFolder
        do {
            folder = try OutputFolder.check(folderPath, force: options.force)
        } catch {
            throw InputError(problems + error.diagnostics)
        }
        folder.compression = options.compression
        guard problems.isEmpty else { throw InputError(problems) }
        var plan = try makePlan(loaded, options)
        if options.cases { plan.cases = folder }
        return (plan, loaded, folder)
    }

    /// The plan of the policies and sweep points `options` choose, within the resource limits.
    public static func makePlan(_ loaded: LoadedScenario, _ options: RunOptions) throws(InputError)
        -> ExperimentPlan
    {
        let scenario = loaded.scenario
        let available = loaded.policies.map(\.name)
        // The chosen policies in the order asked, each once; the baseline first, so that it leads
        // every file and the comparison.
        var names: [String] = []
        for name in options.policies.isEmpty ? available : options.policies where !names.contains(name) {
            names.append(name)
        }
        let baseline =
            options.baseline
            ?? (available.contains(ScenarioLoader.baselineName) ? ScenarioLoader.baselineName : available[0])
        names.removeAll { $0 == baseline }
        names.insert(baseline, at: 0)
        let order = names.compactMap { name in available.firstIndex(of: name) }
        let variants = loaded.variants.map { policies in order.map { policies[$0] } }
        var plan = ExperimentPlan(
            scenario: scenario, sweepKeys: loaded.sweepKeys, points: loaded.points, variants: variants,
            replications: scenario.replications, seed: scenario.seed, threads: options.threads)
        plan.selectedPoints = try selectPoints(options, count: loaded.points.count)
        if let replication = options.replication {
            guard (0..<scenario.replications).contains(replication) else {
                throw InputError(
                    Diagnostic(
                        .argument("--replication"),
                        "must be from 0 to \(scenario.replications - 1) (the scenario runs \(scenario.replications) replication(s)), got \(replication)"
                    ))
            }
            plan.firstReplication = replication
            plan.replications = 1
        }
        if let shard = options.shard {
            let runs = plan.shardRuns(index: shard.index, count: shard.count)
            guard !runs.isEmpty else {
                throw InputError(
                    Diagnostic(
                        .argument("--shard"),
                        "shard \(shard.index)/\(shard.count) has no runs (the study has \(plan.allRunCount): sweep points × policies × replications)"
                    ))
            }
            plan.selectedRuns = runs
        }
        let estimate = ResourceEstimate(plan)
        let limits = estimate.problems(
            maxBytes: options.maxMemory, maxRows: options.maxRows, file: options.scenarioPath)
        guard limits.isEmpty else { throw InputError(limits) }
        return plan
    }

    /// The sweep points `--sweep-point` asks for; all without it (`--shard` splits runs, not points).
    static func selectPoints(_ options: RunOptions, count: Int) throws(InputError) -> [Int] {
        if let point = options.sweepPoint {
            guard (0..<count).contains(point) else {
                throw InputError(
                    Diagnostic(
                        .argument("--sweep-point"),
                        "must be from 0 to \(count - 1) (the scenario has \(count) sweep point(s)), got \(point)"
                    ))
            }
            return [point]
        }
        return Array(0..<count)
    }

    /// Runs a prepared plan and writes its files into `folder`, which the caller has claimed
    /// (`OutputFolder.claim`): every CSV renamed into place as it completes, then what `extra`
    /// writes from the finished result (it returns the names of its files), the manifest last.
    public static func execute(
        _ plan: ExperimentPlan, loaded: LoadedScenario, folder: OutputFolder, options: RunOptions,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        extra: ((ExperimentResult) throws(OutputError) -> [String])? = nil
    ) throws(OutputError) -> RunReport {
        let start = Date()
        var plan = plan
        var profile = RunProfile()
        var warmupChoice: WarmupChoice?
        if plan.scenario.warmupAuto {
            let choice = Experiment.chooseWarmup(plan)
            plan = plan.withWarmup(choice.chosenHours * SimClock.hour)
            warmupChoice = choice
        }
        let result: ExperimentResult
        var precision: PrecisionOutcome?
        if let target = options.precision {
            (result, precision) = try runToPrecision(
                plan, target: target, options, folder, &profile, progress)
            plan = result.plan
        } else {
            result = try runStreaming(plan, folder, &profile, progress)
        }
        profile.add(result.runs)
        var extraFiles: [String] = []
        if let extra { extraFiles = try extra(result) }
        let end = Date()
        var manifest = Manifest(
            scenario: plan.scenario.name, files: loaded.sources, resolvedScenario: plan.resolvedScenario,
            seed: plan.seed, replications: plan.replications, threads: plan.threads, policies: plan.policies,
            arguments: options.arguments, startTime: Manifest.timestamp(start),
            endTime: Manifest.timestamp(end),
            wallSeconds: end.timeIntervalSince(start),
            outputs: ResultWriter.files(
                in: folder, cases: plan.cases != nil, comparison: !plan.isPart)
                + extraFiles)
        manifest.scenarioYAML = loaded.resolvedYAML
        manifest.warmupAuto = warmupChoice
        manifest.precision = precision
        manifest.sweepKeys = plan.sweepKeys
        manifest.points = plan.sweepKeys.isEmpty ? [] : plan.points
        manifest.pointsRun = plan.selectedPoints
        manifest.runsRun = plan.selectedRuns ?? result.handedOut?.sorted()
        manifest.shard =
            options.shard.map { "\($0.index)/\($0.count)" } ?? options.sweepPoint.map { "point \($0)" }
        manifest.replication = options.replication
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
        return RunReport(
            result: result, folder: folder, wallSeconds: end.timeIntervalSince(start), profile: profile)
    }

    /// Replications added in rounds until the headline intervals are narrow enough; rows can only
    /// be written once the count is final.
    static func runToPrecision(
        _ plan: ExperimentPlan, target: Double, _ options: RunOptions, _ folder: OutputFolder,
        _ profile: inout RunProfile, _ progress: (@Sendable (Int, Int) -> Void)?
    ) throws(OutputError) -> (ExperimentResult, PrecisionOutcome) {
        let simulationStart = Date()
        let outcome = Experiment.runToPrecision(
            plan, target: target, maxReplications: options.maxReplications, progress: progress)
        profile.simulationSeconds = Date().timeIntervalSince(simulationStart)
        let writeStart = Date()
        try ResultWriter.write(outcome.0, to: folder)
        profile.outputSeconds = Date().timeIntervalSince(writeStart)
        return outcome
    }

    /// The runs, their rows written as they finish, in run order (time series are not kept in
    /// memory); the first write error stops the experiment.
    static func runStreaming(
        _ plan: ExperimentPlan, _ folder: OutputFolder, _ profile: inout RunProfile,
        _ progress: (@Sendable (Int, Int) -> Void)?
    ) throws(OutputError) -> ExperimentResult {
        let stream = try ResultStream(plan: plan, folder: folder)
        var failure: OutputError?
        var outputSeconds = 0.0
        let simulationStart = Date()
        let result = Experiment.run(plan, progress: progress) { run in
            let writeStart = Date()
            defer { outputSeconds += Date().timeIntervalSince(writeStart) }
            do throws(OutputError) { try stream.append(run) } catch {
                failure = error
                return false
            }
            return true
        }
        profile.simulationSeconds = Date().timeIntervalSince(simulationStart)
        if let failure {
            throw OutputError(
                "\(failure.message) (stopped after \(result.runs.count) of \(plan.runCount) runs)")
        }
        let finishStart = Date()
        try stream.finish(result)
        profile.outputSeconds = outputSeconds + Date().timeIntervalSince(finishStart)
        return result
    }
}
