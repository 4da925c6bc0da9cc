import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

extension Staffer {
    /// After the algorithm: the requirement run as it is on the replications that built it, and
    /// every interval whose goal it misses there raised — by the shortfall's size, at least one
    /// server — until none misses or `maxCorrections` rounds have run. The stationary rule
    /// cannot see what happens inside an interval: a burst of work orders at one instant, or the
    /// first hour of an empty system; the simulation can. Returns the requirement, the rounds
    /// run, and the intervals still short after the last.
    static func correct(
        _ requirements: [String: [Int]], _ prepared: PreparedStaffing, progress: (@Sendable (String) -> Void)?
    ) -> (requirements: [String: [Int]], rounds: Int, short: Int) {
        let options = prepared.options
        var current = requirements
        var round = 0
        while true {
            let runs = simulate(
                prepared, schedules: current.mapValues { QueuePlan.schedule($0, length: options.interval) },
                firstReplication: 0, replications: prepared.plan.replications)
            var raised = current
            var short = 0
            for queue in prepared.queues {
                guard var servers = raised[queue.name] else { continue }
                for goal in queue.goals {
                    for check in IntervalCheck.checks(queue: queue.name, goal: figure(of: goal), runs: runs) {
                        guard let factor = shortfall(check, reliability: options.reliability) else {
                            continue
                        }
                        let index = Int((check.start / options.interval).rounded())
                        guard index < servers.count else { continue }
                        short += 1
                        servers[index] = max(
                            servers[index] + 1, Int((Double(servers[index]) * factor).rounded(.up)))
                    }
                }
                raised[queue.name] = servers
            }
            if short == 0 || round == options.maxCorrections { return (current, round, short) }
            round += 1
            progress?("correction \(round): \(short) interval(s) short on the building replications, raised")
            current = raised
        }
    }

    /// By how much an interval's headcount should grow for its goal, nil if it meets it: on
    /// average over the replications (or in `reliability` of them), the factor from the mean's
    /// shortfall — for a share, one plus the missing share; for a ceiling, the square root of
    /// the overshoot, at most 2.
    static func shortfall(_ check: IntervalCheck, reliability: Double?) -> Double? {
        guard let value = check.value else { return nil }
        let goal = check.goal
        let mean = value.mean
        let meets =
            if let reliability {
                Double(check.replicationsMet) >= reliability * Double(value.count) - 1e-9
            } else {
                goal.isFloor ? mean >= goal.figure : mean <= goal.figure
            }
        guard !meets else { return nil }
        if goal.isFloor { return 1 + max(0, goal.figure - mean) }
        guard goal.figure > 0, mean > goal.figure else { return 1 }
        return min(2, (mean / goal.figure).squareRoot())
    }
}
