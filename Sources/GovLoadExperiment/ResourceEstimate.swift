import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// What a run will take, estimated from the resolved scenario before anything is built, so that
/// a scenario that looks valid but would exhaust the machine — a million report intervals, a
/// hundred thousand sites per cell, ten residents per cell at five times Shenzhen — is refused
/// with the estimate quoted, instead of swapping for hours or being killed.
///
/// The costs per unit were measured with `/usr/bin/time -f %M` on `small-city.yaml`, varying one
/// dimension at a time (BENCHMARKS.md, "Memory estimate"), and rounded up; the estimate for one
/// run of all of Shenzhen (`typhoon-bench.yaml`) is 264 MiB against 208–211 MiB measured.
public struct ResourceEstimate: Sendable, Equatable {
    /// Bytes one run holds at its peak.
    public var bytesPerRun: Double
    /// Runs held in memory at once (side by side on the threads).
    public var runsAtOnce: Int
    /// Rows of `timeseries.csv` over the whole experiment.
    public var timeseriesRows: Double
    /// The largest city's residents, cells and queues (for the message).
    public var residents: Int = 0
    public var cells: Int = 0
    public var queues: Int = 0

    /// The peak memory of the experiment (bytes).
    public var peakBytes: Double { Self.baseBytes + bytesPerRun * Double(runsAtOnce) }

    /// The program itself, the scenario and the result writers.
    static let baseBytes = 32.0 * 1_048_576
    /// One queue (a community channel, a grid pool, a hub's unit): its lines and statistics.
    static let bytesPerQueue = 6_144.0
    /// One resident: band, literacy and trust, with the partition's per-resident bookkeeping.
    static let bytesPerResident = 8.0
    /// One hazard site.
    static let bytesPerSite = 8.0
    /// One grid cell's own arrays (its district, community, residents, partition).
    static let bytesPerCell = 128.0
    /// One sample of one channel or district at one report interval.
    static let bytesPerSample = 64.0

    /// The estimate for `plan`: the costliest policy at any sweep point.
    public init(_ plan: ExperimentPlan) {
        var worst = Self(scenario: plan.scenario)
        for policies in plan.variants {
            for policy in policies {
                let estimate = Self(scenario: policy.scenario)
                if estimate.bytesPerRun > worst.bytesPerRun { worst = estimate }
                worst.timeseriesRows = max(worst.timeseriesRows, estimate.timeseriesRows)
            }
        }
        let runs = max(plan.runCount, 1)
        self = worst
        runsAtOnce = runs >= plan.threads ? plan.threads : 1
        timeseriesRows = worst.timeseriesRows * Double(runs)
    }

    /// One run of `scenario`.
    init(scenario: Scenario) {
        let intervals = (scenario.horizon / scenario.reportInterval).rounded(.up)
        var channelRows = Double(scenario.channels.count)
        var sampled = channelRows
        var bytes = Double(scenario.channels.count) * Self.bytesPerQueue
        var cityRows = 0.0
        if let model = scenario.city {
            let layout = model.layout
            var residents = 0
            var cells = 0
            var communities = 0
            for district in model.districts {
                let shape = City.shape(of: district, layout)
                residents += shape.residents
                cells += shape.cells
                communities += shape.communities
            }
            let local = scenario.channels.filter { $0.kind.scope == .community }.count
            let districtWide = scenario.channels.filter { $0.kind.scope == .district }.count
            let pools = (cells + model.grid.cellsPerPool - 1) / max(model.grid.cellsPerPool, 1)
            let queues =
                pools * max(model.grid.domains.count, 1) + communities * local
                + model.districts.count * districtWide + model.departments.count + 1
            let partitions = min(layout.partitions, max(communities, 1))
            bytes +=
                Double(residents) * Self.bytesPerResident + Double(cells) * Self.bytesPerCell
                + Double(cells) * Double(model.sites.perCell) * Self.bytesPerSite
                + Double(queues) * Self.bytesPerQueue
            channelRows += Double(model.departments.count + 2)
            sampled = channelRows + Double(partitions * (model.districts.count + local))
            cityRows = Double(model.districts.count * 4 + 6)
            self.residents = residents
            self.cells = cells
            self.queues = queues
        }
        bytes += intervals * sampled * Self.bytesPerSample
        bytesPerRun = bytes
        runsAtOnce = 1
        timeseriesRows = intervals * (channelRows * 8 + 3 + cityRows)
    }

    /// The work of one run of `scenario`, as the events it should take: its customers (external
    /// arrivals, residents' needs at their bands' highest rates, new hazards) and one event per
    /// grid cell an hour (demand updates, patrol). Used only to compare runs, so that the costliest
    /// are handed out first (`ExperimentPlan.costliestFirst`).
    public static func work(of scenario: Scenario) -> Double {
        var perSecond = 0.0
        for channel in scenario.channels {
            perSecond += channel.arrivals.reduce(0) { $0 + $1.process.meanRate }
        }
        if let model = scenario.city {
            var residents = 0
            var cells = 0
            for district in model.districts {
                let shape = City.shape(of: district, model.layout)
                residents += shape.residents
                cells += shape.cells
            }
            for type in model.caseTypes {
                let rate = type.rates.max() ?? 0
                perSecond +=
                    type.kind == .hazard
                    ? rate * Double(cells * model.sites.perCell) : rate * Double(residents)
            }
            perSecond += Double(cells) / 3_600
        }
        return perSecond * scenario.horizon
    }

    /// Problems with the estimate against the limits (bytes of memory, rows of time series).
    public func problems(maxBytes: Double, maxRows: Double, file: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if peakBytes > maxBytes {
            var what = ""
            if cells > 0 {
                what =
                    " (\(Self.count(residents)) residents, \(Self.count(cells)) cells, \(Self.count(queues)) queues per run"
                    + (runsAtOnce > 1 ? ", \(runsAtOnce) runs at once" : "") + ")"
            }
            problems.append(
                Diagnostic(
                    .file(file),
                    "would need about \(Self.format(bytes: peakBytes)) of memory\(what), more than the \(Self.format(bytes: maxBytes)) allowed; shrink the scenario (or --scale, --threads), or raise the limit with --max-memory if this machine has it"
                ))
        }
        if timeseriesRows > maxRows {
            problems.append(
                Diagnostic(
                    .file(file),
                    "would write about \(Self.count(Int(timeseriesRows))) rows of timeseries.csv (about \(Self.format(bytes: timeseriesRows * 60)) ), more than the \(Self.count(Int(maxRows))) allowed; lengthen 'report_interval', shorten the horizon, or raise the limit with --max-rows"
                ))
        }
        return problems
    }

    /// The default memory limit: four fifths of the machine's physical memory.
    public static var defaultMaxBytes: Double {
        let pages = Double(sysconf(Int32(_SC_PHYS_PAGES)))
        let size = Double(sysconf(Int32(_SC_PAGESIZE)))
        return pages > 0 && size > 0 ? 0.8 * pages * size : 8 * 1_073_741_824
    }

    /// The default limit on time-series rows: 200 million (about 12 GB of CSV).
    public static let defaultMaxRows = 200_000_000.0

    /// `1.5 GiB`, `820 MiB`.
    public static func format(bytes: Double) -> String {
        if bytes >= 1_073_741_824 { return String(format: "%.1f GiB", bytes / 1_073_741_824) }
        return String(format: "%.0f MiB", bytes / 1_048_576)
    }

    /// `87.8 M`, `14,637`.
    static func count(_ value: Int) -> String {
        if value >= 10_000_000 { return String(format: "%.1f M", Double(value) / 1e6) }
        var digits = String(value)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return digits + grouped
    }
}
