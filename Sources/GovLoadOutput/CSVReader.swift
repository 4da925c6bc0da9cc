import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// Reads a CSV file that GovLoad wrote, one record at a time, through a fixed buffer, so a file
/// of any size is read in constant memory. RFC 4180 as `CSVWriter` writes it: `\n` line ends,
/// fields quoted when they hold a comma, a quote or a line break. Anything else — a `\r\n` line
/// end (the file was re-saved by another program), a quote never closed, a last line with no line
/// end (the file was cut short), bytes that are not UTF-8 — is a problem at its line.
package final class CSVReader {
    /// One record: its bytes as written (without the line end) and its fields.
    package struct Record {
        package var raw: [UInt8]
        package var fields: [String]
        /// The line the record starts on, from 1.
        package var line: Int
        /// The byte the record starts at, from 0; the record with its line end is the bytes from
        /// here to the next record's `offset` (or the reader's `offset` after the last).
        package var offset: Int = 0
    }

    /// A problem with the file, at a line.
    package struct Problem: Error {
        package var line: Int
        package var message: String

        package init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    private let descriptor: Int32
    @exclusivity(unchecked) private var buffer: [UInt8]
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var atEnd = false
    @exclusivity(unchecked) private var line = 1
    /// The bytes of the file before the buffer's.
    @exclusivity(unchecked) private var base = 0

    /// The bytes read so far: after a record, where the next one starts.
    package var offset: Int { base + position }

    /// Opens `path` for reading; nil if it cannot be opened (`errno` says why).
    package init?(path: String, bufferSize: Int = 1 << 20) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit { close(descriptor) }

    /// The next byte, refilling the buffer as needed; nil at the end of the file.
    private func nextByte() throws(Problem) -> UInt8? {
        if position == filled {
            guard !atEnd else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { return try nextByte() }
                throw Problem(line: line, message: "cannot be read: \(String(cString: strerror(errno)))")
            }
            guard count > 0 else {
                atEnd = true
                return nil
            }
            base += filled
            filled = count
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record, or nil at the end of the file.
    package func next() throws(Problem) -> Record? {
        let start = line
        let startOffset = offset
        var raw: [UInt8] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        func finishField() throws(Problem) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw Problem(line: start, message: "holds bytes that are not UTF-8 text")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = try nextByte() else {
                if raw.isEmpty && fields.isEmpty && field.isEmpty && !quoted { return nil }
                throw Problem(
                    line: start,
                    message: quoted
                        ? "a quoted field is never closed"
                        : "the last line has no line end: the file was cut short")
            }
            if quoted {
                raw.append(byte)
                if byte == UInt8(ascii: "\"") {
                    quoted = false
                    afterQuote = true
                } else {
                    if byte == 10 { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                // A quote opens a field, or, right after a closing quote, is an escaped quote.
                if afterQuote { field.append(byte) }
                quoted = true
                afterQuote = false
                raw.append(byte)
            case UInt8(ascii: ","):
                try finishField()
                afterQuote = false
                raw.append(byte)
            case 10:
                try finishField()
                line += 1
                return Record(raw: raw, fields: fields, line: start, offset: startOffset)
            case 13:
                throw Problem(
                    line: start,
                    message:
                        "ends its line with \\r\\n; GovLoad writes \\n alone, so this file was changed by another program"
                )
            default:
                afterQuote = false
                field.append(byte)
                raw.append(byte)
            }
        }
    }
}
