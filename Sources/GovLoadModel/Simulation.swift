import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// One replication of one policy of a scenario: builds the logical processes, runs the engine
/// to the horizon, and collects what they measured.
public enum Simulation {
    /// Runs replication `replication` (from 0) of `scenario` under `policy`, with `threads` threads
    /// for the engine. The result does not depend on `threads`.
    ///
    /// - Parameter lookahead: the engine's window. Stand-alone channels never message each other,
    ///   so by default (nil) the engine runs each to the horizon at once; a finite value forces a
    ///   barrier every `lookahead` seconds of simulated time, which changes nothing in the results
    ///   and exists to measure what barriers cost.
    public static func run(
        _ scenario: Scenario, policy: String, replication: Int, seed: UInt64, threads: Int,
        lookahead: SimTime? = nil, cases: (any CaseSinkFactory)? = nil
    ) -> ReplicationResult {
        if let city = scenario.city {
            return CitySimulation.run(
                scenario, model: city, policy: policy, replication: replication, seed: seed, threads: threads,
                cases: cases)
        }
        let hubs = scenario.channels.map {
            ChannelHub(spec: $0, scenario: scenario, seed: seed, replication: replication)
        }
        let engine = Engine<ModelMessage>(
            processes: hubs, lookahead: lookahead ?? .infinity, executor: ParallelExecutor(threads: threads))
        engine.run(until: scenario.horizon)
        for hub in hubs { hub.finish() }
        var result = ReplicationResult(
            policy: policy, replication: replication, channels: hubs.map { $0.result() },
            engine: engine.statistics)
        result.events = hubs.reduce(0) { $0 + $1.events }
        result.setOvertimePremium(scenario.overtimePremium)
        return result
    }
}
