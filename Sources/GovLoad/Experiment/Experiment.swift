import Synchronization

/// What to run: a scenario's policies × replications, with a seed and a thread budget.
public struct ExperimentPlan: Sendable {
    /// The scenario without any policy: its name, horizon and reporting are every policy's.
    public var scenario: Scenario
    /// The policies to run, in output order; the first is the baseline of comparisons.
    public var policies: [Policy]
    /// Replications per policy.
    public var replications: Int
    /// The seed of every stream.
    public var seed: UInt64
    /// Threads to use.
    public var threads: Int

    /// A plan for a scenario without policies: the scenario itself, as `baseline`.
    public init(scenario: Scenario, replications: Int, seed: UInt64, threads: Int) {
        self.init(
            scenario: scenario, policies: [Policy(name: ScenarioLoader.baselineName, scenario: scenario)],
            replications: replications, seed: seed, threads: threads)
    }

    /// Creates a plan.
    public init(scenario: Scenario, policies: [Policy], replications: Int, seed: UInt64, threads: Int) {
        self.scenario = scenario
        self.policies = policies
        self.replications = replications
        self.seed = seed
        self.threads = threads
    }

    /// The number of (policy, replication) runs.
    public var runCount: Int { policies.count * replications }
}

/// Everything an experiment measured, in (policy, replication) order.
public struct ExperimentResult: Sendable {
    /// The plan that was run.
    public var plan: ExperimentPlan
    /// One result per run, policy-major.
    public var runs: [ReplicationResult]
}

/// Runs an experiment: when there are at least as many runs as threads, runs go side by side,
/// one thread each; otherwise they go one after another, each using every thread inside the
/// engine. Either way each run's result depends only on its (policy, replication, seed).
public enum Experiment {
    /// Runs `plan`; `progress(done, total)` is called after each run, from any thread, one call at a time.
    public static func run(_ plan: ExperimentPlan, progress: (@Sendable (Int, Int) -> Void)? = nil)
        -> ExperimentResult
    {
        let total = plan.runCount
        let done = Mutex(0)
        let acrossRuns = total >= plan.threads
        let outer = ParallelExecutor(threads: acrossRuns ? plan.threads : 1)
        let innerThreads = acrossRuns ? 1 : plan.threads
        let runs = outer.map(total) { index in
            let policy = plan.policies[index / plan.replications]
            let replication = index % plan.replications
            let result = Simulation.run(
                policy.scenario, policy: policy.name, replication: replication, seed: plan.seed,
                threads: innerThreads)
            if let progress {
                done.withLock { count in
                    count += 1
                    progress(count, total)
                }
            }
            return result
        }
        return ExperimentResult(plan: plan, runs: runs)
    }
}
