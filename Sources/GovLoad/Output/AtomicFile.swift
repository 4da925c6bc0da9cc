import Foundation
import Synchronization

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
/// complete, so that a crash never leaves a half-written file that looks finished.
/// Writes are buffered; nothing is visible under the final name before `commit()`.
public final class AtomicFile {
    /// The final path.
    public let path: String
    private let temporaryPath: String
    private var handle: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 16

    /// Opens a temporary file beside `path`.
    public init(path: String) throws(OutputError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath =
            url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        guard let handle = fopen(temporaryPath, "wb") else {
            throw OutputError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        Self.pending.withLock { _ = $0.insert(temporaryPath) }
        self.handle = handle
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    deinit {
        // Not committed: drop the temporary file.
        if let handle {
            fclose(handle)
            unlink(temporaryPath)
        }
        Self.pending.withLock { _ = $0.remove(temporaryPath) }
    }

    /// Temporary files being written now, for `removeUnfinished()`.
    private static let pending = Mutex<Set<String>>([])

    /// Deletes every temporary file not yet renamed into place (on an interruption, before exit).
    public static func removeUnfinished() {
        pending.withLock { paths in
            for path in paths { unlink(path) }
            paths.removeAll()
        }
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

    private func flush() throws(OutputError) {
        guard let handle, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == buffer.count else {
            throw OutputError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place.
    public func commit() throws(OutputError) {
        try flush()
        guard let handle else { return }
        self.handle = nil
        let flushed = fflush(handle) == 0 && fsync(fileno(handle)) == 0
        let closed = fclose(handle) == 0
        let renamed = flushed && closed && rename(temporaryPath, path) == 0
        let reason = String(cString: strerror(errno))
        Self.pending.withLock { _ = $0.remove(temporaryPath) }
        guard renamed else {
            unlink(temporaryPath)
            throw OutputError("cannot write \(path): \(reason)")
        }
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        let file = try AtomicFile(path: path)
        try file.write(text)
        try file.commit()
    }
}
