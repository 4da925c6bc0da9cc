import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport
import GovLoadTestSupport
import Testing

/// Dated shifts, the shift planner, the interval tally and `govload staff` end to end.
@Suite("Staffing by simulation")
struct StaffingTests {
    @Test("dated shifts add to the weekly schedule, change when they say, and count their hours")
    func datedShifts() {
        let schedule = ShiftSchedule(
            shifts: [ShiftSchedule.Shift(days: Set(0..<7), start: 0, end: 0, servers: 5)],
            dated: [
                ShiftSchedule.DatedShift(start: 30 * 3_600, end: 48 * 3_600, servers: 20),
                ShiftSchedule.DatedShift(start: 40 * 3_600, end: 44 * 3_600, servers: 3),
            ])
        #expect(schedule.servers(at: 29 * 3_600) == 5)
        #expect(schedule.servers(at: 30 * 3_600) == 25)
        #expect(schedule.servers(at: 41 * 3_600) == 28)
        #expect(schedule.servers(at: 48 * 3_600) == 5)
        #expect(schedule.servers(at: 30 * 3_600 + SimClock.week) == 5)
        #expect(schedule.nextChange(after: 0) == 30 * 3_600)
        #expect(schedule.nextChange(after: 44 * 3_600) == 48 * 3_600)
        #expect(schedule.nextChange(after: 48 * 3_600) == .infinity)  // the weekly part is constant
        #expect(!schedule.isConstant && schedule.peak == 28)
        let hours = schedule.staffSeconds(from: 0, to: 3 * SimClock.day) / 3_600
        let expected: Double = 5 * 72 + 20 * 18 + 3 * 4
        #expect(hours == expected)
        // Scaled with the city, both parts follow.
        #expect(schedule.scaled(by: 2).servers(at: 41 * 3_600) == 56)
    }

