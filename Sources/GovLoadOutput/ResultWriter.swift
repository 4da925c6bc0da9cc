import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// Writes an experiment's CSV files (DESIGN §5, contract): `summary.csv`, `channels.csv`,
/// `timeseries.csv` and `comparison.csv`. Columns named in the contract come first, in its order;
/// extra columns (GovLoad's additions, then the swept keys) follow.
public enum ResultWriter {

    /// `summary.csv` columns.
    public static let summaryColumns = [
        "scenario", "policy", "replication", "seed", "cases_created", "cases_closed", "closure_rate",
        "on_time_rate", "mean_close_h", "p90_close_h", "contacts", "abandoned", "repeat_contacts",
        "false_closures", "reopened", "escalations", "mean_trust", "staff_hours", "staff_cost", "turned_away",
        "cases_dropped", "cases_open", "transfers", "auto_approved", "on_site", "follow_ups", "peak_backlog",
        "drain_h", "shock_emergency_on_time_rate", "residents", "cells", "duplicate_reports",
        "duplicates_merged", "late_open", "on_time_rate_known", "dispatch_min_urgent", "dispatch_min_other",
        "machine_hours", "machine_cost", "patrol_hours", "patrol_share", "grid_cases_per_worker_month",
        "overtime_hours", "resolution_rate", "satisfaction_rate", "drain_censored",
    ]

    /// `channels.csv` columns.
    public static let channelColumns = [
        "scenario", "policy", "replication", "channel", "arrivals", "served", "abandoned", "p_wait",
        "mean_wait_min", "mean_wait_all_min", "p90_wait_min", "abandon_rate", "max_queue", "utilization",
        "kind", "turned_away", "waiting_at_end", "in_service_at_end", "mean_queue_length", "staff_hours",
        "max_wait_min", "repeat_contacts", "work_orders", "dispatch_min", "overtime_hours",
    ]

    /// `comparison.csv` columns.
    public static let comparisonColumns = [
        "scenario", "metric", "policy", "baseline", "replications", "mean", "ci_low", "ci_high",
        "baseline_mean",
        "diff", "diff_ci_low", "diff_ci_high", "p_value", "p_adjusted",
    ]

    /// `timeseries.csv` columns.
    public static let timeseriesColumns = [
        "scenario", "policy", "replication", "time_h", "scope", "metric", "value",
    ]

    /// The CSV files `write` produces.
    public static let csvFiles = [
        "summary.csv", "channels.csv", "timeseries.csv", "comparison.csv", "runs.csv",
    ]

    /// `runs.csv`'s leading columns; every metric of `comparison.csv` follows, then the swept keys.
    public static let runsColumns = ["scenario", "policy", "replication"]

    /// The files a run writes into `folder` (its compression naming the large ones), `cases.csv`
    /// with `cases`; a shard of runs writes no `comparison.csv`.
    public static func files(in folder: OutputFolder, cases: Bool, comparison: Bool = true) -> [String] {
        let large = { (name: String) in folder.compression?.name(name) ?? name }
        return ["summary.csv", "channels.csv", large("timeseries.csv")]
            + (comparison ? ["comparison.csv"] : [])
            + ["runs.csv"] + (cases ? [large("cases.csv")] : [])
    }

    /// Writes `comparison.csv` into `folder` and renames it into place.
    public static func writeComparison(
        _ rows: [MetricComparison], scenario: String, points: [SweepPoint], sweepKeys: [String],
        to folder: OutputFolder
    ) throws(OutputError) {
        let csv = try CSVWriter(
            path: folder.file("comparison.csv"), columns: comparisonColumns + sweepKeys, ledger: folder.ledger
        )
        for row in rows {
            csv.field(scenario)
            csv.field(row.metric)
            csv.field(row.policy)
            csv.field(row.baseline)
            csv.field(row.value.count)
            csv.field(row.value.mean)
            csv.field(row.value.low)
            csv.field(row.value.high)
            csv.field(row.baselineMean)
            csv.field(row.difference.mean)
            csv.field(row.difference.low)
            csv.field(row.difference.high)
            if let p = row.pValue { csv.field(p) } else { csv.field("") }
            if let p = row.pAdjusted { csv.field(p) } else { csv.field("") }
            for value in points[row.point].values { csv.field(value) }
            try csv.endRow()
        }
        try csv.commit()
    }

