import Dispatch
import Foundation
import GovLoad

/// Ctrl-C and SIGTERM during a run: stop at once, delete temporary files, and say what the output
/// folder holds. No manifest.json is written, so nothing left there looks like a finished run.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs the handlers; `folder` is where the run writes.
    static func install(folder: String) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                AtomicFile.removeUnfinished()
                let kept =
                    (try? FileManager.default.contentsOfDirectory(atPath: folder))?
                    .filter { !$0.hasPrefix(".") }.sorted() ?? []
                let name = signalNumber == SIGINT ? "interrupted" : "terminated"
                Console.error(
                    "govload: \(name); \(folder) holds no manifest.json, so it is not a finished run"
                        + (kept.isEmpty ? " (it is empty)" : "; kept: \(kept.joined(separator: ", "))"))
                Foundation.exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
