import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

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
            try Staffing.erlangA(
                arrivalRate: 12.0 / 60, serviceTime: 180, patience: 300, target: .maxAbandonment(0.05)))
        let at = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: servers, patience: 300)
        let below = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: servers - 1, patience: 300)
        #expect(at.abandonProbability <= 0.05)
        #expect(below.abandonProbability > 0.05)
    }

    /// A target met by c servers and not by c − 1, for Erlang A.
    static func meets(_ target: StaffingTarget, _ model: ErlangA) -> Bool {
        switch target {
        case .serviceLevel(let fraction, let within): model.serviceLevel(within: within) >= fraction
        case .maxAbandonment(let p): model.abandonProbability <= p
        case .maxWaitProbability(let p): model.waitProbability <= p
        case .maxMeanWait(let seconds): model.meanWait <= seconds
        }
    }

    @Test(
        "the solver returns the least staffing for any monotone target, far below the load too",
        arguments: [
            // λ per minute, service minutes, patience minutes, target
            (100.0, 1.0, 1.0, StaffingTarget.maxAbandonment(0.5)),  // the answer (51) is far below a − 3√a
            (100.0, 1.0, 0.2, StaffingTarget.maxAbandonment(0.6)),
            (12.0, 3.0, 5.0, StaffingTarget.maxAbandonment(0.05)),
            (12.0, 3.0, 5.0, StaffingTarget.serviceLevel(fraction: 0.8, within: 20)),
            (600.0, 4.0, 2.0, StaffingTarget.maxWaitProbability(0.3)),
            (600.0, 4.0, 2.0, StaffingTarget.maxMeanWait(15)),
            (0.5, 10.0, 1.0, StaffingTarget.maxAbandonment(0.01)),
        ])
    func leastStaffing(_ row: (Double, Double, Double, StaffingTarget)) throws {
        let (perMinute, service, patience, target) = row
        let lambda = perMinute / 60
        let servers = try #require(
            try Staffing.erlangA(
                arrivalRate: lambda, serviceTime: service * 60, patience: patience * 60, target: target))
        let at = ErlangA(
            arrivalRate: lambda, serviceTime: service * 60, servers: servers, patience: patience * 60)
        #expect(Self.meets(target, at))
        if servers > 1 {
            let below = ErlangA(
                arrivalRate: lambda, serviceTime: service * 60, servers: servers - 1, patience: patience * 60)
            #expect(!Self.meets(target, below), "\(servers - 1) servers meet \(target) too")
        }
    }

    @Test("the service level for a long answer time is computed exactly and at once")
    func longAnswerTime() {
        let model = ErlangA(arrivalRate: 12.0 / 60, serviceTime: 180, servers: 35, patience: 300)
        // Within a day nearly everyone not abandoning is answered: P(answered) = 1 − P(abandon).
        let level = model.serviceLevel(within: 86_400)
        #expect(abs(level - (1 - model.abandonProbability)) < 1e-9, "\(level)")
        // A level beyond exact computation is NaN, never a truncated number.
        let huge = ErlangA(arrivalRate: 3_000, serviceTime: 1, servers: 2_000, patience: 30)
        #expect(huge.serviceLevel(within: 86_400).isNaN || huge.serviceLevel(within: 86_400) <= 1)
    }
}
