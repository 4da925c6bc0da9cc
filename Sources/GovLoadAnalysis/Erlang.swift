import Foundation
import GovLoadSupport

/// Analytic results of the classic call-centre models, used to size staff and to validate the
/// simulator (FACTS.md, "Queueing references"). Rates are per second, times in seconds.
///
/// - Erlang B: M/M/c/c, blocked calls lost.
/// - Erlang C: M/M/c with an infinite waiting room and infinitely patient customers.
/// - Erlang A (Palm): M/M/c+M, exponential patience (Garnett, Mandelbaum & Reiman 2002),
///   computed exactly from its birth–death chain.
public enum Erlang {
    /// The probability that an arrival is blocked in M/M/c/c with offered load `load` = λ/μ
    /// (erlangs), by the numerically stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)).
    public static func blocking(servers: Int, load: Double) -> Double {
        var b = 1.0
        if servers <= 0 { return 1 }
        for k in 1...servers { b = load * b / (Double(k) + load * b) }
        return b
    }

    /// Erlang C's probability of waiting, C(c, a) = c·B / (c − a(1 − B)), for a < c; 1 when a ≥ c.
    public static func waitProbability(servers: Int, load: Double) -> Double {
        guard load < Double(servers) else { return 1 }
        let b = blocking(servers: servers, load: load)
        let c = Double(servers)
        return c * b / (c - load * (1 - b))
    }
}

/// The steady state of an M/M/c queue (Erlang C). Times in seconds, rates per second.
public struct ErlangC: Sendable, Equatable {
    /// Arrivals per second.
    public let arrivalRate: Double
    /// Mean service time (seconds).
    public let serviceTime: Double
    /// Servers.
    public let servers: Int

    /// Creates the model; it has a steady state only when λ·s < c.
    public init(arrivalRate: Double, serviceTime: Double, servers: Int) {
        self.arrivalRate = arrivalRate
        self.serviceTime = serviceTime
        self.servers = servers
    }

    /// Offered load a = λ·s (erlangs).
    public var load: Double { arrivalRate * serviceTime }
    /// Whether the queue is stable (a < c).
    public var isStable: Bool { load < Double(servers) }
    /// Occupancy a/c: the share of time a server is busy.
    public var occupancy: Double { load / Double(servers) }
    /// P(an arrival waits).
    public var waitProbability: Double { Erlang.waitProbability(servers: servers, load: load) }
    /// Mean queue wait over all arrivals: C / (cμ − λ) (seconds); +∞ if unstable.
    public var meanWait: Double {
        guard isStable else { return .infinity }
        return waitProbability / (Double(servers) / serviceTime - arrivalRate)
    }
    /// Mean number waiting, λ·W (Little's law).
    public var meanQueueLength: Double { arrivalRate * meanWait }
    /// P(wait ≤ t) = 1 − C·e^{−(cμ−λ)t}: the service level for answer time `t` (seconds).
    public func serviceLevel(within t: Double) -> Double {
        guard isStable else { return 0 }
        return 1 - waitProbability * exp(-(Double(servers) / serviceTime - arrivalRate) * t)
    }
}

/// The steady state of an M/M/c+M queue (Erlang A, Palm), computed exactly from the birth–death
/// chain: birth rate λ, death rate min(n, c)·μ + max(n − c, 0)·θ, with θ = 1 / mean patience.
/// Times in seconds, rates per second.
public struct ErlangA: Sendable, Equatable {
    /// Arrivals per second.
    public let arrivalRate: Double
    /// Mean service time (seconds).
    public let serviceTime: Double
    /// Servers.
    public let servers: Int
    /// Mean patience (seconds).
    public let patience: Double

    /// P(an arrival finds every server busy), by PASTA.
    public let waitProbability: Double
    /// P(an arrival abandons) = θ·E[queue] / λ.
    public let abandonProbability: Double
    /// Mean queue wait of every arrival, served or abandoned (seconds) = E[queue] / λ.
    public let meanWait: Double
    /// Mean number waiting.
    public let meanQueueLength: Double
    /// Mean busy servers over c.
    public let utilization: Double
    /// The stationary distribution, P(n in system) for n = 0, 1, …
    let distribution: [Double]

