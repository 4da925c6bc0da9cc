import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport
import Synchronization

/// Every file a run or a merge is writing, kept so that its output folder ends in one of two
/// states whatever happens — a signal, a full disk, a crash of a neighbouring process:
/// - **complete**: every output renamed into place, then `manifest.json` last (`seal`);
/// - **absent**: no manifest, no temporary files, none of this run's outputs (`abandon`).
///
/// Renames into place and the removal on an interruption take the same lock, so a signal can
/// never land between the manifest's rename and the decision to keep it: either the run was
/// sealed first (and is kept) or the interruption came first (and the manifest is never renamed).
public final class OutputLedger: Sendable {
    private struct State {
        /// Temporary files open now (full paths).
        var scratch: Set<String> = []
        /// Outputs renamed into place by this run, before its manifest.
        var placed: [String] = []
        var phase = Phase.open
    }

    /// Where the run stands.
    public enum Phase: Sendable {
        /// Writing.
        case open
        /// Abandoned: nothing more may be written or renamed.
        case abandoned
        /// The manifest is in place: the results are complete and are kept.
        case sealed
    }

    private let state = Mutex(State())

    /// Creates an empty ledger, for one run or merge.
    public init() {}

    /// The current phase.
    public var phase: Phase { state.withLock { $0.phase } }

    /// Records a temporary file about to be created; refused once the run is abandoned.
    func register(scratch path: String) throws(OutputError) {
        let accepted = state.withLock { state in
            guard state.phase == .open else { return false }
            state.scratch.insert(path)
            return true
        }
        guard accepted else { throw OutputError("stopped: \(path) was not written") }
    }

    /// Forgets a temporary file that was removed or renamed.
    func unregister(scratch path: String) {
        _ = state.withLock { $0.scratch.remove(path) }
    }

    /// Renames a finished temporary file into place. `seals`: it is the manifest, the last file,
    /// and the run is complete once it is in place.
    func place(_ temporary: String, at path: String, seals: Bool = false) throws(OutputError) {
        let outcome: Int32? = state.withLock { state in
            guard state.phase == .open else { return nil }
            guard rename(temporary, path) == 0 else { return errno }
            state.scratch.remove(temporary)
            if seals { state.phase = .sealed } else { state.placed.append(path) }
            return 0
        }
        guard let outcome else { throw OutputError("stopped: \(path) was not written") }
        guard outcome == 0 else {
            throw OutputError("cannot write \(path): \(String(cString: strerror(outcome)))")
        }
    }

    /// Takes the run back unless it is sealed: removes every temporary file and every output
    /// already placed, and refuses any later write. Returns the phase it found (`.sealed`: the
    /// results are complete and were kept). Safe to call from a signal handler's thread.
    @discardableResult
    public func abandon() -> Phase {
        state.withLock { state in
            guard state.phase == .open else { return state.phase }
            state.phase = .abandoned
            for path in state.scratch { unlink(path) }
            for path in state.placed { unlink(path) }
            state.scratch.removeAll()
            state.placed.removeAll()
            return .open
        }
    }
}

/// A temporary file in an output folder, created under a name no other file has — made with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`, so a file or symbolic link planted under a guessable name is
/// never followed or overwritten — recorded in the ledger, and removed when dropped unless it was
/// renamed into place.
final class ScratchFile {
    /// The file's path.
    let path: String
    /// The open descriptor, or -1 once closed.
    @exclusivity(unchecked) private(set) var descriptor: Int32
    private let ledger: OutputLedger

    /// Creates `.<stem>.<pid>-<tag>.<suffix>` in `folder`, `tag` random unless given (tests).
    init(
        in folder: String, stem: String, suffix: String, ledger: OutputLedger,
        tag: () -> String = { String(UInt64.random(in: 0...UInt64.max), radix: 36) }
    ) throws(OutputError) {
        self.ledger = ledger
        for _ in 0..<16 {
            let tag = tag()
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(
                ".\(stem).\(getpid())-\(tag).\(suffix)"
            )
            .path
            try ledger.register(scratch: candidate)
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if opened >= 0 {
                path = candidate
                descriptor = opened
                return
            }
            let reason = errno
            ledger.unregister(scratch: candidate)
            guard reason == EEXIST else {
                throw OutputError(
                    "cannot write in \(folder): \(String(cString: strerror(reason)))")
            }
        }
        throw OutputError("cannot make a temporary file in \(folder): every name tried exists")
    }

    /// Whether the file outlives this object (`handOver()`).
    @exclusivity(unchecked) private var handedOver = false

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
        if !handedOver && ledger.isScratch(path) {
            unlink(path)
            ledger.unregister(scratch: path)
        }
    }

    /// Writes all of `bytes`, or throws naming `name`.
    func write(_ bytes: UnsafeRawBufferPointer, name: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let count = Foundation.write(descriptor, base + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw OutputError("cannot write \(name): \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    /// Keeps the file when this object goes: another part of the program will read it and then
    /// `OutputLedger.remove(scratch:)` it (an abandoned run's ledger removes it too).
    func handOver() -> String {
        handedOver = true
        return path
    }

    /// Flushes to disk and closes.
    func close(name: String) throws(OutputError) {
        guard descriptor >= 0 else { return }
        let synced = fsync(descriptor) == 0
        let reason = errno
        let closed = Foundation.close(descriptor) == 0
        descriptor = -1
        guard synced && closed else {
            throw OutputError("cannot write \(name): \(String(cString: strerror(synced ? errno : reason)))")
        }
    }
}

extension OutputLedger {
    /// Removes a temporary file handed over by `ScratchFile.handOver()`, once read.
    func remove(scratch path: String) {
        unlink(path)
        unregister(scratch: path)
    }

    /// Whether `path` is a temporary file still on the books.
    func isScratch(_ path: String) -> Bool { state.withLock { $0.scratch.contains(path) } }
}
