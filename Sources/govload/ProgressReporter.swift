import Foundation
import GovLoad
import Synchronization

/// Progress on standard error: a redrawn bar on a terminal, a plain line every few seconds otherwise.
final class ProgressReporter: Sendable {
    private let total: Int
    private let scenario: String
    private let daysPerRun: Double
    private let start = Date()
    private let isTerminal = Console.stderrIsTerminal
    private let lastLine = Mutex<Date>(Date.distantPast)

    init(total: Int, scenario: String, daysPerRun: Double) {
        self.total = total
        self.scenario = scenario
        self.daysPerRun = daysPerRun
    }

    func update(done: Int, total: Int) {
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        if isTerminal {
            let width = 30
            let filled = width * done / max(total, 1)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "\r%@ [%@] %d/%d runs, %.0f simulated days, ETA %@ ", scenario, bar, done,
                        total, Double(done) * daysPerRun, RunSummaryTable.duration(eta)
                    ).utf8))
        } else {
            let due = lastLine.withLock { last -> Bool in
                guard done == total || now.timeIntervalSince(last) >= 5 else { return false }
                last = now
                return true
            }
            if due {
                Console.error(
                    String(
                        format: "%@: %d/%d runs done, %.0f simulated days, %@ elapsed, ETA %@",
                        scenario,
                        done, total, Double(done) * daysPerRun, RunSummaryTable.duration(elapsed),
                        RunSummaryTable.duration(eta)))
            }
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