    /// Solves the model. `patience` must be positive and finite.
    public init(arrivalRate: Double, serviceTime: Double, servers: Int, patience: Double) {
        self.arrivalRate = arrivalRate
        self.serviceTime = serviceTime
        self.servers = servers
        self.patience = patience
        let mu = 1 / serviceTime
        let theta = 1 / patience
        // log of unnormalised p_n, built up the chain until the tail is negligible.
        var logs: [Double] = [0]
        var n = 0
        var peak = 0.0
        while true {
            n += 1
            let death = Double(min(n, servers)) * mu + Double(max(n - servers, 0)) * theta
            let next = logs[n - 1] + log(arrivalRate / death)
            logs.append(next)
            peak = max(peak, next)
            if n > servers && arrivalRate < death && next - peak < -80 { break }
            if n > 50_000_000 { break }
        }
        var probabilities = logs.map { exp($0 - peak) }
        let total = probabilities.reduce(0, +)
        for index in probabilities.indices { probabilities[index] /= total }
        var queue = 0.0
        var busy = 0.0
        var wait = 0.0
        for (count, p) in probabilities.enumerated() {
            queue += Double(max(count - servers, 0)) * p
            busy += Double(min(count, servers)) * p
            if count >= servers { wait += p }
        }
        distribution = probabilities
        waitProbability = wait
        meanQueueLength = queue
        abandonProbability = theta * queue / arrivalRate
        meanWait = queue / arrivalRate
        utilization = busy / Double(servers)
    }

    /// The most state updates `serviceLevel(within:)` makes (beyond, it returns NaN): a few seconds
    /// of arithmetic, far beyond any contact centre's queue.
    static let maxServiceLevelWork = 2_000_000_000

    /// P(an arrival is served after waiting at most `t` seconds): the service level, counting
    /// abandoned callers as not answered. Exact up to a 1e-12 truncation, by uniformising the
    /// pure-death chain that a waiting caller sees (k callers ahead: the line moves at rate
    /// cμ + kθ; the caller gives up at rate θ).
    public func serviceLevel(within t: Double) -> Double {
        let mu = 1 / serviceTime
        let theta = 1 / patience
        let c = servers
        // arrivals who find a free server are answered at once
        var level = distribution.prefix(c).reduce(0, +)
        guard t > 0 else { return level }
        // the callers-ahead counts that matter
        var maxAhead = 0
        for n in stride(from: distribution.count - 1, through: c, by: -1) where distribution[n] > 1e-15 {
            maxAhead = n - c
            break
        }
        let cmu = Double(c) * mu
        let uniformRate = cmu + Double(maxAhead + 1) * theta
        let mean = uniformRate * t
        // Beyond this many state updates the exact computation would take minutes: refuse (NaN)
        // rather than hang or return a truncated value.
        guard (mean + 40 * mean.squareRoot() + 100) * Double(maxAhead + 1) <= Double(Self.maxServiceLevelWork)
        else {
            return .nan
        }
        // v[k]: P(answered within m uniformised jumps | k ahead); weight by Poisson(m; Λt).
        var v = [Double](repeating: 0, count: maxAhead + 1)
        var answered = [Double](repeating: 0, count: maxAhead + 1)
        var weight = exp(-mean)
        var logWeight = -mean
        var cumulative = 0.0
        var m = 0
        var next = v
        while true {
            // after m jumps
            if weight > 0 { for k in 0...maxAhead { answered[k] += weight * v[k] } }
            cumulative += weight
            if 1 - cumulative < 1e-12 && Double(m) > mean { break }
            if m > Int(mean + 40 * mean.squareRoot() + 100) { break }
            // one more jump
            var change = 0.0
            for k in 0...maxAhead {
                let move = (cmu + Double(k) * theta) / uniformRate
                let stay = 1 - move - theta / uniformRate
                let ahead = k == 0 ? 1.0 : v[k - 1]
                next[k] = move * ahead + stay * v[k]
                change = max(change, next[k] - v[k])
            }
            swap(&v, &next)
            // Once more jumps no longer change v (to within rounding), every later Poisson term
            // adds its weight times v: add the rest of the mass at once. This keeps a long answer
            // time (many expected jumps) as cheap as a short one.
            if change <= 4e-16 {
                for k in 0...maxAhead { answered[k] += (1 - cumulative) * v[k] }
                break
            }
            m += 1
            logWeight += log(mean) - log(Double(m))
            weight = exp(logWeight)
        }
        for k in 0...maxAhead where c + k < distribution.count {
            level += distribution[c + k] * answered[k]
        }
        return level
    }
}
