import Dispatch
import Foundation
import GovLoadSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A fixed team of threads for the engine's many short parallel phases.
///
/// A window of a city run lasts tens of microseconds of work per process, and a run has tens of
/// thousands of windows. Waking Dispatch's worker threads for every phase costs about as much as
/// the work, so the engine keeps its helpers for the whole run instead: between phases they spin,
/// then yield, then nap (50 µs at a time) when the leader is busy for long. The leader — the
/// thread that calls ``run(lanes:_:)`` — works too, so `threads` threads in all share the tasks.
///
/// Which thread runs which task varies from run to run; callers keep results deterministic by
/// having each task touch only its own state.
@usableFromInline final class WorkCrew: @unchecked Sendable {
    /// Threads in all, the leader included.
    @usableFromInline let threads: Int

    /// Bumped by the leader to start a phase; helpers wait for it to change.
    private let generation = Atomic<Int>(0)
    /// Helpers done with the current phase.
    private let finished = Atomic<Int>(0)
    /// Set once to send the helpers home.
    private let stopping = Atomic<Bool>(false)
    /// Helpers that have returned.
    private let departed = Atomic<Int>(0)
    /// Each thread's next task in its own lane, one counter per thread.
    private let cursors: [LaneCursor]

    /// The current phase's work; written by the leader before it bumps `generation`, read by
    /// helpers after they see the bump (release–acquire on `generation`).
    @exclusivity(unchecked) private var lanes: [[Int]] = []
    @exclusivity(unchecked) private var body: (@Sendable (Int) -> Void)?

    /// Starts `threads − 1` helpers (none for one thread).
    @usableFromInline init(threads: Int) {
        self.threads = max(1, threads)
        cursors = (0..<self.threads).map { _ in LaneCursor() }
        for helper in 1..<self.threads {
            let thread = Thread { [self] in self.helperLoop(helper) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Calls `body(task)` for every task of every lane and returns when all calls have returned.
    ///
    /// Thread t runs lane t first (the leader is thread 0), so that a task that stays in one lane
    /// from phase to phase stays on one core, with its data in that core's cache; a thread done
    /// with its lane helps with the others'. `lanes` has one lane per thread.
    @usableFromInline func run(lanes: [[Int]], _ body: @Sendable (Int) -> Void) {
        precondition(lanes.count == threads, "a work crew needs one lane per thread")
        if threads == 1 {
            for task in lanes[0] { body(task) }
            return
        }
        withoutActuallyEscaping(body) { body in
            self.body = body
            self.lanes = lanes
            for cursor in cursors { cursor.next.store(0, ordering: .relaxed) }
            finished.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            work(as: 0, body)
            var waiter = Waiter()
            while finished.load(ordering: .acquiring) < threads - 1 { waiter.pause() }
            self.body = nil
        }
    }

    /// Sends the helpers home and waits until they have left. Call once, after the last phase.
    @usableFromInline func stop() {
        guard threads > 1 else { return }
        stopping.store(true, ordering: .releasing)
        var waiter = Waiter()
        while departed.load(ordering: .acquiring) < threads - 1 { waiter.pause() }
    }

    /// Thread `thread`'s share of a phase: its own lane, then whatever is left in the others.
    private func work(as thread: Int, _ body: @Sendable (Int) -> Void) {
        for offset in 0..<threads {
            let lane = (thread + offset) % threads
            let tasks = lanes[lane]
            let cursor = cursors[lane]
            while true {
                let index = cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < tasks.count else { break }
                body(tasks[index])
            }
        }
    }

    private func helperLoop(_ thread: Int) {
        var seen = 0
        while true {
            var waiter = Waiter()
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                if stopping.load(ordering: .acquiring) {
                    departed.add(1, ordering: .releasing)
                    return
                }
                waiter.pause()
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if let body { work(as: thread, body) }
            finished.add(1, ordering: .releasing)
        }
    }
}

/// The next task to take in one lane, padded so that two lanes' counters never share a cache line.
private final class LaneCursor: Sendable {
    let next = Atomic<Int>(0)
    private let padding: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
}

/// Spin, then yield the processor, then nap: cheap when the wait is a few microseconds, and
/// harmless to other programs when it is long.
private struct Waiter {
    private var rounds = 0

    mutating func pause() {
        rounds += 1
        if rounds < 2_000 { return }
        if rounds < 20_000 {
            sched_yield()
            return
        }
        usleep(50)
    }
}
