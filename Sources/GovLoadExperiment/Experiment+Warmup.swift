import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// How `warmup: auto` was settled, for the manifest.
public struct WarmupChoice: Sendable, Codable, Equatable {
    /// The rule: "MSER-5".
    public var method = "MSER-5"
    /// What it measured: the number of customers in every channel (waiting or in service), and in a
    /// city the open cases of the back office too, at each reporting time of the baseline policy (at
    /// the first sweep point) with no warm-up.
    public var series = "customers in the system, summed over channels, at every report_interval"
    /// The truncation MSER-5 chose in each replication (hours): in a city, the later of the
    /// channels' and the open cases' (a back office fills for days after the queues have settled).
    public var perReplicationHours: [Double]
    /// The warm-up used: the largest of them (hours).
    public var chosenHours: Double

    enum CodingKeys: String, CodingKey {
        case method, series
        case perReplicationHours = "per_replication_h"
        case chosenHours = "chosen_h"
    }
}

extension Experiment {
    /// A pilot pass for `warmup: auto`: runs every replication of the baseline policy at the
    /// first sweep point with no warm-up, applies MSER-5 to each one's backlog series, and takes the
    /// largest truncation, so that no replication keeps its start-up bias.
    public static func chooseWarmup(_ plan: ExperimentPlan) -> WarmupChoice {
        let baseline = plan.variants[0][0]
        let executor = ParallelExecutor(threads: plan.threads)
        let hours = executor.map(plan.replications) { replication in
            let run = Simulation.run(
                baseline.scenario, policy: baseline.name, replication: replication, seed: plan.seed,
                threads: 1)
            let count = run.channels.map(\.samples.count).min() ?? 0
            let queues = (0..<count).map { index in
                Double(run.channels.reduce(0) { $0 + $1.samples[index].waiting + $1.samples[index].busy })
            }
            let cases = run.city?.backlog.map(Double.init) ?? []
            let truncation = max(MSER.truncation(queues), cases.isEmpty ? 0 : MSER.truncation(cases))
            return Double(truncation) * plan.scenario.reportInterval / SimClock.hour
        }
        var choice = WarmupChoice(perReplicationHours: hours, chosenHours: hours.max() ?? 0)
        if plan.scenario.city != nil {
            choice.series += ", and the city's open cases at every report_interval (the later truncation)"
        }
        return choice
    }
}

extension ExperimentPlan {
    /// The plan with `warmup` (seconds) set in every policy at every point.
    public func withWarmup(_ warmup: SimTime) -> ExperimentPlan {
        var plan = self
        plan.scenario.warmup = warmup
        plan.policies = policies.map { policy in
            var policy = policy
            policy.scenario.warmup = warmup
            return policy
        }
        plan.variants = variants.map { policies in
            policies.map { policy in
                var policy = policy
                policy.scenario.warmup = warmup
                return policy
            }
        }
        return plan
    }
}
