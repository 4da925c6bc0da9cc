import Dispatch
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
    public func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(threads, count)
        if workers == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let task = UnsafeSendableClosure(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    task.body(index)
                }
            }
        }
    }

    /// Maps `0..<count` to results in parallel; the result array is in index order.
    public func map<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
        let slots = ResultSlots<T>(count)
        forEach(count) { slots.store(transform($0), at: $0) }
        return slots.values()
    }
}

/// A closure that the caller promises is safe to call from several threads at once.
private struct UnsafeSendableClosure: @unchecked Sendable {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}

/// One slot per task; each task writes only its own slot.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ value: T, at index: Int) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }
    func values() -> [T] {
        slots.map { slot in
            guard let value = slot else { preconditionFailure("a parallel task left its result slot empty") }
            return value
        }
    }
}
