import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// Where and how one run writes its parts of `cases.csv`: the model's sinks, one per process.
public struct CaseLogRequest: CaseSinkFactory {
    /// The output folder.
    public var folder: OutputFolder
    /// Fields that start every row: scenario, policy, replication.
    public var prefix: [String]
    /// Fields that end every row: the sweep point's values.
    public var suffix: [String]

    /// Creates a request.
    public init(folder: OutputFolder, prefix: [String], suffix: [String]) {
        self.folder = folder
        self.prefix = prefix
        self.suffix = suffix
    }

    /// A log for one process of the run.
    public func makeSink() -> any CaseSink { CaseLog(folder: folder, prefix: prefix, suffix: suffix) }
}

/// An output folder takes a run's cases (`run --cases`) as part files of its `cases.csv`.
extension OutputFolder: CaseRecording {
    /// The sinks of the run whose rows start with `prefix` and end with `suffix`.
    public func sinks(prefix: [String], suffix: [String]) -> any CaseSinkFactory {
        CaseLogRequest(folder: self, prefix: prefix, suffix: suffix)
    }
}

/// One process's share of `cases.csv` (`run --cases`) for one run: a row per case as it is closed
/// or dropped, and per case still open at the end, streamed to a hidden part file in the output
/// folder. `ResultStream` appends the parts to `cases.csv` in process order when the run is
/// written, and deletes them. A write error is kept and reported then: the simulation cannot stop
/// for it.
public final class CaseLog: CaseSink {
    /// `cases.csv` columns (the swept keys follow).
    public static let columns = [
        "scenario", "policy", "replication", "case_id", "case_type", "district", "cell", "resident", "status",
        "created_h", "reported_h", "registered_h", "dispatched_h", "handled_h", "verified_h", "closed_h",
        "attempts", "transfers", "reopenings", "escalated", "false_closure", "on_site", "repeat_report",
        "channel", "responded_h",
    ]

    private let file: ScratchFile?
    private let folder: OutputFolder
    private let prefix: [UInt8]
    private let suffix: [UInt8]
    @exclusivity(unchecked) private var row: [UInt8] = []
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    /// The first write error, if any.
    @exclusivity(unchecked) public private(set) var error: OutputError?
    /// The first write error's message, if any.
    public var failure: String? { error?.message }

    /// Opens a part file (a uniquely named temporary file) in `folder`; `prefix` fields start
    /// every row, `suffix` fields end it.
    public init(folder: OutputFolder, prefix: [String], suffix: [String]) {
        self.folder = folder
        do {
            file = try ScratchFile(in: folder.path, stem: "cases", suffix: "part", ledger: folder.ledger)
        } catch {
            file = nil
            self.error = error
        }
        self.prefix = Array(prefix.map(CSVWriter.escape).joined(separator: ",").utf8)
        self.suffix = Array(suffix.map(CSVWriter.escape).map { "," + $0 }.joined().utf8)
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    private static let flushThreshold = 1 << 16

    /// Appends a row for `record` with its case type's, district's and first channel's names and
    /// its status.
    public func add(_ record: CaseRecord, type: String, district: String, channel: String, status: CaseStatus)
    {
        guard let file, error == nil else { return }
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: prefix)
        func text(_ value: String) {
            row.append(UInt8(ascii: ","))
            row.append(contentsOf: CSVWriter.escape(value).utf8)
        }
        func hours(_ time: SimTime) {
            row.append(UInt8(ascii: ","))
            if time >= 0 { CSVWriter.appendNumber(time / SimClock.hour, to: &row) }
        }
        text(String(record.id))
        text(type)
        text(district)
        text(String(record.cell))
        text(record.resident == CaseRecord.noResident ? "" : String(record.resident))
        text(status.rawValue)
        for time in [
            record.created, record.reported, record.registered, record.dispatched, record.handled,
            record.verified,
            record.closed,
        ] {
            hours(time)
        }
        text(String(record.attempts))
        text(String(record.transfers))
        text(String(record.reopenings))
        for flag in [
            CaseFlags.escalated, CaseFlags.falselyClosed, CaseFlags.onSite, CaseFlags.repeatReport,
        ] {
            text(record.has(flag) ? "1" : "0")
        }
        text(channel)
        hours(record.responded)
        row.append(contentsOf: suffix)
        row.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: row)
        if buffer.count >= Self.flushThreshold { flush(file) }
    }

    private func flush(_ file: ScratchFile) {
        let written = buffer.withUnsafeBytes { bytes in
            Result { () throws(OutputError) in try file.write(bytes, name: "cases.csv") }
        }
        if case .failure(let failure) = written { error = failure }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the part file, and hands it over: its path, for `ResultStream` to append
    /// to `cases.csv` and then remove; nil after a write error.
    public func close() -> String? {
        guard let file, error == nil else { return nil }
        flush(file)
        do throws(OutputError) { try file.close(name: "cases.csv") } catch { self.error = error }
        return error == nil ? file.handOver() : nil
    }
}
