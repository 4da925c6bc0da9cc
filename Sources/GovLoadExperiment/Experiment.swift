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
    /// Where runs come from when they are handed out one at a time as threads become free
    /// (`govload run --mpi`) instead of chosen in advance; nil to run the selected runs.
    public var source: (any RunSource)? = nil
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

    /// The number of (sweep point, policy, replication) runs; with a `source`, at most this.
    public var runCount: Int { selectedRuns?.count ?? allRunCount }

    /// Whether this process runs part of the study (`--shard`, a rank of `--mpi`): it cannot
    /// compare policies, which needs every run.
    public var isPart: Bool { selectedRuns != nil || source != nil }

    /// The number of runs over `selectedPoints` × policies × replications, shard or not.
    public var allRunCount: Int { selectedPoints.count * policies.count * replications }

    /// The point, policy and replication of run `index` (in the order over `selectedPoints` ×
    /// policies × replications).
    public func run(_ index: Int) -> (point: Int, policy: Policy, replication: Int) {
        let perPoint = policies.count * replications
        let point = selectedPoints[index / perPoint]
        return (
            point, variants[point][index % perPoint / replications], firstReplication + index % replications
        )
    }

    /// Every run, costliest first (by `ResourceEstimate.work`; runs of one point and policy
    /// cost alike, so ties keep the study's order).
    public var costliestFirst: [Int] {
        let perPoint = policies.count * replications
        let work = variants.map { $0.map { ResourceEstimate.work(of: $0.scenario) } }
        let cost = { (index: Int) in
            work[self.selectedPoints[index / perPoint]][index % perPoint / self.replications]
        }
        return (0..<allRunCount).sorted { cost($0) > cost($1) || (cost($0) == cost($1) && $0 < $1) }
    }

    /// `--shard I/N`: the runs of shard I, ascending. The runs are dealt costliest first, each to
    /// the shard with the least work so far (the lowest-numbered on a tie), so the shards' work
    /// is as even as whole runs allow; runs that cost alike go round in turn (r mod N = I − 1).
    public func shardRuns(index: Int, count: Int) -> [Int] {
        let perPoint = policies.count * replications
        var load = [Double](repeating: 0, count: count)
        var mine: [Int] = []
        for run in costliestFirst {
            let point = selectedPoints[run / perPoint]
            let work = ResourceEstimate.work(of: variants[point][run % perPoint / replications].scenario)
            let shard = load.indices.min { load[$0] < load[$1] } ?? 0
            load[shard] += work
            if shard == index - 1 { mine.append(run) }
        }
        return mine.sorted()
    }
}

/// Where a process takes its runs from when they are handed out as its threads become free.
public protocol RunSource: Sendable {
    /// The next run to do (its index in the study's order), or nil when none is left; called
    /// from any thread, one call at a time.
    func next() -> Int?
}

/// Runs handed out from a list in its order (costliest first, say), to any thread that asks.
public final class RunQueue: RunSource, @unchecked Sendable {
    private let lock = NSLock()
    private let order: [Int]
    private var taken = 0

    /// A queue of `order`.
    public init(_ order: [Int]) { self.order = order }

    public func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < order.count else { return nil }
        taken += 1
        return order[taken - 1]
    }

    /// Hands out nothing more (the study has failed).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        taken = order.count
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
    /// One result per run: sweep point, then policy, then replication (with a `source`, in the
    /// order the runs were taken).
    public var runs: [ReplicationResult]
    /// With a `source`, the runs taken, in the order of `runs`; nil otherwise.
    public var handedOut: [Int]? = nil
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
        if let source = plan.source {
            return runHandedOut(plan, from: source, progress: progress, deliver: deliver)
        }
        let total = plan.runCount
        let done = Mutex(0)
        let stopped = Atomic(false)
        let acrossRuns = total >= plan.threads
        let outer = ParallelExecutor(threads: acrossRuns ? plan.threads : 1)
        let innerThreads = acrossRuns ? 1 : plan.threads
        let order = deliver.map { OrderedDelivery(deliver: $0) }
        let runs = outer.map(total) { position -> ReplicationResult? in
            guard !stopped.load(ordering: .relaxed) else { return nil }
            var result = simulate(plan, run: plan.selectedRuns?[position] ?? position, threads: innerThreads)
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

    /// Run `index` of `plan` on `threads` threads inside the engine.
    static func simulate(_ plan: ExperimentPlan, run index: Int, threads: Int) -> ReplicationResult {
        let (point, policy, replication) = plan.run(index)
        let cases = plan.cases.map {
            $0.sinks(
                prefix: [plan.scenario.name, policy.name, String(replication)],
                suffix: plan.points[point].values)
        }
        var result = Simulation.run(
            policy.scenario, policy: policy.name, replication: replication, seed: plan.seed,
            threads: threads, cases: cases)
        result.point = point
        return result
    }

    /// Runs taken from `source` as threads become free, one thread each, until it has none
    /// left; results are delivered in the order the runs were taken, and `handedOut` lists them.
    static func runHandedOut(
        _ plan: ExperimentPlan, from source: any RunSource, progress: (@Sendable (Int, Int) -> Void)?,
        deliver: ((ReplicationResult) -> Bool)?
    ) -> ExperimentResult {
        let taken = Mutex<[Int]>([])
        let finished = Mutex<[Int: ReplicationResult]>([:])
        let stopped = Atomic(false)
        let done = Mutex(0)
        let order = deliver.map { OrderedDelivery(deliver: $0) }
        ParallelExecutor(threads: plan.threads).forEach(plan.threads) { _ in
            while !stopped.load(ordering: .relaxed) {
                let claim = taken.withLock { runs -> (position: Int, run: Int)? in
                    guard let run = source.next() else { return nil }
                    runs.append(run)
                    return (runs.count - 1, run)
                }
                guard let claim else { return }
                var result = simulate(plan, run: claim.run, threads: 1)
                if let progress {
                    done.withLock { count in
                        count += 1
                        progress(count, plan.allRunCount)
                    }
                }
                if let order {
                    if !order.finished(result, at: claim.position) { stopped.store(true, ordering: .relaxed) }
                    result.dropTimeSeries()
                }
                finished.withLock { $0[claim.position] = result }
            }
        }
        let runs = taken.withLock { $0 }
        let kept = finished.withLock { results in
            runs.indices.compactMap { position in
                results.removeValue(forKey: position).map { (runs[position], $0) }
            }
        }
        var result = ExperimentResult(plan: plan, runs: kept.map(\.1))
        result.handedOut = kept.map(\.0)
        return result
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
