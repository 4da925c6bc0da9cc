/// One replication of one policy of a scenario: builds the logical processes, runs the engine
/// to the horizon, and collects what they measured.
public enum Simulation {
    /// Runs replication `replication` (from 0) of `scenario` under `policy`, with `threads` threads
    /// for the engine. The result does not depend on `threads`.
    public static func run(
        _ scenario: Scenario, policy: String, replication: Int, seed: UInt64, threads: Int
    ) -> ReplicationResult {
        let hubs = scenario.channels.map {
            ChannelHub(spec: $0, scenario: scenario, seed: seed, replication: replication)
        }
        // Stand-alone channels never message each other: the engine runs each to the horizon at once.
        let engine = Engine<ModelMessage>(
            processes: hubs, lookahead: .infinity, executor: ParallelExecutor(threads: threads))
        engine.run(until: scenario.horizon)
        for hub in hubs { hub.finish() }
        return ReplicationResult(
            policy: policy, replication: replication, channels: hubs.map { $0.result() },
            engine: engine.statistics)
    }
}
