import Testing

@testable import GovLoad

/// The Erlang formulas against published values (FACTS.md, "Queueing references").
@Suite("Erlang formulas")
struct ErlangTests {
    /// Ciw's bank tutorial: λ = 0.2/min, μ = 0.1/min.
    @Test("Ciw bank example, 3 and 4 servers")
    func ciwBank() {
        let three = ErlangC(arrivalRate: 0.2 / 60, serviceTime: 600, servers: 3)
        #expect(abs(three.waitProbability - 4.0 / 9.0) < 1e-12)
        #expect(abs(three.meanWait / 60 - 4.444) < 0.001)
        let four = ErlangC(arrivalRate: 0.2 / 60, serviceTime: 600, servers: 4)
        #expect(abs(four.waitProbability - 4.0 / 23.0) < 1e-12)
        #expect(abs(four.meanWait / 60 - 0.8696) < 0.0001)
    }

    /// The 911 note: c = 2, 30 calls/h, 60 s calls ⇒ P(wait > 10 s) = 0.0779.
    @Test("911 note: P(wait > 10 s) with two call-takers")
    func nineOneOne() {
        let model = ErlangC(arrivalRate: 30.0 / 3600, serviceTime: 60, servers: 2)
        #expect(abs((1 - model.serviceLevel(within: 10)) - 0.0779) < 0.00005)
    }

    /// The classic Erlang B table: 17 erlangs need 27 lines for blocking below 1 %.
    @Test("Erlang B: 17 erlangs need 27 lines for < 1 % blocking")
    func erlangBTable() {
        #expect(Erlang.blocking(servers: 26, load: 17) > 0.01)
        #expect(Erlang.blocking(servers: 27, load: 17) < 0.01)
    }

    /// The peers' reference workload (shared/peers/README.md): λ = 10/min, 3 min, c = 35.
    @Test("peers' mmc workload: P(wait) 0.28458, mean wait 0.17075 min")
    func peersWorkload() {
        let model = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: 35)
        #expect(abs(model.waitProbability - 0.28458) < 0.000005)
        #expect(abs(model.meanWait / 60 - 0.17075) < 0.000005)
    }

    /// Erlang A tends to Erlang C as patience grows without bound.
    @Test("Erlang A converges to Erlang C for very patient callers")
    func erlangALimit() {
        let c = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: 35)
        let a = ErlangA(arrivalRate: 10.0 / 60, serviceTime: 180, servers: 35, patience: 1e9)
        #expect(abs(a.waitProbability - c.waitProbability) < 1e-6)
        #expect(abs(a.meanWait - c.meanWait) < 1e-3)
        #expect(abs(a.serviceLevel(within: 20) - c.serviceLevel(within: 20)) < 1e-6)
    }

    /// Erlang A on the peers' mmcm workload, against values from `shared/peers/erlang.py`
    /// (mpmath, 40 digits): λ = 12/min, 3 min, c = 35, mean patience 5 min.
    @Test("Erlang A: peers' mmcm workload")
    func erlangAWorkload() {
        let model = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: 35, patience: 300)
        #expect(abs(model.waitProbability - 0.6558907452540256) < 1e-9)
        #expect(abs(model.abandonProbability - 0.07215150544940589) < 1e-9)
        #expect(abs(model.meanWait / 60 - 0.3607575272470294) < 1e-9)
    }

    /// The service level of Erlang A is a probability that rises with the answer time, and the
    /// answered share tends to 1 − P(abandon).
    @Test("Erlang A service level is monotone and tends to 1 − P(abandon)")
    func erlangAServiceLevel() {
        let model = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: 35, patience: 300)
        var previous = 0.0
        for t in [0.0, 10, 20, 60, 120, 600] {
            let level = model.serviceLevel(within: t)
            #expect(level >= previous - 1e-12)
            previous = level
        }
        #expect(abs(model.serviceLevel(within: 20_000) - (1 - model.abandonProbability)) < 1e-6)
    }

    @Test("staffing solver: the fewest agents for 80 % within 20 s")
    func staffingServiceLevel() throws {
        let servers = try #require(
            Staffing.erlangC(
                arrivalRate: 10.0 / 60, serviceTime: 180,
                target: .serviceLevel(fraction: 0.8, within: 20)))
        let at = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: servers)
        let below = ErlangC(arrivalRate: 10.0 / 60, serviceTime: 180, servers: servers - 1)
        #expect(at.serviceLevel(within: 20) >= 0.8)
        #expect(below.serviceLevel(within: 20) < 0.8)
        #expect(servers == 35)
    }

    @Test("staffing solver: Erlang A abandonment target")
    func staffingAbandonment() throws {
        let servers = try #require(
            Staffing.erlangA(
                arrivalRate: 12.0 / 60, serviceTime: 180, patience: 300, target: .maxAbandonment(0.05)))
        let at = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: servers, patience: 300)
        let below = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: servers - 1, patience: 300)
        #expect(at.abandonProbability <= 0.05)
        #expect(below.abandonProbability > 0.05)
    }
}
