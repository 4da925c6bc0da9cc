import GovLoadSupport

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

/// The staffing solver: the fewest servers meeting a target. Every measure used is monotone in
/// the number of servers (more servers never wait or abandon more), so the least level meeting
/// the target is found by doubling from one server until the target is met, then bisecting —
/// correct for any monotone target, whatever the load, in O(log c) evaluations.
public enum Staffing {
    /// The largest headcount the solver tries before calling a target unattainable.
    public static func searchLimit(load: Double) -> Int {
        Int(min(load + 20 * load.squareRoot() + 200, 10_000_000))
    }

    /// The fewest servers for which `meets(c)` holds (`meets` must be monotone: false up to some
    /// level, true from it on); nil if none up to the limit.
    static func search(load: Double, _ meets: (Int) -> Bool) -> Int? {
        let limit = searchLimit(load: load)
        var low = 0  // known not to meet (or nothing tried)
        var high = 1
        while !meets(high) {
            guard high < limit else { return nil }
            low = high
            high = min(high * 2, limit)
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if meets(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The fewest servers meeting `target` in M/M/c (Erlang C), or nil if it cannot be met.
    public static func erlangC(arrivalRate: Double, serviceTime: Double, target: StaffingTarget) -> Int? {
        let load = arrivalRate * serviceTime
        return search(load: load) { servers in
            // Below the load the queue has no steady state: no target is met.
            guard Double(servers) > load else { return false }
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
    /// Throws when a service level on the way is beyond exact computation (`ErlangA.serviceLevel`).
    public static func erlangA(
        arrivalRate: Double, serviceTime: Double, patience: Double, target: StaffingTarget
    ) throws(StaffingError) -> Int? {
        // With abandonment every level has a steady state, and fewer servers than erlangs can do.
        try mixture(arrivalRates: [arrivalRate], serviceTime: serviceTime, patience: patience, target: target)
    }
}

extension Staffing {
    /// The fewest servers meeting `target` on average over several arrival rates with equal
    /// weight: one interval's load as it came in different replications (with overdispersed
    /// demand a busy day is not a quiet day, and staffing for the mean load fails on busy days).
    /// Each rate is held to the stationary model — Erlang A with `patience`, Erlang C without
    /// (below its load Erlang C has no steady state: nobody is answered in time, every caller
    /// waits, for ever). Reduces to `erlangA`/`erlangC` for one rate. Nil if no level up to the
    /// search limit meets the target.
    public static func mixture(
        arrivalRates: [Double], serviceTime: Double, patience: Double?, target: StaffingTarget
    ) throws(StaffingError) -> Int? {
        guard !arrivalRates.isEmpty else { return nil }
        let weight = 1 / Double(arrivalRates.count)
        let load = (arrivalRates.max() ?? 0) * serviceTime
        var incomputable = false
        let servers = search(load: load) { servers in
            var measure = 0.0
            for rate in arrivalRates {
                let value = stationaryMeasure(
                    rate: rate, serviceTime: serviceTime, patience: patience, servers: servers, target: target
                )
                if value.isNaN { incomputable = true }
                measure += weight * value
            }
            switch target {
            case .serviceLevel(let fraction, _): return measure >= fraction
            case .maxAbandonment(let p), .maxWaitProbability(let p): return measure <= p
            case .maxMeanWait(let seconds): return measure <= seconds
            }
        }
        if incomputable { throw .incomputable }
        return servers
    }

    /// The target's measure for one stationary queue.
    static func stationaryMeasure(
        rate: Double, serviceTime: Double, patience: Double?, servers: Int, target: StaffingTarget
    ) -> Double {
        guard rate > 0 else {
            if case .serviceLevel = target { return 1 }
            return 0
        }
        if let patience {
            let model = ErlangA(
                arrivalRate: rate, serviceTime: serviceTime, servers: servers, patience: patience)
            switch target {
            case .serviceLevel(_, let within): return model.serviceLevel(within: within)
            case .maxAbandonment: return model.abandonProbability
            case .maxWaitProbability: return model.waitProbability
            case .maxMeanWait: return model.meanWait
            }
        }
        let model = ErlangC(arrivalRate: rate, serviceTime: serviceTime, servers: servers)
        switch target {
        case .serviceLevel(_, let within): return model.isStable ? model.serviceLevel(within: within) : 0
        // Nobody abandons a stable Erlang C queue; an unstable one serves nobody in time.
        case .maxAbandonment: return model.isStable ? 0 : 1
        case .maxWaitProbability: return model.isStable ? model.waitProbability : 1
        case .maxMeanWait: return model.isStable ? model.meanWait : .infinity
        }
    }
}

/// A staffing level that cannot be found.
public enum StaffingError: Error, Sendable {
    /// A measure on the way is beyond exact computation (an enormous queue).
    case incomputable
}
