import Synchronization
import Testing

@testable import GovLoad

/// The engine's threads: every task of every phase runs exactly once, whatever the lanes.
@Suite("Work crew")
struct WorkCrewTests {
    @Test(
        "every task of every phase runs once, lanes even or not, on 1, 2 and 4 threads", arguments: [1, 2, 4])
    func everyTaskOnce(threads: Int) {
        let crew = WorkCrew(threads: threads)
        defer { crew.stop() }
        let tasks = 37
        let runs = Mutex([Int](repeating: 0, count: tasks))
        for phase in 0..<500 {
            // Deal the tasks unevenly, changing from phase to phase: one lane may be empty.
            var lanes = Array(repeating: [Int](), count: threads)
            for task in 0..<tasks { lanes[(task * (phase % 5 + 1)) % threads].append(task) }
            if phase % 7 == 0 { lanes[threads - 1] = [] }  // an empty lane; its tasks must not run
            let dealt = lanes.flatMap { $0 }
            crew.run(lanes: lanes) { task in runs.withLock { $0[task] += 1 } }
            let counts = runs.withLock { counts in
                defer { counts = Array(repeating: 0, count: tasks) }
                return counts
            }
            for task in 0..<tasks {
                #expect(counts[task] == (dealt.contains(task) ? 1 : 0), "phase \(phase), task \(task)")
            }
        }
    }
}
