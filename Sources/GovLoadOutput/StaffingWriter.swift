import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadScenario
import GovLoadSupport

/// One row of `verification.csv`: an interval's check under the plan or the scenario's own staffing.
public struct StaffingCheckRow: Sendable, Equatable {
    /// `plan` or `scenario`.
    public var staffing: String
    /// The check.
    public var check: IntervalCheck

    /// Creates a row.
    public init(staffing: String, check: IntervalCheck) {
        self.staffing = staffing
        self.check = check
    }
}

/// Writes `govload staff`'s tables: `staffing.csv` (the requirement and the scheduled headcount,
/// interval by interval), `shifts.csv` (the shifts at least cost) and `verification.csv` (each
/// interval against each goal on fresh replications).
public enum StaffingWriter {
    /// The files a staffing study writes besides the manifest.
    public static let files = ["staffing.csv", "shifts.csv", "verification.csv", "staffed.yaml"]

    public static let staffingColumns = [
        "channel", "start_h", "end_h", "servers", "required", "offered_load", "arrivals", "mean_service_s",
        "pointwise_erlang_c", "scenario_servers",
    ]
    public static let shiftColumns = [
        "channel", "shift", "start_h", "end_h", "break_start_h", "break_end_h", "servers", "paid_hours",
        "cost",
    ]
    public static let verificationColumns = [
        "channel", "start_h", "end_h", "metric", "service_level", "ci_low", "ci_high", "target", "met",
        "staffing", "replications", "replications_met",
    ]

    /// Writes the three tables into `folder`.
    public static func write(plans: [QueuePlan], checks: [StaffingCheckRow], to folder: OutputFolder)
        throws(OutputError)
    {
        try writeStaffing(plans, to: folder)
        try writeShifts(plans, to: folder)
        try writeVerification(checks, to: folder)
    }

    static func hours(_ seconds: Double) -> Double { seconds / 3_600 }

    static func writeStaffing(_ plans: [QueuePlan], to folder: OutputFolder) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("staffing.csv"), columns: staffingColumns, ledger: folder.ledger)
        for plan in plans {
            let length = plan.load.length
            for index in plan.requirement.indices {
                csv.field(plan.queue)
                csv.field(hours(Double(index) * length))
                csv.field(hours(Double(index + 1) * length))
                csv.field(plan.shifts.onDuty[index])
                csv.field(plan.requirement[index])
                csv.field(plan.load.offered[index])
                csv.field(plan.load.arrivals[index])
                csv.field(plan.load.meanService[index])
                if let pointwise = plan.pointwise[index] { csv.field(pointwise) } else { csv.field("") }
                csv.field(plan.own[index])
                try csv.endRow()
            }
        }
        try csv.commit()
    }

    static func writeShifts(_ plans: [QueuePlan], to folder: OutputFolder) throws(OutputError) {
        let csv = try CSVWriter(path: folder.file("shifts.csv"), columns: shiftColumns, ledger: folder.ledger)
        for plan in plans {
            let length = plan.load.length
            for (number, shift) in plan.shifts.shifts.enumerated() {
                let paid = hours(Double(shift.covered.count) * length) * Double(shift.count)
                csv.field(plan.queue)
                csv.field(number + 1)
                csv.field(hours(Double(shift.start) * length))
                csv.field(hours(Double(shift.start + shift.length) * length))
                if let breakStart = shift.breakStart {
                    csv.field(hours(Double(breakStart) * length))
                    csv.field(hours(Double(breakStart + shift.breakLength) * length))
                } else {
                    csv.field("")
                    csv.field("")
                }
                csv.field(shift.count)
                csv.field(paid)
                csv.field(paid * plan.costPerHour)
                try csv.endRow()
            }
        }
        try csv.commit()
    }

    static func writeVerification(_ rows: [StaffingCheckRow], to folder: OutputFolder) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("verification.csv"), columns: verificationColumns, ledger: folder.ledger)
        for row in rows {
            let check = row.check
            csv.field(check.queue)
            csv.field(hours(check.start))
            csv.field(hours(check.end))
            csv.field(check.goal.metric)
            if let value = check.value {
                csv.field(value.mean)
                csv.field(value.low)
                csv.field(value.high)
            } else {
                csv.field("")
                csv.field("")
                csv.field("")
            }
            csv.field(check.goal.figure)
            csv.field(check.met ? "true" : "false")
            csv.field(row.staffing)
            csv.field(check.value?.count ?? 0)
            csv.field(check.replicationsMet)
            try csv.endRow()
        }
        try csv.commit()
    }
}

/// Writes `staffed.yaml`: a scenario that `extends` the staffed one with each planned queue on
/// its shifts (dated shifts, split at their breaks) and without the surge rules that targeted
/// it, so `govload run` and `validate` take the plan as it is.
public enum StaffedScenario {
    /// Writes `staffed.yaml` into `folder`.
    public static func write(
        plans: [QueuePlan], scenarioPath: String, loaded: LoadedScenario, name: String,
        to folder: OutputFolder
    ) throws(OutputError) {
        let text = render(
            plans: plans, extends: FittedScenario.relative(scenarioPath, from: folder.path),
            tree: loaded.tree,
            name: name, channels: Set(loaded.scenario.channels.map(\.name)))
        try AtomicFile.write(text, to: folder.file("staffed.yaml"), ledger: folder.ledger)
    }

    /// The file's text.
    static func render(
        plans: [QueuePlan], extends parent: String, tree: YAMLTree?, name: String, channels: Set<String>
    )
        -> String
    {
        let planned = Set(plans.map(\.queue))
        var lines = [
            "# Written by govload staff (GovLoad \(GovLoadVersion.string)): the least-cost shifts that meet the",
            "# targets interval by interval, found by simulation (docs/staffing.md). Each planned queue's",
            "# schedule is replaced by dated shifts (days from the run's start); its surge rules are dropped.",
            "name: \(FittedScenario.quoted(name + "-staffed"))",
            "extends: \(FittedScenario.quoted(parent))",
        ]
        func block(_ plan: QueuePlan, indent: String) -> [String] {
            var block = ["\(indent)schedule:"]
            let length = plan.load.length
            for shift in plan.shifts.shifts {
                for piece in QueuePlan.pieces(shift) {
                    let from = Units.formatRunTime(Double(piece.lowerBound) * length)
                    let to = Units.formatRunTime(Double(piece.upperBound) * length)
                    block.append("\(indent)  - {from: \"\(from)\", to: \"\(to)\", servers: \(shift.count)}")
                }
            }
            return block
        }
        let channelPlans = plans.filter { channels.contains($0.queue) }
        if !channelPlans.isEmpty {
            lines.append("channels:")
            for plan in channelPlans { lines += ["  \(plan.queue):"] + block(plan, indent: "    ") }
        }
        if let centre = plans.first(where: { $0.queue == "command_centre" }) {
            lines += ["command_centre:"] + block(centre, indent: "  ")
        }
        let departments = plans.filter { !channels.contains($0.queue) && $0.queue != "command_centre" }
        if !departments.isEmpty {
            lines.append("departments:")
            for plan in departments { lines += ["  \(plan.queue):"] + block(plan, indent: "    ") }
        }
        if let surge = tree?["surge"], case .sequence(let rules, _) = surge {
            let kept = rules.filter { rule in
                rule["target"]?.scalarValue.map { !planned.contains($0) } ?? true
            }
            if kept.count < rules.count {
                lines.append("surge:   # the scenario's surge rules but those for the planned queues")
                lines += kept.isEmpty ? ["  []"] : kept.map { "  - " + $0.flowText }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
