import GovLoadSupport

/// The one rule by which every logical process orders its own events (DESIGN §4): of its event
/// sources — a queue's next departure, its own event heap, incoming messages, the reporting clock —
/// the one whose next time is earliest goes first, and at the same instant the source the process
/// declared first. A process lists its sources once, in that order, and asks `next(_:before:)`
/// which to take; nothing else decides.
public enum SameInstant {
    /// The index of the source to take next: the earliest of `times` before `end`, ties going to
    /// the lower index; nil when none is before `end` (the window is done).
    ///
    /// - Complexity: O(count), with no allocation: the times live on the stack.
    @inlinable @inline(__always)
    public static func next<let count: Int>(_ times: InlineArray<count, SimTime>, before end: SimTime) -> Int?
    {
        var chosen = -1
        var earliest = end
        for index in 0..<count {
            let time = times[unchecked: index]
            if time < earliest {
                chosen = index
                earliest = time
            }
        }
        return chosen >= 0 ? chosen : nil
    }

    /// `next(_:before:)` for three sources, in registers: the shape of a stand-alone channel's
    /// loop (queue, calls, samples), the hottest in GovLoad.
    @inlinable @inline(__always)
    public static func next(_ first: SimTime, _ second: SimTime, _ third: SimTime, before end: SimTime)
        -> Int?
    {
        if first < end && first <= second && first <= third { return 0 }
        if second < end && second <= third { return 1 }
        return third < end ? 2 : nil
    }
}
