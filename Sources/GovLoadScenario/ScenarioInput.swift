import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Reading the files a scenario is made of (the scenario, the files it extends, seed data),
/// refusing before anything is read what is not a plain file of a sensible size: a device such as
/// `/dev/zero`, a pipe that never ends, a folder, or a multi-gigabyte file.
enum ScenarioInput {
    /// The largest scenario file read: the Shenzhen scenarios are under 40 kB.
    static let maxScenarioBytes = 8 << 20
    /// The largest seed-data file read (districts and the like).
    static let maxSeedBytes = 64 << 20

    /// The bytes of the regular file `path` (symbolic links are followed), at most `limit` of
    /// them. `kind` names the file in messages ("scenario file").
    static func read(_ path: String, limit: Int, kind: String) throws(InputError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason =
                errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))"
            throw InputError(Diagnostic(.file(path), reason))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw InputError(Diagnostic(.file(path), "cannot be read (\(String(cString: strerror(errno))))"))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let what = status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
            throw InputError(Diagnostic(.file(path), "is \(what); a \(kind) must be a plain file"))
        }
        let size = Int(status.st_size)
        guard size <= limit else {
            throw InputError(
                Diagnostic(
                    .file(path),
                    "is \(Self.format(bytes: size)); a \(kind) may be at most \(Self.format(bytes: limit))"))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress.map { $0 + filled }, size - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw InputError(Diagnostic(.file(path), "could not be read to its end"))
            }
            filled += count
        }
        return bytes
    }

    /// `2.0 GiB`, `8 MiB`, `512 bytes`.
    static func format(bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
        return "\(bytes) bytes"
    }
}
