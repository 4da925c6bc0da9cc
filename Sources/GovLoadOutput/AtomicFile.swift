import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// An error writing results: the disk is full, a folder vanished. Exit code 1.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the file.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A file written under a temporary name beside its final one and renamed into place only when
/// complete, so that a crash never leaves a half-written file that looks finished. The temporary
/// name is unique and made without following links (`ScratchFile`); the rename goes through the
/// `OutputLedger`, which an interruption consults. Writes are buffered; nothing is visible under
/// the final name before `commit()`.
public final class AtomicFile {
    /// The final path.
    public let path: String
    private let scratch: ScratchFile
    private let ledger: OutputLedger
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var committed = false
    private static let flushThreshold = 1 << 16

    /// Opens a temporary file beside `path`.
    public init(path: String, ledger: OutputLedger) throws(OutputError) {
        self.path = path
        self.ledger = ledger
        let url = URL(fileURLWithPath: path)
        scratch = try ScratchFile(
            in: url.deletingLastPathComponent().path, stem: url.lastPathComponent, suffix: "partial",
            ledger: ledger)
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    /// Appends text.
    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends bytes without copying them into the buffer first when they are many.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if bytes.count < Self.flushThreshold {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
            return
        }
        try flush()
        try scratch.write(bytes, name: path)
    }

    private func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        let failure = buffer.withUnsafeBytes { bytes in
            Result { () throws(OutputError) in try scratch.write(bytes, name: path) }
        }
        buffer.removeAll(keepingCapacity: true)
        try failure.get()
    }

    /// Flushes, closes and renames the file into place. `seals`: this is the manifest, the last
    /// file of a run (see `OutputLedger`).
    public func commit(seals: Bool = false) throws(OutputError) {
        guard !committed else { return }
        try flush()
        try scratch.close(name: path)
        try ledger.place(scratch.path, at: path, seals: seals)
        committed = true
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String, ledger: OutputLedger, seals: Bool = false)
        throws(OutputError)
    {
        let file = try AtomicFile(path: path, ledger: ledger)
        try file.write(text)
        try file.commit(seals: seals)
    }
}
