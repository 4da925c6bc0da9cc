import Foundation
import GovLoadTestSupport
import Synchronization
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// The engine's threads: every task of every phase runs exactly once, whatever the lanes.
@Suite("Work crew")
struct WorkCrewTests {
    @Test(
        "every task of every phase runs once, lanes even or not, on 1, 2 and 4 threads", arguments: [1, 2, 4])
    func everyTaskOnce(threads: Int) {
        let phases = WorkCrew.perform(threads: threads) { crew in
            Self.checkPhases(crew, threads: threads, phases: 500)
        }
        #expect(phases == 500)
    }

    @Test("crews side by side on a busy pool finish, whether their helpers start or not")
    func crewsSideBySide() {
        // Eight runs of four threads each on a machine of a few cores: the pool cannot give every
        // crew its helpers, so some leaders work alone; none may wait for a helper that never comes.
        let done = ParallelExecutor(threads: 8).map(8) { _ in
            WorkCrew.perform(threads: 4) { crew in Self.checkPhases(crew, threads: 4, phases: 200) }
        }
        #expect(done == Array(repeating: 200, count: 8))
    }

    @Test("the leader's result comes back, and a one-thread crew runs on the caller")
    func leaderResult() {
        #expect(WorkCrew.perform(threads: 1) { $0.threads } == 1)
        #expect(WorkCrew.perform(threads: 3) { $0.threads * 10 } == 30)
    }

    /// Runs `phases` phases of 37 tasks dealt unevenly to the lanes, checking after each that
    /// every dealt task ran exactly once and no other; returns the phases run.
    private static func checkPhases(_ crew: WorkCrew, threads: Int, phases: Int) -> Int {
        let tasks = 37
        let runs = Tally(tasks)
        for phase in 0..<phases {
            // Deal the tasks unevenly, changing from phase to phase: one lane may be empty.
            var lanes = Array(repeating: [Int](), count: threads)
            for task in 0..<tasks { lanes[(task * (phase % 5 + 1)) % threads].append(task) }
            if phase % 7 == 0 { lanes[threads - 1] = [] }  // an empty lane; its tasks must not run
            let dealt = lanes.flatMap { $0 }
            crew.run(lanes: lanes) { task in runs.add(task) }
            let counts = runs.take()
            for task in 0..<tasks {
                #expect(counts[task] == (dealt.contains(task) ? 1 : 0), "phase \(phase), task \(task)")
            }
        }
        return phases
    }
}

/// Calls per task, shared by the crew's threads. An `NSLock` (a pthread mutex, which
/// ThreadSanitizer understands) rather than `Mutex`, whose futex-based locking in the
/// uninstrumented standard library ThreadSanitizer cannot see, and reports as a race.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]
    init(_ tasks: Int) { counts = [Int](repeating: 0, count: tasks) }
    func add(_ task: Int) { lock.withLock { counts[task] += 1 } }
    func take() -> [Int] {
        lock.withLock {
            defer { counts = Array(repeating: 0, count: counts.count) }
            return counts
        }
    }
}
