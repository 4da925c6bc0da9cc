import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadScenario
import GovLoadSupport

extension Staffer {
    /// The plan's shifts and the scenario's own staffing, each on the same fresh replications
    /// (numbered after those that built the plan): every interval against every goal, and the
    /// totals of the closing table.
    static func verify(_ prepared: PreparedStaffing, plans: [QueuePlan]) -> (
        [StaffingOutcome], [StaffingCheckRow]
    ) {
        let first = prepared.plan.replications
        let count = prepared.options.verifyReplications ?? prepared.plan.replications
        let schedules = Dictionary(uniqueKeysWithValues: plans.map { ($0.queue, $0.schedule) })
        let planRuns = simulate(prepared, schedules: schedules, firstReplication: first, replications: count)
        let ownRuns = simulate(prepared, schedules: nil, firstReplication: first, replications: count)
        var outcomes: [StaffingOutcome] = []
        var rows: [StaffingCheckRow] = []
        let warmup = prepared.plan.scenario.warmup
        for queue in prepared.queues {
            for (label, runs) in [("scenario", ownRuns), ("plan", planRuns)] {
                let results = runs.compactMap { run in run.staffedRows.first { $0.name == queue.name } }
                let tallies = results.compactMap(\.tally)
                let firstMeasured = Int((warmup / prepared.options.interval).rounded(.up))
                var overall: [Double] = []
                var met: [(met: Int, of: Int)] = []
                var shares: [Double] = []
                for goal in queue.goals {
                    let figure = figure(of: goal)
                    let checks = IntervalCheck.checks(queue: queue.name, goal: figure, runs: runs)
                    rows += checks.map { StaffingCheckRow(staffing: label, check: $0) }
                    let measured = checks.filter { $0.start >= warmup && $0.value != nil }
                    met.append((measured.filter(\.met).count, measured.count))
                    let pairs = measured.reduce(0) { $0 + ($1.value?.count ?? 0) }
                    let good = measured.reduce(0) { $0 + $1.replicationsMet }
                    shares.append(pairs > 0 ? Double(good) / Double(pairs) : .nan)
                    overall.append(figure.pooled(tallies, from: firstMeasured))
                }
                let replications = Double(max(1, results.count))
                outcomes.append(
                    StaffingOutcome(
                        queue: queue.name, staffing: label,
                        staffHours: results.reduce(0) { $0 + $1.staffHours + $1.overtimeHours }
                            / replications,
                        cost: results.reduce(0) { $0 + $1.cost } / replications, overall: overall,
                        intervalsMet: met, replicationShare: shares))
            }
        }
        return (outcomes, rows)
    }

    /// A goal as the checks hold it.
    static func figure(of goal: StaffingGoal) -> StaffingGoalFigure {
        StaffingGoalFigure(
            target: goal.target, metric: goal.metricName, figure: goal.figure, isFloor: goal.isFloor)
    }
}
