import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The `govload run --profile` summary: events per second and where the time went.
public enum RunProfileReport {
    /// Renders the profile of `report`; `loadSeconds` is the time spent reading and checking input.
    public static func render(_ report: RunReport, loadSeconds: Double) -> String {
        let p = report.profile
        let plan = report.result.plan
        let rate = p.simulationSeconds > 0 ? Double(p.events) / p.simulationSeconds : 0
        func seconds(_ value: Double) -> String { String(format: "%8.3f s", value) }
        let groups = p.busyByGroup.map { group in
            "        " + group.group.padding(toLength: 16, withPad: " ", startingAt: 0)
                + "\(seconds(group.seconds))  \(group.processes) process(es)"
        }
        return
            ([
                "profile: \(report.result.runs.count) runs on \(plan.threads) thread(s), \(p.events) events, "
                    + String(format: "%.2f M events/s", rate / 1e6),
                "  read and check input  \(seconds(loadSeconds))",
                "  simulation            \(seconds(p.simulationSeconds))  (rows written as runs finish included)",
                "    building processes  \(seconds(p.buildSeconds))  the city and its residents, summed over runs",
                "    parallel phases     \(seconds(p.phaseSeconds))  wall, \(p.windows) window(s), \(p.messages) message(s)",
                "      processes busy    \(seconds(p.busySeconds))  receiving and advancing, summed over processes",
            ] + groups + [
                "      threads waiting   \(seconds(p.waitingSeconds))  at barriers, summed over threads",
                "    between windows     \(seconds(p.serialSeconds))  one thread",
                "    collecting results  \(seconds(p.collectSeconds))",
                "  output                \(seconds(p.outputSeconds))",
                "  total                 \(seconds(report.wallSeconds + loadSeconds))",
            ]).joined(separator: "\n")
    }
}
