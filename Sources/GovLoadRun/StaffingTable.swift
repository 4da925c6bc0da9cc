import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadOutput

/// The table `govload staff` prints: the algorithm's iterations, then for each queue the
/// scenario's own staffing against the plan on the fresh replications — staff-hours, cost, each
/// goal over the measured period and the intervals that meet it.
public enum StaffingTable {
    /// Renders the table.
    public static func render(_ report: StaffingReport) -> String {
        let prepared = report.prepared
        let plan = prepared.plan
        let verify = prepared.options.verifyReplications ?? plan.replications
        var lines = [
            "\(plan.scenario.name), policy \(plan.policies[0].name): \(report.iterations.count) simulation(s) of \(plan.replications) replication(s) "
                + (report.converged
                    ? "reached a fixed point (no interval changing by more than one server)"
                    : report.settled
                        ? "settled (staff-hours within 0.5 %; intervals still moving by up to \(report.iterations.last?.largestChange ?? 0) servers, the larger of the last two plans kept)"
                        : "did not settle within --max-iterations; the last plan is kept")
                + ", checked on \(verify) fresh replication(s); \(String(format: "%.1f", report.wallSeconds)) s"
        ]
        lines.append(
            report.corrections == 0
                ? "the algorithm's plan met every goal on the replications that built it"
                : "\(report.corrections) round(s) raised the intervals the algorithm's plan missed on the replications that built it"
                    + (report.stillShort > 0 ? "; \(report.stillShort) still short (--max-corrections)" : ""))
        for plan in report.plans {
            let shifts = plan.shifts.shifts.reduce(0) { $0 + $1.count }
            let paid = Double(plan.shifts.paidIntervals) * plan.load.length / 3_600
            let required = Double(plan.requirement.reduce(0, +)) * plan.load.length / 3_600
            lines.append(
                "\(plan.queue): \(shifts) shift(s), \(CalibrationTable.number(paid)) paid hours over the horizon for \(CalibrationTable.number(required)) required"
                    + (plan.shifts.optimal
                        ? " (GLPK: optimal)"
                        : " (GLPK: best within the time limit, gap \(String(format: "%.1f%%", plan.shifts.gap * 100)))")
            )
        }
        let goals = prepared.queues.flatMap { queue in queue.goals.map { "\(queue.name): \($0.written)" } }
        let header = ["queue", "staffing", "staff-hours", "cost", "measured", "intervals met", "hours met"]
        var rows: [[String]] = []
        for outcome in report.outcomes {
            guard let queue = prepared.queues.first(where: { $0.name == outcome.queue }) else { continue }
            for (index, goal) in queue.goals.enumerated() {
                let value = outcome.overall[index]
                let measured = value.isNaN ? "—" : "\(goal.metricName) \(CalibrationTable.number(value))"
                let met = outcome.intervalsMet[index]
                rows.append(
                    [
                        outcome.queue, outcome.staffing, CalibrationTable.number(outcome.staffHours),
                        CalibrationTable.number(outcome.cost), measured,
                        "\(met.met) of \(met.of) (\(goal.written))",
                        outcome.replicationShare[index].isNaN
                            ? "—" : String(format: "%.1f%%", outcome.replicationShare[index] * 100),
                    ])
            }
        }
        lines.append(
            "after the warm-up, on the fresh replications (targets: \(goals.joined(separator: "; "))):")
        lines += CalibrationTable.layout(header: header, rows: rows)
        lines.append(
            "results: \(prepared.folder.path)/{\(StaffingWriter.files.joined(separator: ", "))}, manifest.json"
        )
        return lines.joined(separator: "\n")
    }
}
