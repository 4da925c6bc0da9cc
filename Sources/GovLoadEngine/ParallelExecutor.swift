import Dispatch
import GovLoadSupport
import Synchronization

/// Runs independent tasks on at most a given number of threads with
/// `DispatchQueue.concurrentPerform`, each thread taking the next undone task from a shared
/// counter. Which thread runs which task varies from run to run; callers keep results
/// deterministic by writing each task's result to its own slot.
public struct ParallelExecutor: Sendable {
    /// The largest number of tasks run at the same time.
    public let threads: Int

    /// Creates an executor of `threads` threads (at least 1).
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Calls `body(i)` once for every `i` in `0..<count`, in parallel, and returns when all are done.
    public func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(threads, count)
        if workers == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                body(index)
            }
        }
    }

    /// Maps `0..<count` to results in parallel; the result array is in index order. Each result is
    /// made on a worker thread and handed to the caller once every task is done (`sending`: the
    /// worker keeps no reference to it).
    public func map<T>(_ count: Int, _ transform: @Sendable (Int) -> sending T) -> [T] {
        let slots = ResultSlots<T>(count)
        forEach(count) { slots.store(transform($0), at: $0) }
        return slots.values()
    }
}

/// One slot per task, allocated once; each task initialises only its own slot, so no two threads
/// ever touch the same memory (raw memory, not an array whose header every writer would access).
private final class ResultSlots<T>: @unchecked Sendable {
    private let count: Int
    private let slots: UnsafeMutablePointer<T>
    private let filled: UnsafeMutablePointer<Bool>

    init(_ count: Int) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        filled = .allocate(capacity: max(count, 1))
        filled.initialize(repeating: false, count: max(count, 1))
    }

    deinit {
        for index in 0..<count where filled[index] { (slots + index).deinitialize(count: 1) }
        slots.deallocate()
        filled.deinitialize(count: max(count, 1))
        filled.deallocate()
    }

    /// Stores task `index`'s result; called once per index, from any thread.
    func store(_ value: T, at index: Int) {
        (slots + index).initialize(to: value)
        filled[index] = true
    }

    /// The results in index order, once every task is done.
    func values() -> [T] {
        (0..<count).map { index in
            guard filled[index] else { preconditionFailure("a parallel task left its result slot empty") }
            return slots[index]
        }
    }
}
