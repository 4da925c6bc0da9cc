import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport
import Synchronization

/// What to run: a scenario's policies × replications, with a seed and a thread budget.
public struct ExperimentPlan: Sendable {
    /// The scenario without any policy: its name, horizon and reporting are every policy's.
    public var scenario: Scenario
    /// The policies to run, in output order; the first is the baseline of comparisons. With a
    /// sweep, as resolved at its first point.
    public var policies: [Policy]
    /// The swept keys, dotted; empty without a sweep.
    public var sweepKeys: [String] = []
    /// The sweep's points; one empty point without a sweep.
    public var points: [SweepPoint] = [SweepPoint(values: [])]
    /// The policies resolved at each point, in the order of `policies`.
    public var variants: [[Policy]]
    /// The points this process runs (`--sweep-point`), ascending; all by default.
    public var selectedPoints: [Int] = [0]
    /// The runs this process runs (`--shard`): indices into the full order of runs over
    /// `selectedPoints` × policies × replications, ascending; nil for every run.
    public var selectedRuns: [Int]? = nil
    /// Replications per policy.
    public var replications: Int
    /// The first replication's number: a plan that extends an earlier one starts after it.
    public var firstReplication = 0
    /// The seed of every stream.
    public var seed: UInt64
    /// Threads to use.
    public var threads: Int
    /// `--cases`: where runs send their cases (the output folder's `cases.csv`); nil for none.
    public var cases: (any CaseRecording)? = nil

    /// A plan for a scenario without policies: the scenario itself, as `baseline`.
    public init(scenario: Scenario, replications: Int, seed: UInt64, threads: Int) {
        self.init(
            scenario: scenario, policies: [Policy(name: Policy.baselineName, scenario: scenario)],
            replications: replications, seed: seed, threads: threads)
    }

    /// Creates a plan.
    public init(scenario: Scenario, policies: [Policy], replications: Int, seed: UInt64, threads: Int) {
        self.scenario = scenario
        self.policies = policies
        self.variants = [policies]
        self.replications = replications
        self.seed = seed
        self.threads = threads
    }

    /// A plan over a sweep: `variants[point]` are the policies resolved at `points[point]`.
    public init(
        scenario: Scenario, sweepKeys: [String], points: [SweepPoint], variants: [[Policy]],
        replications: Int,
        seed: UInt64, threads: Int
    ) {
        precondition(!variants.isEmpty && variants.count == points.count)
        self.init(
            scenario: scenario, policies: variants[0], replications: replications, seed: seed,
            threads: threads)
        self.sweepKeys = sweepKeys
        self.points = points
        self.variants = variants
        self.selectedPoints = Array(points.indices)
    }

    /// The scenario as run: `--precision` may have settled on another number of replications
    /// than the scenario's.
    public var resolvedScenario: Scenario {
        var scenario = self.scenario
        scenario.replications = replications
        return scenario
    }

    /// The number of (sweep point, policy, replication) runs.
    public var runCount: Int { selectedRuns?.count ?? allRunCount }

    /// The number of runs over `selectedPoints` × policies × replications, shard or not.
    public var allRunCount: Int { selectedPoints.count * policies.count * replications }

    /// `--shard I/N`: the runs r with r mod N = I − 1 — dealt in turn, so each shard gets as
    /// many runs of every point and policy as it can (runs of one point cost about the same).
    public static func shardRuns(index: Int, count: Int, of total: Int) -> [Int] {
        (0..<total).filter { $0 % count == index - 1 }
    }
}

/// Where an experiment's runs send their cases: one set of sinks per run, each row starting with
/// the run's scenario, policy and replication and ending with its sweep point's values.
public protocol CaseRecording: Sendable {
    /// The sinks of one run.
    func sinks(prefix: [String], suffix: [String]) -> any CaseSinkFactory
}

/// Everything an experiment measured, in (sweep point, policy, replication) order.
public struct ExperimentResult: Sendable {
    /// The plan that was run.
    public var plan: ExperimentPlan
    /// One result per run: sweep point, then policy, then replication.
    public var runs: [ReplicationResult]
}

/// Runs an experiment: when there are at least as many runs as threads, runs go side by side,
/// one thread each; otherwise they go one after another, each using every thread inside the
/// engine. Either way each run's result depends only on its (policy, replication, seed).
public enum Experiment {
    /// Runs `plan`; `progress(done, total)` is called after each run, from any thread, one call at a time.
    ///
    /// With `deliver`, each run's result is handed over as soon as it and every run before it have
    /// finished — in run order, one call at a time — and the returned result keeps the runs'
    /// statistics but not their time series, so memory stays bounded however many runs there are.
    /// When `deliver` returns false (it could not write the run, say), no further run starts, and
    /// the result holds the runs finished by then.
    public static func run(
        _ plan: ExperimentPlan, progress: (@Sendable (Int, Int) -> Void)? = nil,
        deliver: ((ReplicationResult) -> Bool)? = nil
    ) -> ExperimentResult {
        let total = plan.runCount
        let done = Mutex(0)
        let stopped = Atomic(false)
        let acrossRuns = total >= plan.threads
        let outer = ParallelExecutor(threads: acrossRuns ? plan.threads : 1)
        let innerThreads = acrossRuns ? 1 : plan.threads
        let order = deliver.map { OrderedDelivery(deliver: $0) }
        let runs = outer.map(total) { position -> ReplicationResult? in
            guard !stopped.load(ordering: .relaxed) else { return nil }
            let index = plan.selectedRuns?[position] ?? position
            let perPoint = plan.policies.count * plan.replications
            let point = plan.selectedPoints[index / perPoint]
            let policy = plan.variants[point][index % perPoint / plan.replications]
            let replication = plan.firstReplication + index % plan.replications
            let cases = plan.cases.map {
                $0.sinks(
                    prefix: [plan.scenario.name, policy.name, String(replication)],
                    suffix: plan.points[point].values)
            }
            var result = Simulation.run(
                policy.scenario, policy: policy.name, replication: replication, seed: plan.seed,
                threads: innerThreads, cases: cases)
            result.point = point
            if let progress {
                done.withLock { count in
                    count += 1
                    progress(count, total)
                }
            }
            if let order {
                if !order.finished(result, at: position) { stopped.store(true, ordering: .relaxed) }
                result.dropTimeSeries()
            }
            return result
        }
        return ExperimentResult(plan: plan, runs: runs.compactMap { $0 })
    }
}

/// Hands results over in run order as they finish out of order: a result waits only until every
/// run before it is done.
final class OrderedDelivery: @unchecked Sendable {
    private let lock = NSLock()
    private let deliver: (ReplicationResult) -> Bool
    private var next = 0
    private var waiting: [Int: ReplicationResult] = [:]
    private var refused = false

    init(deliver: @escaping (ReplicationResult) -> Bool) { self.deliver = deliver }

    /// Takes a finished run; false once a delivery has been refused (nothing more is delivered).
    func finished(_ result: ReplicationResult, at index: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !refused else { return false }
        waiting[index] = result
        while let ready = waiting.removeValue(forKey: next) {
            guard deliver(ready) else {
                refused = true
                waiting.removeAll()
                return false
            }
            next += 1
        }
        return true
    }
}