    @Test("dated shifts in a scenario file; a child's schedule replaces the parent's servers")
    func datedShiftsInFiles() throws {
        let folder = TestSupport.temporaryFolder()
        let parent = """
            name: parent
            horizon: 3d
            channels:
              hotline:
                kind: hotline
                servers: 5
                service_time: {dist: exponential, mean: 3m}
                external_arrivals: {rate: 1/min}

            """
        try parent.write(toFile: folder + "/parent.yaml", atomically: true, encoding: .utf8)
        let child = """
            extends: parent.yaml
            channels:
              hotline:
                schedule:
                  - {days: all, from: "00:00", to: "24:00", servers: 4}
                  - {from: "1d 06:00", to: "2d 00:00", servers: 20}

            """
        try child.write(toFile: folder + "/child.yaml", atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: folder + "/child.yaml")
        let schedule = loaded.scenario.channels[0].schedule
        #expect(schedule.servers(at: 3_600) == 4 && schedule.servers(at: 31 * 3_600) == 24)
        let backwards = child.replacingOccurrences(of: "\"2d 00:00\"", with: "\"1d 05:00\"")
        try backwards.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        #expect {
            try ScenarioLoader.load(path: folder + "/bad.yaml")
        } throws: { error in
            (error as? InputError)?.description.contains(
                "bad.yaml:6:32: a dated shift must end after it starts (from 1d 06:00 to 1d 05:00)") == true
        }
        let weekly = child.replacingOccurrences(of: "\"1d 06:00\"", with: "\"06:00\"")
        try weekly.write(toFile: folder + "/weekly.yaml", atomically: true, encoding: .utf8)
        #expect {
            try ScenarioLoader.load(path: folder + "/weekly.yaml")
        } throws: { error in
            (error as? InputError)?.description.contains(
                "weekly.yaml:6:9: a shift of channel 'hotline' needs 'days'")
                == true
        }
    }

    @Test("shifts at least cost: an exact cover where one exists, breaks respected, limits enforced")
    func shiftPlanner() throws {
        // Two 4-interval shifts tile 8 intervals of 3 exactly: 24 paid intervals.
        let flat = try ShiftPlanner.solve(.init(requirement: Array(repeating: 3, count: 8), lengths: [4]))
        #expect(flat.paidIntervals == 24 && flat.optimal && flat.onDuty == Array(repeating: 3, count: 8))
        // A peak: 2 everywhere, 5 in intervals 4–7. Lengths 4 and 8: 2×8 + 3×4 = 28 intervals.
        let peak = [2, 2, 2, 2, 5, 5, 5, 5, 2, 2, 2, 2]
        let plan = try ShiftPlanner.solve(.init(requirement: peak, lengths: [4, 8]))
        #expect(plan.paidIntervals == 2 * 12 + 3 * 4)
        #expect(zip(plan.onDuty, peak).allSatisfy { $0 >= $1 })
        // An 8-interval shift with a 1-interval break covers 7 and is paid for 7.
        let withBreak = try ShiftPlanner.solve(
            .init(requirement: [1, 1, 1, 0, 1, 1, 1, 1], lengths: [8], breakAfter: 8, breakLength: 1))
        #expect(withBreak.paidIntervals == 7 && withBreak.shifts.count == 1)
        #expect(withBreak.shifts[0].breakStart == 3)
        #expect(throws: ShiftPlanner.Failure.infeasible(interval: 4)) {
            try ShiftPlanner.solve(.init(requirement: peak, lengths: [4], maxOnDuty: 4))
        }
    }

    @Test("the tally lays each call's service over the intervals from its arrival")
    func tally() {
        let tally = IntervalTally(length: 3_600, horizon: 3 * 3_600, thresholds: [20])
        tally.arrive(at: 1_800, serviceTime: 5_400)  // half an hour in the first, an hour in the second
        tally.started(arrival: 1_800, wait: 10)
        tally.arrive(at: 4_000, serviceTime: 100)
        tally.gaveUp(arrival: 4_000, wait: 60)
        let bins = tally.bins
        #expect(bins.offeredSeconds == [1_800, 3_700, 0])
        #expect(bins.arrivals == [1, 1, 0] && bins.answeredWithin[0] == [1, 0, 0])
        #expect(bins.abandoned == [0, 1, 0] && bins.waited == [1, 1, 0])
    }

    @Test(
        "govload staff on a time-varying hotline: every interval meets the target on fresh replications, with fewer staff-hours than pointwise Erlang C",
        .tags(.slow))
    func sinusoid() throws {
        let folder = TestSupport.temporaryFolder() + "/staff"
        let result = try Govload.run([
            "staff", "scenarios/validation/isa-sinusoid.yaml", "--target", "hotline: 80%@60s", "-o", folder,
            "--verify-replications", "30", "-j", "2",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("reached a fixed point"))
        let verification = try CSVTable(folder, "verification.csv")
        let plan = verification.rows(where: "staffing", is: "plan").filter {
            (Double(verification.value($0, "start_h")) ?? 0) >= 24
        }
        #expect(plan.count == 72)
        let missed = plan.filter { verification.value($0, "met") != "true" }
        #expect(missed.isEmpty, "\(missed)")
        // The scenario's flat 60 agents miss most of the day's peak.
        let own = verification.rows(where: "staffing", is: "scenario").filter {
            verification.value($0, "met") == "false"
        }
        #expect(own.count > 20)
        let staffing = try CSVTable(folder, "staffing.csv")
        let required = staffing.column("required").compactMap(Int.init).reduce(0, +)
        let scheduled = staffing.column("servers").compactMap(Int.init).reduce(0, +)
        let pointwise = staffing.column("pointwise_erlang_c").compactMap(Int.init).reduce(0, +)
        #expect(staffing.rows.count == 96 && scheduled >= required)
        #expect(required < pointwise, "ISA \(required) vs pointwise Erlang C \(pointwise)")
        // The offered load measured is the infinite-server queue's mean number in service, known
        // exactly for Poisson arrivals and exponential service (Eick, Massey & Whitt 1993):
        // dm/dt = λ(t) − μm from an empty start, averaged over each hour of constant λ.
        let measured = staffing.column("offered_load").compactMap(Double.init)
        let errors = zip(measured, Self.exactOfferedLoad(hours: 96)).map { abs($0 - $1) / $1 }
        #expect(errors.count == 96)
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.03 && (errors.max() ?? 1) < 0.1, "\(errors)")
        let shifts = try CSVTable(folder, "shifts.csv")
        let paid = shifts.column("paid_hours").compactMap(Double.init).reduce(0, +)
        #expect(abs(paid - Double(scheduled)) < 1e-6)

        // The plan as a scenario: valid, runnable, and staffing it again changes the plan little.
        let staffed = folder + "/staffed.yaml"
        #expect(try Govload.run(["validate", staffed]).status == 0)
        let again = TestSupport.temporaryFolder() + "/again"
        let second = try Govload.run([
            "staff", staffed, "--target", "hotline: 80%@60s", "-o", again, "-q", "-j", "1",
        ])
        try #require(second.status == 0, "\(second.stderr)")
        let replanned = try CSVTable(again, "staffing.csv").column("required").compactMap(Int.init)
        let first = staffing.column("required").compactMap(Int.init)
        #expect(zip(first, replanned).map { abs($0 - $1) }.max() ?? 99 <= 1)
        // The same files for one thread as for two.
        let serial = TestSupport.temporaryFolder() + "/serial"
        let once = try Govload.run([
            "staff", "scenarios/validation/isa-sinusoid.yaml", "--target", "hotline: 80%@60s", "-o", serial,
            "--verify-replications", "30", "-j", "1", "-q",
        ])
        try #require(once.status == 0, "\(once.stderr)")
        for name in ["staffing.csv", "shifts.csv", "verification.csv", "staffed.yaml"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: serial + "/" + name))
            #expect(a == b, "\(name) differs between 2 threads and 1")
        }
    }

    @Test(
        "the iterative staffing algorithm makes the probability of delay time-stable (Feldman et al. 2008)",
        .tags(.slow))
    func timeStableDelay() throws {
        let folder = TestSupport.temporaryFolder() + "/pwait"
        let result = try Govload.run([
            "staff", "scenarios/validation/isa-sinusoid.yaml", "--target", "hotline: pwait<=50%", "-o",
            folder,
            "--verify-replications", "30", "-q",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let verification = try CSVTable(folder, "verification.csv")
        func levels(_ staffing: String) -> [Double] {
            verification.rows(where: "staffing", is: staffing).filter {
                (Double(verification.value($0, "start_h")) ?? 0) >= 24
            }.compactMap { Double(verification.value($0, "service_level")) }
        }
        let plan = levels("plan")
        let own = levels("scenario")
        #expect(plan.count == 72 && own.count == 72)
        func spread(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
        // Under the plan P(wait) stays near the target hour after hour; under flat staffing it
        // swings from nobody waiting to everybody.
        #expect(spread(plan) < 0.1 && spread(own) > 0.3, "plan \(spread(plan)), flat \(spread(own))")
        #expect(
            verification.rows(where: "staffing", is: "plan").allSatisfy {
                verification.value($0, "met") == "true"
            })
    }

    /// The hourly mean of m(t) for isa-sinusoid.yaml: 120 calls an hour × its hourly factors,
    /// 30-minute calls (μ = 2 an hour), from an empty system at time 0.
    static func exactOfferedLoad(hours: Int) -> [Double] {
        let factors = [
            0.524, 0.446, 0.405, 0.405, 0.446, 0.524, 0.635, 0.77, 0.922, 1.078, 1.23, 1.365, 1.476, 1.554,
            1.595, 1.595, 1.554, 1.476, 1.365, 1.23, 1.078, 0.922, 0.77, 0.635,
        ]
        let mu = 2.0
        var m = 0.0
        var means: [Double] = []
        for hour in 0..<hours {
            let level = 120 * factors[hour % 24] / mu
            means.append(level + (m - level) * (1 - exp(-mu)) / mu)
            m = level + (m - level) * exp(-mu)
        }
        return means
    }

    @Test("in a city: staffed.yaml keeps the surge rules of queues not planned, and runs", .tags(.slow))
    func cityPlan() throws {
        let folder = TestSupport.temporaryFolder()
        let child = """
            extends: \(TestSupport.path("scenarios/validation/small-city.yaml"))
            horizon: 5d
            replications: 2
            surge:
              - {target: hotline, reserve: 10, wait_above: 2m, activation_delay: 1h, max_duration: 1d, cost_per_hour: 90}
              - {target: urban_management, reserve: 5, wait_above: 1h, activation_delay: 2h, max_duration: 1d, cost_per_hour: 60}

            """
        try child.write(toFile: folder + "/city.yaml", atomically: true, encoding: .utf8)
        let out = folder + "/plan"
        let result = try Govload.run([
            "staff", folder + "/city.yaml", "--target", "hotline: 80%@20s", "--target",
            "command_centre: wait<=5m",
            "-o", out, "-q", "--max-corrections", "1",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let staffed = try String(contentsOfFile: out + "/staffed.yaml", encoding: .utf8)
        #expect(staffed.contains("command_centre:\n  schedule:\n    - {from: \"0d 00:00\""))
        #expect(staffed.contains("surge:") && staffed.contains("{target: urban_management, reserve: 5"))
        #expect(!staffed.contains("target: hotline"))
        let run = try Govload.run([
            "run", out + "/staffed.yaml", "-o", folder + "/run", "-q", "-p", "baseline",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let staffing = try CSVTable(out, "staffing.csv")
        #expect(
            Set(staffing.column("channel")) == ["hotline", "command_centre"] && staffing.rows.count == 2 * 120
        )
    }

    @Test("bad targets and shift rules: one located error each, exit 2, nothing written")
    func badTargets() throws {
        let cases: [([String], String)] = [
            (["--target", "hotlin: 80%@20s"], "has no queue 'hotlin' (did you mean 'hotline'?)"),
            (["--target", "hotline 80%@20s"], "--target: must be QUEUE: TARGET"),
            (["--target", "hotline: 80%"], "'80%' is not a target"),
            (["--target", "hotline: 100%@20s"], "cannot be met"),
            ([], "--target: staff needs at least one"),
            (
                ["--target", "hotline: 80%@20s", "--shift-lengths", "90m", "--interval", "1h"],
                "is not a whole number"
            ),
        ]
        for (arguments, message) in cases {
            let folder = TestSupport.temporaryFolder() + "/bad"
            let result = try Govload.run(
                ["staff", "scenarios/validation/isa-sinusoid.yaml", "-o", folder] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
    }
}
