import ArgumentParser
import Foundation
import GovLoad

/// `govload describe`: the resolved scenario in words and numbers.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a scenario after 'extends' and a policy: staffing, service, demand, busiest hour.",
        discussion: """
            Prints what a run would simulate: the files read, the run's length and replications, the \
            policies, and for each channel its staff by day and hour, staff hours a week, service and \
            patience, arrivals by day and at the peak, and an Erlang check of the busiest hour as if \
            it lasted.

            Examples:
              govload describe scenarios/shenzhen-hotline.yaml
              govload describe scenarios/shenzhen-hotline.yaml --policy lean
            """)

    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(
        name: [.customShort("p"), .long], help: "The policy whose overlay to apply (default: the baseline).",
        completion: PolicyCompletion.kind)
    var policy: String?

    @OptionGroup var sets: SetOptions

    func run() throws {
        var problems: [Diagnostic] = []
        let overrides = sets.overrides(&problems)
        guard problems.isEmpty else { throw InputError(problems) }
        let loaded = try ScenarioLoader.load(path: scenario, overrides: overrides)
        let name = policy ?? (loaded.policy(named: ScenarioLoader.baselineName) ?? loaded.policies[0]).name
        guard let chosen = loaded.policy(named: name) else {
            throw InputError(
                Diagnostic(
                    .argument("--policy"),
                    "unknown policy '\(name)'; scenario '\(loaded.scenario.name)' defines: "
                        + loaded.policies.map(\.name).joined(separator: ", ")))
        }
        print(ScenarioDescription.render(loaded, policy: chosen))
        let plan = ExperimentPlan(
            scenario: loaded.scenario, sweepKeys: loaded.sweepKeys, points: loaded.points,
            variants: loaded.variants, replications: loaded.scenario.replications, seed: loaded.scenario.seed,
            threads: MachineThreads.available)
        let estimate = ResourceEstimate(plan)
        print(
            "Estimated for 'govload run' on this machine (\(plan.threads) threads, \(plan.runCount) runs): "
                + "\(ResourceEstimate.format(bytes: estimate.peakBytes)) of memory at the peak "
                + "(\(ResourceEstimate.format(bytes: estimate.bytesPerRun)) a run, \(estimate.runsAtOnce) at once), "
                + "\(Int(estimate.timeseriesRows)) rows of timeseries.csv.")
    }
}