    /// Writes the CSV files of a finished experiment into `folder`.
    public static func write(_ result: ExperimentResult, to folder: OutputFolder) throws(OutputError) {
        let stream = try ResultStream(plan: result.plan, folder: folder)
        for run in result.runs { try stream.append(run) }
        try stream.finish(result)
    }
}

/// The CSV files of an experiment, written run by run as runs finish (in run order), so that a
/// long sweep never holds every run's time series in memory. Each file is renamed into place only
/// by `finish`; an abandoned stream leaves nothing that looks complete.
public final class ResultStream {
    let plan: ExperimentPlan
    let folder: OutputFolder
    let summary: CSVWriter
    let channels: CSVWriter
    let timeseries: CSVWriter
    /// `cases.csv` (`--cases`), or nil.
    let cases: CSVWriter?
    /// `runs.csv`, opened with the first run, whose metrics name its columns.
    var runs: CSVWriter?
    /// Those metrics' names.
    var runMetrics: [String] = []

    /// Opens the run-by-run files in `folder`.
    public init(plan: ExperimentPlan, folder: OutputFolder) throws(OutputError) {
        self.plan = plan
        self.folder = folder
        let ledger = folder.ledger
        summary = try CSVWriter(
            path: folder.file("summary.csv"), columns: ResultWriter.summaryColumns + plan.sweepKeys,
            ledger: ledger)
        channels = try CSVWriter(
            path: folder.file("channels.csv"), columns: ResultWriter.channelColumns + plan.sweepKeys,
            ledger: ledger)
        let compression = folder.compression
        let large = { (name: String) in folder.file(compression?.name(name) ?? name) }
        timeseries = try CSVWriter(
            path: large("timeseries.csv"), columns: ResultWriter.timeseriesColumns + plan.sweepKeys,
            ledger: ledger, compression: compression)
        cases =
            plan.cases == nil
            ? nil
            : try CSVWriter(
                path: large("cases.csv"), columns: CaseLog.columns + plan.sweepKeys, ledger: ledger,
                compression: compression)
    }

    /// Writes one run's rows; runs must come in run order (point, policy, replication).
    public func append(_ run: ReplicationResult) throws(OutputError) {
        let point = plan.points[run.point].values
        try appendSummary(run, point)
        try appendChannels(run, point)
        try appendTimeseries(run, point)
        try appendRun(run, point)
        try appendCases(run)
    }

    /// A run's row of `runs.csv`: every metric `comparison.csv` compares, exactly.
    func appendRun(_ run: ReplicationResult, _ point: [String]) throws(OutputError) {
        let entries = MetricCatalogue.entries(of: run)
        let csv = try runsFile(metrics: entries.map(\.name))
        guard entries.map(\.name) == runMetrics else {
            throw OutputError(
                "run \(run.policy) #\(run.replication) measured other metrics than the first run; this is a bug"
            )
        }
        csv.field(plan.scenario.name)
        csv.field(run.policy)
        csv.field(run.replication)
        for entry in entries {
            if let value = entry.value { csv.field(exact: value) } else { csv.field("") }
        }
        for value in point { csv.field(value) }
        try csv.endRow()
    }

    /// `runs.csv`, opened on first use with these metrics as its columns.
    func runsFile(metrics: [String]) throws(OutputError) -> CSVWriter {
        if let runs { return runs }
        let csv = try CSVWriter(
            path: folder.file("runs.csv"), columns: ResultWriter.runsColumns + metrics + plan.sweepKeys,
            ledger: folder.ledger)
        runs = csv
        runMetrics = metrics
        return csv
    }

    /// Appends a run's `cases.csv` parts, in process order, and removes them.
    func appendCases(_ run: ReplicationResult) throws(OutputError) {
        guard let cases else { return }
        defer { for part in run.caseParts { folder.ledger.remove(scratch: part) } }
        if let error = run.caseLogError { throw OutputError(error) }
        for part in run.caseParts { try Self.copy(part, to: cases) }
    }

