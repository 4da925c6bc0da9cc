import Dispatch
import GovLoadSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A team of Dispatch workers for the engine's many short parallel phases.
///
/// A window of a city run lasts tens of microseconds of work per process, and a run has tens of
/// thousands of windows. Waking Dispatch's workers for every phase costs about as much as the
/// work, so a run wakes them once: ``perform(threads:_:)`` makes one
/// `DispatchQueue.concurrentPerform` of `threads` iterations for the whole run. Iteration 0 is the
/// *leader*, which runs the caller's loop and calls ``run(lanes:_:)`` for each phase; the others
/// are *helpers*, which between phases spin, then yield, then nap (50 µs at a time) until the
/// leader opens the next phase or sends them home. The threads are the system's pool: no thread
/// is created here, and when the pool is busy (runs side by side on a ``ParallelExecutor``) a
/// helper may start late or not at all.
///
/// The leader never waits for a helper to arrive: it works through every lane itself (its own
/// first, then the others'), closes the phase, and waits only for helpers already inside it
/// (Dekker's handshake on `generation` and `inside`, both sequentially consistent). So a phase
/// ends as soon as its tasks are done, a late helper joins the next phase, and a run whose
/// helpers never start runs on the leader alone — never a deadlock, never an oversubscribed
/// machine.
///
/// Which thread runs which task varies from run to run; callers keep results deterministic by
/// having each task touch only its own state.
@usableFromInline final class WorkCrew: @unchecked Sendable {
    /// Threads in all, the leader included.
    @usableFromInline let threads: Int

    /// Odd while a phase is open, even while none is; the leader adds 1 to open and to close.
    private let generation = Atomic<Int>(0)
    /// Helpers inside the open phase (they may read `lanes` and `body`).
    private let inside = Atomic<Int>(0)
    /// Set once, when the leader is done, to send the helpers home.
    private let stopping = Atomic<Bool>(false)
    /// Each thread's next task in its own lane, one counter per thread.
    private let cursors: [LaneCursor]

    /// The current phase's work; written by the leader while no phase is open and no helper is
    /// inside, read by helpers that entered the open phase (release–acquire on `generation`).
    @exclusivity(unchecked) private var lanes: [[Int]] = []
    @exclusivity(unchecked) private var body: (@Sendable (Int) -> Void)?

    @usableFromInline init(threads: Int) {
        self.threads = max(1, threads)
        cursors = (0..<self.threads).map { _ in LaneCursor() }
    }

    /// Calls `leader` with a crew of `threads` threads (the caller's work and `threads − 1`
    /// helpers, as one `concurrentPerform`) and returns its result once every helper has gone.
    @usableFromInline static func perform<Result>(
        threads: Int, _ leader: @Sendable (WorkCrew) -> Result
    ) -> Result {
        let crew = WorkCrew(threads: threads)
        guard crew.threads > 1 else { return leader(crew) }
        return withoutActuallyEscaping(leader) { leader in
            let outcome = LeaderOutcome<Result>()
            DispatchQueue.concurrentPerform(iterations: crew.threads) { iteration in
                guard iteration == 0 else { return crew.helperLoop(iteration) }
                outcome.value = leader(crew)
                crew.stopping.store(true, ordering: .releasing)
            }
            guard let value = outcome.value else { preconditionFailure("the crew's leader did not run") }
            return value
        }
    }

    /// Calls `body(task)` for every task of every lane and returns when all calls have returned.
    /// Called by the leader only.
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
            generation.add(1, ordering: .sequentiallyConsistent)  // open
            work(as: 0, body)
            generation.add(1, ordering: .sequentiallyConsistent)  // closed: no helper enters now
            var waiter = Waiter()
            while inside.load(ordering: .sequentiallyConsistent) > 0 { waiter.pause() }
            self.body = nil
        }
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

    /// A helper's life: wait for an open phase it has not worked in, enter it if it is still open,
    /// work, leave; go home when the leader is done.
    private func helperLoop(_ thread: Int) {
        var worked = 0
        var waiter = Waiter()
        while !stopping.load(ordering: .acquiring) {
            let open = generation.load(ordering: .acquiring)
            guard open & 1 == 1, open != worked else {
                waiter.pause()
                continue
            }
            inside.add(1, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) == open, let body {
                work(as: thread, body)
            }
            inside.subtract(1, ordering: .sequentiallyConsistent)
            worked = open
            waiter = Waiter()
        }
    }
}

/// The leader's result, written by the iteration that ran it and read after the
/// `concurrentPerform` returned.
private final class LeaderOutcome<Value>: @unchecked Sendable {
    var value: Value?
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
