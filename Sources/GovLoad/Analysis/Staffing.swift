/// A service target a staffing level must meet.
public enum StaffingTarget: Sendable, Equatable {
    /// At least `fraction` of arrivals answered within `seconds` (e.g. 80 % within 20 s).
    case serviceLevel(fraction: Double, within: Double)
    /// At most this share of arrivals abandons (Erlang A only).
    case maxAbandonment(Double)
    /// At most this share of arrivals waits at all.
    case maxWaitProbability(Double)
    /// The mean wait of all arrivals is at most this many seconds.
    case maxMeanWait(Double)
}

/// The staffing solver: the fewest servers meeting a target, by searching upwards from the
/// offered load. Every measure used is monotone in the number of servers, so the first level
/// that meets the target is the answer.
public enum Staffing {
    /// The largest headcount the solver tries before giving up.
    public static func searchLimit(load: Double) -> Int {
        Int(load + 20 * load.squareRoot() + 200)
    }

    /// The fewest servers for which `meets(c)` holds, starting at `from`; nil if none up to the limit.
    static func search(from start: Int, load: Double, _ meets: (Int) -> Bool) -> Int? {
        let limit = searchLimit(load: load)
        var servers = max(1, start)
        while servers <= limit {
            if meets(servers) { return servers }
            servers += 1
        }
        return nil
    }

    /// The fewest servers meeting `target` in M/M/c (Erlang C), or nil if it cannot be met.
    public static func erlangC(arrivalRate: Double, serviceTime: Double, target: StaffingTarget) -> Int? {
        let load = arrivalRate * serviceTime
        let stable = Int(load.rounded(.down)) + 1
        return search(from: stable, load: load) { servers in
            let model = ErlangC(arrivalRate: arrivalRate, serviceTime: serviceTime, servers: servers)
            switch target {
            case .serviceLevel(let fraction, let within):
                return model.serviceLevel(within: within) >= fraction
            case .maxAbandonment: return true  // nobody abandons in Erlang C
            case .maxWaitProbability(let p): return model.waitProbability <= p
            case .maxMeanWait(let seconds): return model.meanWait <= seconds
            }
        }
    }

    /// The fewest servers meeting `target` in M/M/c+M (Erlang A), or nil if it cannot be met.
    public static func erlangA(
        arrivalRate: Double, serviceTime: Double, patience: Double, target: StaffingTarget
    ) -> Int? {
        let load = arrivalRate * serviceTime
        // Start a little below the load: with abandonment, fewer servers than erlangs can do.
        let start = Int((load - 3 * load.squareRoot()).rounded(.down))
        return search(from: start, load: load) { servers in
            let model = ErlangA(
                arrivalRate: arrivalRate, serviceTime: serviceTime, servers: servers, patience: patience)
            switch target {
            case .serviceLevel(let fraction, let within):
                return model.serviceLevel(within: within) >= fraction
            case .maxAbandonment(let p): return model.abandonProbability <= p
            case .maxWaitProbability(let p): return model.waitProbability <= p
            case .maxMeanWait(let seconds): return model.meanWait <= seconds
            }
        }
    }
}
