import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// Writes an RFC 4180 CSV file (UTF-8, header row, `\n` line ends as pandas and R expect, fields
/// quoted only when they must be) through an `AtomicFile`.
///
/// Rows are appended field by field straight into the file's byte buffer: writing millions of
/// time-series rows costs little next to simulating them.
public final class CSVWriter {
    private let file: AtomicFile
    /// The compressed stream the rows go through (`--compress`), or nil for plain text.
    private let compressed: (any CompressedStream)?
    /// The columns, in order.
    public let columns: [String]
    @exclusivity(unchecked) private var line: [UInt8] = []
    @exclusivity(unchecked) private var fieldsInLine = 0

    /// Opens `path` and writes the header row.
    public init(
        path: String, columns: [String], ledger: OutputLedger, compression: OutputCompression? = nil
    )
        throws(OutputError)
    {
        file = try AtomicFile(path: path, ledger: ledger)
        compressed = try compression?.stream(into: file)
        self.columns = columns
        line.reserveCapacity(256)
        for column in columns { field(column) }
        try endRow()
    }

    /// Appends whole rows already written elsewhere (a `CaseLog` part file).
    public func appendRows(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let compressed { try compressed.write(bytes) } else { try file.write(bytes) }
    }

    /// Writes one row; it must have one field per column.
    public func row(_ fields: [String]) throws(OutputError) {
        for value in fields { field(value) }
        try endRow()
    }

    /// Appends a text field to the current row (quoted if it must be).
    public func field(_ text: String) {
        separate()
        if text.utf8.contains(where: {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }) {
            line.append(contentsOf: Self.escape(text).utf8)
        } else {
            line.append(contentsOf: text.utf8)
        }
    }

    /// Appends an integer field.
    public func field(_ value: Int) {
        separate()
        if value >= 0 && value < 10 {
            line.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            line.append(contentsOf: String(value).utf8)
        }
    }

    /// Appends a number field, formatted as `number(_:)` does.
    public func field(_ value: Double) {
        separate()
        Self.appendNumber(value, to: &line)
    }

    /// Appends a number in the fewest digits that read back as the same double (Swift's
    /// shortest round-trip form, `0.1`, `12.0`, `1e-05`): `runs.csv`, from which means and
    /// intervals can be recomputed exactly.
    public func field(exact value: Double) {
        separate()
        if value.isNaN {
            line.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            line.append(contentsOf: (value > 0 ? "Inf" : "-Inf").utf8)
        } else {
            line.append(contentsOf: value.description.utf8)
        }
    }

    /// Ends the current row; it must have one field per column.
    public func endRow() throws(OutputError) {
        precondition(
            fieldsInLine == columns.count, "a CSV row has \(fieldsInLine) fields for \(columns.count) columns"
        )
        line.append(10)
        if let compressed { try compressed.write(line) } else { try file.write(line) }
        line.removeAll(keepingCapacity: true)
        fieldsInLine = 0
    }

    /// Completes the file (renames it into place).
    public func commit() throws(OutputError) {
        try compressed?.finish()
        try file.commit()
    }

    private func separate() {
        if fieldsInLine > 0 { line.append(UInt8(ascii: ",")) }
        fieldsInLine += 1
    }

    /// Quotes a field that holds a comma, a quote or a line break; doubles inner quotes.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A real number as written in every CSV: with up to ten significant digits (C's `%.10g`,
    /// locale-free) and always as a real — a whole value keeps its `.0` — so a column reads as one
    /// type in every run (`drain_h` never an integer in one file and a float in the next);
    /// counts are written by `field(_: Int)`. The same bytes on every machine.
    public static func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An integer field.
    public static func number(_ value: Int) -> String { String(value) }

    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        if value.isNaN {
            bytes.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            bytes.append(contentsOf: (value > 0 ? "Inf" : "-Inf").utf8)
        } else if value == value.rounded() && abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
            bytes.append(contentsOf: ".0".utf8)
        } else {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
                guard let base = buffer.baseAddress else { return }
                let length = withVaList([value]) { vsnprintf(base, 32, "%.10g", $0) }
                let written = Int(min(max(length, 0), 31))
                base.withMemoryRebound(to: UInt8.self, capacity: written) {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: written))
                }
            }
        }
    }
}
