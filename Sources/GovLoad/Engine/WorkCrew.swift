import Dispatch
import Foundation
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
/// thread that calls ``run(_:_:)`` — works too, so `threads` threads in all take tasks from one
/// shared counter.
///
/// Which thread runs which task varies from run to run; callers keep results deterministic by
/// having each task touch only its own state.
final class WorkCrew: @unchecked Sendable {
    /// Threads in all, the leader included.
    let threads: Int

    /// Bumped by the leader to start a phase; helpers wait for it to change.
    private let generation = Atomic<Int>(0)
    /// The next task to take in the current phase.
    private let nextTask = Atomic<Int>(0)
    /// Helpers done with the current phase.
    private let finished = Atomic<Int>(0)
    /// Set once to send the helpers home.
    private let stopping = Atomic<Bool>(false)
    /// Helpers that have returned.
    private let departed = Atomic<Int>(0)

    /// The current phase's work; written by the leader before it bumps `generation`, read by
    /// helpers after they see the bump (release–acquire on `generation`).
    private var taskCount = 0
    private var body: ((Int) -> Void)?

    /// Starts `threads − 1` helpers (none for one thread).
    init(threads: Int) {
        self.threads = max(1, threads)
        for _ in 1..<self.threads {
            let thread = Thread { [self] in self.helperLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Calls `body(i)` for every `i` in `0..<count` on the crew's threads and returns when all
    /// calls have returned.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        if threads == 1 {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { body in
            self.body = body
            taskCount = count
            nextTask.store(0, ordering: .relaxed)
            finished.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            takeTasks(body, count: count)
            var waiter = Waiter()
            while finished.load(ordering: .acquiring) < threads - 1 { waiter.pause() }
            self.body = nil
        }
    }

    /// Sends the helpers home and waits until they have left. Call once, after the last phase.
    func stop() {
        guard threads > 1 else { return }
        stopping.store(true, ordering: .releasing)
        var waiter = Waiter()
        while departed.load(ordering: .acquiring) < threads - 1 { waiter.pause() }
    }

    private func takeTasks(_ body: (Int) -> Void, count: Int) {
        while true {
            let index = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            body(index)
        }
    }

    private func helperLoop() {
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
            if let body { takeTasks(body, count: taskCount) }
            finished.add(1, ordering: .releasing)
        }
    }
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
