import Foundation

/// Writes an RFC 4180 CSV file (UTF-8, header row, CRLF-free `\n` line ends as pandas and R
/// expect, fields quoted only when they must be) through an `AtomicFile`.
public final class CSVWriter {
    private let file: AtomicFile
    /// The columns, in order.
    public let columns: [String]

    /// Opens `path` and writes the header row.
    public init(path: String, columns: [String]) throws(OutputError) {
        file = try AtomicFile(path: path)
        self.columns = columns
        try file.write(columns.map(Self.escape).joined(separator: ",") + "\n")
    }

    /// Writes one row; it must have one field per column.
    public func row(_ fields: [String]) throws(OutputError) {
        precondition(fields.count == columns.count, "a CSV row has \(fields.count) fields for \(columns.count) columns")
        try file.write(fields.map(Self.escape).joined(separator: ",") + "\n")
    }

    /// Completes the file (renames it into place).
    public func commit() throws(OutputError) { try file.commit() }

    /// Quotes a field that holds a comma, a quote or a line break; doubles inner quotes.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as written in every CSV: integers without a decimal point, others with up to ten
    /// significant digits; the same bytes on every machine.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.10g", value)
    }

    /// An integer field.
    public static func number(_ value: Int) -> String { String(value) }
}
