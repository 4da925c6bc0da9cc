import Foundation
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

/// The city model on a real scenario: accounting of every case and contact, lifecycle order,
/// determinism, common random numbers, overdispersed demand, shocks (issue 4).
@Suite("City model", .tags(.slow))
struct CityModelTests {
    /// The small validation city, loaded.
    static func smallCity() throws -> LoadedScenario {
        try ScenarioLoader.load(path: TestSupport.path("scenarios/validation/small-city.yaml"))
    }

    /// Runs `policies` (all by default) of a loaded city for `replications` replications.
    static func run(
        _ loaded: LoadedScenario, policies: [String]? = nil, replications: Int, threads: Int = 2,
        adjust: (inout Scenario) -> Void = { _ in }
    ) -> ExperimentResult {
        var chosen = loaded.policies.filter { policies?.contains($0.name) ?? true }
        for index in chosen.indices { adjust(&chosen[index].scenario) }
        var base = loaded.scenario
        adjust(&base)
        let plan = ExperimentPlan(
            scenario: base, policies: chosen, replications: replications, seed: loaded.scenario.seed,
            threads: threads)
        return Experiment.run(plan)
    }

    @Test("every case is accounted for: created = closed + dropped + open, per case type, in every policy")
    func caseAccounting() throws {
        let result = Self.run(try Self.smallCity(), replications: 2)
        #expect(result.runs.count == 12)
        for run in result.runs {
            let city = try #require(run.city)
            let tally = city.tally
            for type in city.caseTypes.indices {
                let open = tally.open[type].reduce(0, +)
                #expect(
                    tally.created[type] == tally.closed[type] + tally.dropped[type] + open,
                    "\(run.policy) \(city.caseTypes[type])")
            }
            #expect(city.created > 3_000)
            // Duplicate reports are contacts, not cases: the command centre merges them.
            #expect(tally.duplicateReports > 50)
            #expect(tally.duplicatesMerged <= tally.duplicateReports)
            #expect(tally.duplicatesMerged >= tally.duplicateReports * 8 / 10)
            #expect(city.closed > city.created * 9 / 10)
            // Emergencies go straight to the command centre: they are never unreported.
            let emergency = try #require(city.caseTypes.firstIndex(of: "emergency"))
            #expect(tally.open[emergency][0] == 0)
        }
    }

    @Test("no case skips a stage it must pass, and stage times are in lifecycle order")
    func lifecycleOrder() throws {
        let result = Self.run(try Self.smallCity(), replications: 2)
        for run in result.runs {
            let city = try #require(run.city)
            #expect(city.tally.auditFailures == 0, "\(run.policy)")
            #expect(city.closed > 0)
        }
        // The audit itself rejects disorder and a skipped stage.
        var record = CaseRecord(id: 1, type: 0, resident: 0, cell: 0, created: 10)
        record.reported = 20
        record.registered = 30
        record.dispatched = 40
        record.handled = 50
        record.closed = 60
        #expect(CityAccounting.audit(record, kind: .appeal, verification: false))
        #expect(!CityAccounting.audit(record, kind: .appeal, verification: true))  // not verified
        var skipped = record
        skipped.dispatched = -1
        #expect(!CityAccounting.audit(skipped, kind: .appeal, verification: false))
        var disordered = record
        disordered.handled = 35
        #expect(!CityAccounting.audit(disordered, kind: .appeal, verification: false))
    }

    @Test("every contact is served, abandoned, turned away or still there at the end")
    func contactAccounting() throws {
        let result = Self.run(try Self.smallCity(), replications: 2)
        for run in result.runs {
            for row in run.staffedRows {
                let s = row.statistics
                #expect(
                    s.arrivals == s.served + s.abandoned + s.turnedAway + s.waitingAtEnd + s.inServiceAtEnd,
                    "\(run.policy) \(row.name)")
            }
            // Residents' contacts reach the front office: one channel arrival per contact made
            // (contacts made in the last window before the horizon may still be on their way).
            let city = try #require(run.city)
            let arrivals = run.channels.reduce(0) { $0 + $1.statistics.arrivals }
            #expect(arrivals <= city.tally.contacts - city.tally.autoApproved)
            #expect(arrivals >= city.tally.contacts - city.tally.autoApproved - 20)
        }
    }

    @Test("a city run is byte-identical for 1, 2 and 4 threads")
    func threadsDoNotMatter() throws {
        let file = TestSupport.path("scenarios/validation/small-city.yaml")
        var outputs: [[String: String]] = []
        for threads in [1, 2, 4] {
            let out = TestSupport.freshPath()
            let run = try Govload.run([
                "run", file, "--out", out, "--quiet", "--replications", "2", "--threads", String(threads),
                "--horizon", "5d", "--policy", "baseline", "--policy", "integrated",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            var files: [String: String] = [:]
            for name in ResultWriter.csvFiles {
                files[name] = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            }
            outputs.append(files)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        #expect(outputs[0]["summary.csv"]?.contains(",integrated,") == true)
    }

    @Test("a policy that changes nothing gives the baseline's results, byte for byte")
    func emptyOverlay() throws {
        let text = try String(
            contentsOfFile: TestSupport.path("scenarios/validation/small-city.yaml"), encoding: .utf8)
        let file = try TestSupport.writeTemporary(
            text.replacingOccurrences(
                of: "policies:\n", with: "policies:\n  same-again: {description: an empty overlay}\n"))
        // The districts file path is inline in small-city, so the copy runs anywhere.
        let a = TestSupport.freshPath()
        let b = TestSupport.freshPath()
        #expect(
            try Govload.run(["run", file, "--out", a, "--quiet", "--policy", "baseline", "--horizon", "5d"])
                .status == 0)
        #expect(
            try Govload.run([
                "run", file, "--out", b, "--quiet", "--policy", "same-again", "--baseline", "same-again",
                "--horizon", "5d",
            ]).status == 0)
        for name in ["summary.csv", "channels.csv", "timeseries.csv"] {
            let x = try String(contentsOfFile: a + "/" + name, encoding: .utf8)
            let y = try String(contentsOfFile: b + "/" + name, encoding: .utf8)
            #expect(PolicyTests.rows(x, dropping: 1) == PolicyTests.rows(y, dropping: 1), "\(name)")
        }
    }

    @Test("daily demand is overdispersed when the scenario says so, and Poisson when it does not")
    func overdispersion() throws {
        let loaded = try Self.smallCity()
        func dispersionIndex(_ cv: Double) throws -> Double {
            let result = Self.run(loaded, policies: ["baseline"], replications: 1) { scenario in
                scenario.horizon = 70 * SimClock.day
                scenario.reportInterval = SimClock.day
                for index in scenario.city!.caseTypes.indices {
                    scenario.city!.caseTypes[index].dispersion = cv
                    scenario.city!.caseTypes[index].daily = Array(repeating: 1, count: 7)
                }
            }
            let city = try #require(result.runs.first?.city)
            let created = city.samples.map { $0.reduce(0) { $0 + $1.created } }
            let daily = zip(created.dropFirst(), created).map { Double($0 - $1) }.dropFirst(3)
            let mean = daily.reduce(0, +) / Double(daily.count)
            let variance = daily.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(daily.count - 1)
            return variance / mean
        }
        let poisson = try dispersionIndex(0)
        let bursty = try dispersionIndex(0.3)
        // Poisson counts have variance/mean 1 (repeat reports and retries add a little).
        #expect(poisson < 2.5, "Poisson-like demand: index \(poisson)")
        // A gamma factor of cv 0.3 per case type and day adds 0.09 × Σλ²/Σλ to the index: with
        // service 169, appeals 69, disputes 17 and hazards 43 a day, 0.09 × 119 ≈ 10.7, so the
        // index is about 11.7. Its estimate from 67 days has a relative spread of about 0.2 (one
        // gamma series dominates), so 4 is more than 3.5 spreads below it and far above Poisson.
        #expect(bursty > 4, "overdispersed demand: index \(bursty)")
    }

    @Test("a typhoon raises emergencies and the backlog, and the backlog drains afterwards")
    func typhoon() throws {
        let loaded = try Self.smallCity()
        let storm = ShockSpec(
            name: "storm", kind: .typhoon, start: 6 * SimClock.day, duration: 30 * SimClock.hour,
            ramp: 6 * SimClock.hour, warning: 2 * SimClock.day, demand: ["appeal": 3, "emergency": 20],
            hazardFactor: 8, burstHazards: 400, burstEmergencies: 100, escalationShare: 0.33,
            channels: ["hall": 0, "center": 0], gridDiversion: 0.5)
        let calm = Self.run(loaded, policies: ["baseline"], replications: 3)
        let stormy = Self.run(loaded, policies: ["baseline"], replications: 3) { scenario in
            scenario.city!.shocks = [storm]
        }
        for (a, b) in zip(calm.runs, stormy.runs) {
            let x = try #require(a.city)
            let y = try #require(b.city)
            #expect(y.tally.escalations > x.tally.escalations)
            #expect(y.peakBacklog > x.peakBacklog + 100)
            #expect(y.tally.shockEmergencies >= 100)
            let drain = try #require(y.drainHours)
            #expect(drain >= 0 && drain <= (14 - 6) * 24)
            #expect(x.drainHours == nil)
        }
        // Halls are closed during the storm: nobody is served there then.
        let hall = try #require(stormy.runs[0].channels.first { $0.name == "hall" })
        let during = hall.samples.filter { $0.time > storm.start && $0.time <= storm.start + storm.duration }
        #expect(!during.isEmpty && during.allSatisfy { $0.onDuty == 0 })
    }

    @Test("--scale shrinks the city proportionally, and its staff sized for the whole city")
    func scale() throws {
        let loaded = try ScenarioLoader.load(path: TestSupport.path("scenarios/shenzhen-baseline.yaml"))
        var model = try #require(loaded.scenario.city)
        model.layout.scale = 0.01
        let city = City(model)
        #expect(abs(city.residentCount - 175_600) < 50)
        #expect(city.districts.count == 11)
        #expect(city.partitions.count == 16 || city.partitions.count == city.streetCount)
        // Every cell belongs to exactly one partition and partitions tile the residents.
        var next = 0
        for partition in city.partitions {
            #expect(partition.residents.lowerBound == next)
            next = partition.residents.upperBound
        }
        #expect(next == city.residentCount)
        model.layout.scale = 1
        let full = City(model)
        // Every district's census figure, to the person (the five unconfirmed district figures
        // add up to 4,385 more than the city's census total of 17,560,061: seeds/README.md).
        #expect(full.residentCount == model.districts.reduce(0) { $0 + $1.residents })
        #expect(abs(full.residentCount - 17_560_061) < 5_000)
        #expect((12_000...18_000).contains(full.cellCount))
    }

    @Test("--cases writes every case once, with ordered stage times, matching summary.csv")
    func casesFile() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/small-city.yaml"), "--out", out,
            "--cases",
            "--replications", "2", "--policy", "baseline", "--policy", "full-cycle", "--horizon", "6d",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("{summary,channels,timeseries,comparison,runs,cases}.csv, manifest.json"))
        #expect(RunSummaryTable.duration(42.4) == "0:00:42" && RunSummaryTable.duration(185) == "0:03:05")
        #expect(RunSummaryTable.duration(3_725) == "1:02:05")
        let cases = try CSVTable(out, "cases.csv")
        #expect(cases.columns == CaseLog.columns)
        var counts: [String: [String: Int]] = [:]
        var ids = Set<String>()
        for row in cases.rows {
            let key = "\(cases.value(row, "policy")),\(cases.value(row, "replication"))"
            counts[key, default: [:]][cases.value(row, "status"), default: 0] += 1
            #expect(ids.insert(key + "," + cases.value(row, "case_id")).inserted, "a case written twice")
            let times = [
                "created_h", "reported_h", "registered_h", "dispatched_h", "handled_h", "verified_h",
                "closed_h",
            ]
            .compactMap { Double(cases.value(row, $0)) }
            #expect(times == times.sorted(), "stage times out of order: \(row)")
        }
        let summary = try CSVTable(out, "summary.csv")
        func value(_ row: [String], _ name: String) -> Int { Int(summary.value(row, name)) ?? -1 }
        #expect(summary.rows.count == 4)
        for row in summary.rows {
            let key = "\(summary.value(row, "policy")),\(summary.value(row, "replication"))"
            let tally = counts[key] ?? [:]
            #expect(tally.values.reduce(0, +) == value(row, "cases_created"), "\(key)")
            #expect(tally["closed", default: 0] == value(row, "cases_closed"))
            #expect(tally["dropped", default: 0] == value(row, "cases_dropped"))
            #expect(tally["open", default: 0] == value(row, "cases_open"))
        }
        // No part file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "\(left)")
    }
}
