import Foundation
import GovLoad

// Loads a scenario, runs two replications of its policies and prints each run's mean wait: what
// docs/architecture.md shows, compiled against GovLoad's public API only.
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: GovLoadConsumer SCENARIO.yaml")
    exit(2)
}
do {
    let loaded = try ScenarioLoader.load(path: arguments[1])
    let plan = ExperimentPlan(
        scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
        variants: loaded.variants, replications: 2, seed: 7, threads: 2)
    let result = Experiment.run(plan)
    for run in result.runs {
        let wait = run.channels[0].statistics.meanWaitOfServed / 60
        print("\(run.policy) \(run.replication) \(wait)")
    }
} catch {
    print(error)
    exit(2)
}
