import Dispatch
import Foundation
import GovLoad

/// Signals and failures during a run or a merge: the output folder ends complete or absent.
///
/// SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) stop the process at once: the
/// folder's ledger removes every temporary file and every output this run placed, and no
/// manifest is written — unless the manifest was already in place, in which case the run is
/// complete and is kept (the signal then changes nothing, and the exit code is 0). SIGPIPE is
/// ignored: results go to files, so a closed pipe on standard output (`govload run … | head`)
/// must not kill a run; writes to it fail quietly instead. SIGXFSZ likewise.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var folder: OutputFolder?
    /// The signal being handled (0 for none): its handler has begun to remove the run's files,
    /// and will end the process with 128 + it.
    nonisolated(unsafe) private static var stopping: Int32 = 0
    private static let lock = NSLock()

    /// Ignores SIGPIPE and SIGXFSZ for the whole process (at start-up): a closed pipe and a file
    /// over the size limit (`ulimit -f`) become write errors, which the run handles like a full
    /// disk, instead of killing the process with its temporary files left behind.
    static func ignoreSignalsThatBecomeWriteErrors() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Installs the handlers for a run or merge into `folder`.
    static func install(folder: OutputFolder) {
        lock.withLock { Self.folder = folder }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// Takes the run back (on a write error, before exit 1); nothing if the run is complete.
    /// When a signal's handler is removing the run's files, the error is likely its doing (a
    /// scratch file gone under a write): the handler's exit, 128 + the signal, is the one to
    /// give, so this waits for it rather than returning to exit 1.
    static func abandon() {
        let folder = lock.withLock { Self.folder }
        folder?.ledger.abandon()
        var waited = 0
        while let signalNumber = lock.withLock({ stopping == 0 ? nil : stopping }) {
            // The handler exits within moments; should it not, exit as it would have.
            if waited == 500 { _exit(128 + signalNumber) }
            usleep(10_000)
            waited += 1
        }
    }

    private static func stop(_ signalNumber: Int32) {
        guard let folder = lock.withLock({ Self.folder }) else { _exit(128 + signalNumber) }
        lock.withLock { stopping = signalNumber }
        guard folder.ledger.abandon() != .sealed else {
            // The run was complete: it is kept, and the signal changes nothing.
            lock.withLock { stopping = 0 }
            return
        }
        let name =
            [SIGINT: "interrupted", SIGTERM: "terminated", SIGHUP: "hung up"][signalNumber] ?? "stopped"
        Console.error(
            "govload: \(name); removed this run's partial files: \(folder.path) holds no manifest.json, so it is not a finished run"
        )
        _exit(128 + signalNumber)
    }
}