    /// Streams the file at `path` into `csv`, a megabyte at a time (a part holds up to hundreds
    /// of megabytes at full scale). The part is opened without following links.
    static func copy(_ path: String, to csv: CSVWriter) throws(OutputError) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputError("cannot read \(path), a part of cases.csv: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw OutputError(
                    "cannot read \(path), a part of cases.csv: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            try chunk.withUnsafeBytes { bytes in
                Result { () throws(OutputError) in
                    try csv.appendRows(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
                }
            }.get()
        }
    }

    /// Writes `comparison.csv` from the finished experiment (not for a shard of runs: merge
    /// rebuilds it from `runs.csv`) and renames every file into place.
    public func finish(_ result: ExperimentResult) throws(OutputError) {
        if !plan.isPart {
            try ResultWriter.writeComparison(
                PolicyComparison.compare(result), scenario: plan.scenario.name, points: plan.points,
                sweepKeys: plan.sweepKeys, to: folder)
        }
        try summary.commit()
        try channels.commit()
        try timeseries.commit()
        try cases?.commit()
        try runsFile(metrics: []).commit()
    }

    func appendSummary(_ run: ReplicationResult, _ point: [String]) throws(OutputError) {
        var fields = [plan.scenario.name, run.policy, String(run.replication), String(plan.seed)]
        if let city = run.city {
            let t = city.tally
            fields += [
                String(city.created), String(city.closed),
                CSVWriter.number(city.closureRate), CSVWriter.number(city.onTimeRate),
                CSVWriter.number(city.meanCloseHours), CSVWriter.number(city.p90CloseHours),
                String(run.contacts), String(run.abandoned), String(run.repeatContacts),
                String(t.falseClosures),
                String(t.reopened), String(t.escalations), CSVWriter.number(city.meanTrust),
                CSVWriter.number(run.staffHours), CSVWriter.number(run.staffCost), String(run.turnedAway),
                String(city.dropped), String(city.open), String(t.transfers), String(t.autoApproved),
                String(t.onSite), String(t.followUps), String(city.peakBacklog),
                city.drainHours.map(CSVWriter.number) ?? "",
                city.shockEmergencyOnTimeRate.map(CSVWriter.number) ?? "",
                String(city.residents), String(city.cells), String(t.duplicateReports),
                String(t.duplicatesMerged), String(t.lateOpen),
                city.onTimeRateKnown.map(CSVWriter.number) ?? "",
                city.urgentDispatchMinutes.map(CSVWriter.number) ?? "",
                city.otherDispatchMinutes.map(CSVWriter.number) ?? "",
                CSVWriter.number(run.machineHours), CSVWriter.number(run.machineCost),
                CSVWriter.number(t.patrolHours), city.patrolShare.map(CSVWriter.number) ?? "",
                city.gridCasesPerWorkerMonth.map(CSVWriter.number) ?? "",
                CSVWriter.number(run.overtimeHours), city.resolutionRate.map(CSVWriter.number) ?? "",
                city.satisfactionRate.map(CSVWriter.number) ?? "",
                city.drainHours == nil ? "" : (city.drainCensored ? "1" : "0"),
            ]
        } else {
            // A channel-only scenario has no cases, trust, lifecycle or grid: those columns are
            // empty (not 0, which would be a measurement), and each column keeps one type.
            let city = Array(repeating: "", count: 6)
            fields += city + [String(run.contacts), String(run.abandoned), String(run.repeatContacts)]
            fields += Array(repeating: "", count: 4)
            fields += [
                CSVWriter.number(run.staffHours), CSVWriter.number(run.staffCost), String(run.turnedAway),
            ]
            fields += Array(repeating: "", count: 17)
            fields += [CSVWriter.number(run.machineHours), CSVWriter.number(run.machineCost)]
            fields += ["", "", "", CSVWriter.number(run.overtimeHours), "", "", ""]
        }
        try summary.row(fields + point)
    }

    func appendChannels(_ run: ReplicationResult, _ point: [String]) throws(OutputError) {
        for (index, channel) in run.staffedRows.enumerated() {
            let s = channel.statistics
            try channels.row(
                [
                    plan.scenario.name, run.policy, String(run.replication), channel.name, String(s.arrivals),
                    String(s.served), String(s.abandoned), CSVWriter.number(s.waitProbability),
                    CSVWriter.number(s.meanWaitOfServed / 60), CSVWriter.number(s.meanWaitOfAll / 60),
                    CSVWriter.number(s.p90WaitOfServed / 60), CSVWriter.number(s.abandonRate),
                    String(s.maxQueue),
                    CSVWriter.number(s.utilization), channel.role ?? channel.kind.rawValue,
                    String(s.turnedAway),
                    String(s.waitingAtEnd), String(s.inServiceAtEnd), CSVWriter.number(s.meanQueueLength),
                    CSVWriter.number(channel.staffHours), CSVWriter.number(s.maxWait / 60),
                    String(channel.repeatContacts),
                ] + Self.dispatchFields(run, channel: index) + [CSVWriter.number(channel.overtimeHours)]
                    + point)
        }
    }

    /// A front-office channel's `work_orders` (appeals and reports it took that became work
    /// orders) and `dispatch_min` (mean minutes from report to first dispatch of the closed cases
    /// first reported there); empty for back-office rows and runs without a city.
    static func dispatchFields(_ run: ReplicationResult, channel index: Int) -> [String] {
        guard let tally = run.city?.tally, index < run.channels.count else { return ["", ""] }
        let orders = index < tally.workOrdersByChannel.count ? tally.workOrdersByChannel[index] : 0
        let dispatched = index < tally.dispatchedByOrigin.count ? tally.dispatchedByOrigin[index] : 0
        let minutes =
            dispatched > 0
            ? CSVWriter.number(tally.dispatchHoursByOrigin[index] / Double(dispatched) * 60) : ""
        return [String(orders), minutes]
    }

    /// The city's and each district's cases at one reporting time: running totals of created,
    /// closed, dropped and emergencies, the open backlog, and mean trust.
    func appendCityRows(
        _ city: CityResult, at index: Int, _ row: (String, String, Double) throws(OutputError) -> Void
    ) throws(OutputError) {
        var total = DistrictSample()
        for (district, sample) in city.samples[index].enumerated() {
            total.absorb(sample)
            let name = city.districts[district]
            try row(name, "backlog", Double(sample.created - sample.closed - sample.dropped))
            try row(name, "cases_created", Double(sample.created))
            try row(name, "emergencies", Double(sample.emergencies))
            try row(name, "mean_trust", sample.residents > 0 ? sample.trustSum / Double(sample.residents) : 0)
        }
        try row("city", "backlog", Double(total.created - total.closed - total.dropped))
        try row("city", "cases_created", Double(total.created))
        try row("city", "cases_closed", Double(total.closed))
        try row("city", "cases_dropped", Double(total.dropped))
        try row("city", "emergencies", Double(total.emergencies))
        try row("city", "mean_trust", total.residents > 0 ? total.trustSum / Double(total.residents) : 0)
    }

    func appendTimeseries(_ run: ReplicationResult, _ point: [String]) throws(OutputError) {
        let csv = timeseries
        let name = plan.scenario.name
        let sampled = run.staffedRows.filter { !$0.samples.isEmpty }
        let sampleCount = sampled.map(\.samples.count).min() ?? 0
        for index in 0..<sampleCount {
            let hours = sampled[0].samples[index].time / 3_600
            func row(_ scope: String, _ metric: String, _ value: Double) throws(OutputError) {
                csv.field(name)
                csv.field(run.policy)
                csv.field(run.replication)
                csv.field(hours)
                csv.field(scope)
                csv.field(metric)
                csv.field(value)
                for value in point { csv.field(value) }
                try csv.endRow()
            }
            var cityArrivals = 0
            var cityAbandoned = 0
            var cityWaiting = 0
            for channel in sampled {
                let sample = channel.samples[index]
                if channel.role == nil { cityArrivals += sample.arrivals }
                if channel.role == nil {
                    cityAbandoned += sample.abandoned
                    cityWaiting += sample.waiting
                }
                try row(channel.name, "arrivals", Double(sample.arrivals))
                try row(channel.name, "served", Double(sample.served))
                try row(channel.name, "abandoned", Double(sample.abandoned))
                try row(channel.name, "turned_away", Double(sample.turnedAway))
                try row(channel.name, "mean_wait_min", sample.meanWaitOfServed / 60)
                try row(channel.name, "waiting", Double(sample.waiting))
                try row(channel.name, "busy_servers", Double(sample.busy))
                try row(channel.name, "servers_on_duty", Double(sample.onDuty))
            }
            try row("city", "contacts", Double(cityArrivals))
            try row("city", "abandoned", Double(cityAbandoned))
            try row("city", "waiting", Double(cityWaiting))
            if let city = run.city, index < city.samples.count {
                try appendCityRows(city, at: index, row)
            }
        }
    }
}
