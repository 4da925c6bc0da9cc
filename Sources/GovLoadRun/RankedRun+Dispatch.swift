import Foundation
import GovLoadExperiment

/// Rank 0's hand-out of runs to the other ranks, on a thread of its own: it answers each request
/// with the next run of the queue (costliest first), or −1 when none is left, until every other
/// rank has had its −1 or said it stops. A rank that stops early has failed, so the queue is
/// closed: the others finish the runs they have and get no more.
///
/// Requests are polled every half millisecond rather than waited for, since a waiting receive
/// spins a CPU in Open MPI that rank 0's own runs need; a run takes seconds, so the delay is
/// nothing.
final class RunDispatcher<Group: RankGroup>: @unchecked Sendable {
    /// A request's value: a run, please.
    static var wantRun: Int64 { 0 }
    /// A request's value: this rank asks for no more.
    static var stop: Int64 { 1 }

    private let finished = DispatchSemaphore(value: 0)

    /// Starts handing out `queue`'s runs to `group`'s other ranks (none if it has none).
    init(group: Group, queue: RunQueue) {
        guard group.size > 1 else {
            finished.signal()
            return
        }
        let thread = Thread { [finished] in
            Self.serve(group: group, queue: queue)
            finished.signal()
        }
        thread.start()
    }

    /// Returns once every other rank has finished asking.
    func wait() { finished.wait() }

    static func serve(group: Group, queue: RunQueue) {
        var asking = group.size - 1
        while asking > 0 {
            guard let (rank, value) = group.pollRequest() else {
                usleep(500)
                continue
            }
            if value == stop {
                queue.close()
                asking -= 1
                continue
            }
            let run = queue.next().map(Int64.init) ?? -1
            group.answer(rank, run)
            if run < 0 { asking -= 1 }
        }
    }
}

/// A rank's runs, asked of rank 0 one at a time (one request at a time, whichever thread asks).
final class RemoteRuns<Group: RankGroup>: RunSource, @unchecked Sendable {
    private let group: Group
    private let lock = NSLock()
    private var exhausted = false

    init(group: Group) { self.group = group }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !exhausted else { return nil }
        let run = group.request(RunDispatcher<Group>.wantRun, wait: true)
        guard run >= 0 else {
            exhausted = true
            return nil
        }
        return Int(run)
    }

    /// Tells rank 0 this rank asks for no more, unless it has already been told there are none.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !exhausted else { return }
        exhausted = true
        _ = group.request(RunDispatcher<Group>.stop, wait: false)
    }
}
