import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoadAnalysis
@testable import GovLoadExperiment
@testable import GovLoadOutput
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// `govload calibrate`: targets read with located errors, rows and loss computed right, the
/// simplex finding known minima inside its box, and the command end to end.
@Suite("Calibration")
struct CalibrationTests {
    static let target = CalibrationTarget(
        name: "t", metric: "contacts_per_day", value: 200, tolerance: 0.2, source: "s", quality: .stated)

    @Test("a row is within when its mean is within the relative tolerance, and says why it misses")
    func rowWithin() {
        let inside = CalibrationRow(target: Self.target, values: [230, 250])  // mean 240, +20 %
        #expect(inside.within)
        #expect(abs((inside.ratio ?? 0) - 1.2) < 1e-12)
        #expect(inside.note.isEmpty)
        let outside = CalibrationRow(target: Self.target, values: [150, 158])  // mean 154, −23 %
        #expect(!outside.within)
        #expect(outside.note == "miss unexplained")
        var explained = Self.target
        explained.missing = "consultations"
        #expect(CalibrationRow(target: explained, values: [1]).note == "mechanism missing: consultations")
        let empty = CalibrationRow(target: Self.target, values: [])
        #expect(!empty.within && empty.simulated == nil && empty.ratio == nil)
        // Two replications: the 95 % interval is mean ± t(0.975; 1) · s/√2 = 240 ± 12.706 · 10.
        #expect(abs((inside.simulated?.halfWidth ?? 0) - 127.062) < 0.01)
    }

    @Test("the loss is the weighted mean squared relative error, capped per target")
    func loss() {
        var heavy = Self.target
        heavy.weight = 3
        let rows = [
            CalibrationRow(target: Self.target, values: [220]),  // +10 %: 0.01
            CalibrationRow(target: heavy, values: [100]),  // −50 %: 0.25, weight 3
            CalibrationRow(target: Self.target, values: [1e9]),  // capped at 100
        ]
        #expect(abs(CalibrationLoss.value(rows) - (0.01 + 0.75 + 100) / 5) < 1e-12)
        #expect(
            CalibrationLoss.value([CalibrationRow(target: Self.target, values: [])]) == CalibrationLoss.cap)
    }

    @Test("the simplex finds the minimum of a bowl inside its box, and stops at a minimum on the edge")
    func simplex() {
        let search = SimplexSearch(
            bounds: [.init(low: 0, high: 10), .init(low: -5, high: 5)], maxEvaluations: 400, tolerance: 1e-6)
        var calls = 0
        let inside = search.minimise(from: [5, 0]) { x in
            calls += 1
            return (x[0] - 3) * (x[0] - 3) + 10 * (x[1] + 1.5) * (x[1] + 1.5)
        }
        #expect(abs(inside.point[0] - 3) < 1e-3 && abs(inside.point[1] + 1.5) < 1e-3)
        #expect(inside.converged && inside.evaluations == calls && calls <= 400)
        // The unconstrained minimum (x = 20) lies outside: the search ends at the bound.
        let edge = SimplexSearch(bounds: [.init(low: 0, high: 10)], maxEvaluations: 200).minimise(from: [5]) {
            ($0[0] - 20) * ($0[0] - 20)
        }
        #expect(edge.point[0] <= 10 && edge.point[0] > 9.99)
        // The budget is a hard limit.
        let short = SimplexSearch(bounds: [.init(low: 0, high: 1)], maxEvaluations: 3).minimise(from: [0.5]) {
            $0[0]
        }
        #expect(short.evaluations == 3 && !short.converged)
    }

    @Test(
        "--fit reads PATH=LO..HI with a shared unit, and names what is wrong",
        arguments: [
            ("grid.patrol_detection=0.2..4/d", "grid.patrol_detection", 0.2, 4.0, "/d"),
            (
                "case_types.appeal.closed_on_contact.hotline=30%..80%",
                "case_types.appeal.closed_on_contact.hotline", 30, 80, "%"
            ),
            ("a.b=-1..2.5", "a.b", -1, 2.5, ""),
            ("a.b=1..3m", "a.b", 1, 3, "m"),
        ])
    func fitParsing(text: String, path: String, low: Double, high: Double, unit: String) throws {
        let parameter = try FitParameter.parse(text).get()
        #expect(parameter == FitParameter(path: path, low: low, high: high, unit: unit))
        #expect(parameter.text(1.25) == "1.25\(unit)")
        #expect(parameter.text(0.000_012_345_678) == "1.234568e-05\(unit)")
    }

    @Test(
        "bad --fit values are refused",
        arguments: ["x", "a.b=1", "a.b=2..1", "a..b=1..2", "a.b=1h..2m", "=1..2", "a.b=x..y"])
    func fitRefused(text: String) {
        guard case .failure(let problem) = FitParameter.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(problem.description.hasPrefix("--fit: "))
    }

    @Test("fitted.yaml writes each mapping once, the fitted keys grouped under it, each marked [C]")
    func fittedFile() {
        let parameters = [
            FitParameter(path: "case_types.appeal.closed_on_contact.hotline", low: 30, high: 80, unit: "%"),
            FitParameter(path: "case_types.appeal.rate", low: 0.001, high: 0.002, unit: "/d"),
            FitParameter(path: "grid.patrol_detection", low: 0.2, high: 4, unit: "/d"),
            FitParameter(path: "case_types.dispute.sla", low: 5, high: 20, unit: "d"),
        ]
        let fit = FitOutcome(
            parameters: parameters, values: [55, 0.0015, 1, 10], loss: 0.01, startLoss: 0.2, evaluations: 9,
            converged: true, targetsPath: "t.yaml")
        let text = FittedScenario.render(fit, extends: "../scenarios/x.yaml")
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(
            lines == [
                "extends: ../scenarios/x.yaml", "case_types:", "  appeal:", "    closed_on_contact:",
                "      hotline: 55%   # [C: t.yaml; 30%..80%]",
                "    rate: 0.0015/d   # [C: t.yaml; 0.001/d..0.002/d]",
                "  dispute:", "    sla: 10d   # [C: t.yaml; 5d..20d]",
                "grid:", "  patrol_detection: 1/d   # [C: t.yaml; 0.2/d..4/d]",
            ])
        #expect(FittedScenario.relative("/a/b/c.yaml", from: "/a/d/e") == "../../b/c.yaml")
    }
}

/// The command end to end on the small city.
@Suite("Calibrate command", .serialized)
struct CalibrateCommandTests {
    static let targets = """
        contacts_per_day:
          metric: contacts_per_day
          value: 300
          tolerance: 50%
          source: "a test figure"
          quality: I
        hotline_answered:
          metric: hotline.answered_within_20s
          value: 0.8
          tolerance: 20%
          source: "the 80/20 norm"
          quality: S
        dispatch:
          metric: dispatch_min
          value: 3.7
          tolerance: 20%
          source: "Beijing 12345"
          quality: S
          missing: "a test of the note"
        """

    @Test("writes calibration.csv with every target, the manifest listing it, and prints the table")
    func endToEnd() throws {
        let targets = try TestSupport.writeTemporary(Self.targets, name: "targets.yaml")
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "calibrate", TestSupport.path("scenarios/validation/small-city.yaml"), "--targets", targets,
            "--out", out,
            "--horizon", "10d", "--replications", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try CSVTable(out, "calibration.csv")
        #expect(Array(csv.columns.prefix(9)) == Array(CalibrationWriter.columns.prefix(9)))
        #expect(csv.column("target") == ["contacts_per_day", "hotline_answered", "dispatch"])
        #expect(csv.column("replications") == ["2", "2", "2"])
        for row in csv.rows {
            let mean = Double(csv.value(row, "simulated")) ?? -1
            let low = Double(csv.value(row, "ci_low")) ?? .nan
            let high = Double(csv.value(row, "ci_high")) ?? .nan
            #expect(low <= mean && mean <= high)
            let within =
                abs(mean / (Double(csv.value(row, "target_value")) ?? 1) - 1)
                <= (Double(csv.value(row, "tolerance")) ?? 0)
            #expect(csv.value(row, "within") == (within ? "yes" : "no"))
        }
        let dispatch = csv.rows(where: "target", is: "dispatch")[0]
        #expect(
            csv.value(dispatch, "within") == "yes"
                || csv.value(dispatch, "note") == "mechanism missing: a test of the note")
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"calibration.csv\""))
        #expect(result.stdout.contains("targets within tolerance"))
    }

    @Test("the Shenzhen targets load against the shipped Shenzhen cities: every target a row with its source")
    func shenzhenTargets() throws {
        for name in ["shenzhen-baseline", "shenzhen-typhoon", "shenzhen-epidemic"] {
            let out = TestSupport.freshPath()
            let result = try Govload.run([
                "calibrate", TestSupport.path("scenarios/\(name).yaml"), "--scale", "0.01", "--horizon", "9d",
                "--replications", "1", "--out", out, "--quiet",
            ])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let csv = try CSVTable(out, "calibration.csv")
            #expect(csv.rows.count == 16, "\(name)")
            #expect(Set(csv.column("quality")).isSubset(of: ["S", "S-low", "U", "I"]))
            #expect(csv.rows.allSatisfy { !csv.value($0, "source").isEmpty })
        }
    }

    @Test(
        "bad targets, a missing targets file and bad --fit values: exit 2, located, nothing written",
        arguments: [
            ("metric: nonsense_metric", "no metric is called 'nonsense_metric'"),
            ("metric: nowhere.offered_per_day", "no metric is called 'nowhere.offered_per_day'"),
            ("quality: X", "must be S, S-low, U or I"),
            ("tolerance: 150%", "'tolerance' of target 'bad'"),
            ("vaule: 3", "unknown key 'vaule'"),
        ])
    func badTargets(line: String, message: String) throws {
        var fields = [
            "metric": "contacts_per_day", "value": "300", "tolerance": "20%", "source": "x", "quality": "I",
        ]
        let key = String(line.split(separator: ":")[0])
        fields[key] = nil
        let text =
            "bad:\n"
            + fields.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
            + "\n  \(line)\n"
        let targets = try TestSupport.writeTemporary(text, name: "targets.yaml")
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "calibrate", TestSupport.path("scenarios/validation/small-city.yaml"), "--targets", targets,
            "--out", out,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(
            result.stderr.contains("targets.yaml:"), "the error names the file and line: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(
        "arguments a calibration refuses",
        arguments: [
            ([] as [String], "--targets"),
            (["--fit", "horizon=1d..3d"], "a run setting"),
            (["--fit", "grid.no_such_key=1..2"], "no_such_key"),
            (["--fit", "grid.patrol_detection=1..2"], "--fit"),
            (["--fit", "grid=1..2/d", "--fit", "grid.patrol_detection=1..2/d"], "holds"),
            (["--policy", "nope"], "unknown policy 'nope'"),
            (["--targets", "/dev/zero"], "must end in .yaml"),
            (["--targets", "/tmp"], "must end in .yaml"),
            ((1...21).flatMap { ["--fit", "grid.key\($0)=1..2"] }, "names 21 values"),
        ])
    func badArguments(extra: [String], message: String) throws {
        let scenario = TestSupport.path("scenarios/validation/small-city.yaml")
        var arguments = ["calibrate", scenario, "--out", TestSupport.freshPath()]
        if !extra.isEmpty {
            arguments +=
                ["--targets", try TestSupport.writeTemporary(Self.targets, name: "targets.yaml")] + extra
        }
        let result = try Govload.run(arguments)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

/// A fit recovers known values: targets made by the scenario itself at chosen values, the fit
/// started elsewhere, the values found again (common random numbers make the loss zero at the
/// truth).
@Suite("Calibration fit", .serialized)
struct CalibrationFitTests {
    static func queue(rate: String, mean: String) -> String {
        """
        name: fit-recovery
        horizon: 300h
        warmup: 20h
        replications: 2
        seed: 3
        channels:
          hotline:
            kind: hotline
            servers: 35
            service_time: {dist: exponential, mean: \(mean)}
            external_arrivals: {rate: \(rate)}
        """
    }

    static func targets(offered: String, utilization: String) -> String {
        """
        offered:
          metric: hotline.offered_per_day
          value: \(offered)
          tolerance: 2%
          source: "the scenario itself at 10/min and 3 min"
          quality: S
        busy:
          metric: hotline.utilization
          value: \(utilization)
          tolerance: 2%
          source: "the scenario itself at 10/min and 3 min"
          quality: S
        """
    }

    @Test("arrival rate and service time fitted from the middle of their ranges come back within 5 %")
    func recovers() throws {
        // The targets: what the queue gives at 10 per minute and 3 minutes.
        let truth = try TestSupport.writeTemporary(Self.queue(rate: "10/min", mean: "3m"), name: "truth.yaml")
        let placeholder = try TestSupport.writeTemporary(
            Self.targets(offered: "1", utilization: "1"), name: "t0.yaml")
        let first = TestSupport.freshPath()
        let measured = try Govload.run([
            "calibrate", truth, "--targets", placeholder, "--out", first, "--quiet",
        ])
        #expect(measured.status == 0, "\(measured.stderr)")
        let table = try CSVTable(first, "calibration.csv")
        let simulated = table.column("simulated")
        let targets = try TestSupport.writeTemporary(
            Self.targets(offered: simulated[0], utilization: simulated[1]), name: "targets.yaml")

        // The fit: the same queue written with other values, fitted within ranges whose middles
        // (9 per minute, 3.5 minutes) are not the truth.
        let wrong = try TestSupport.writeTemporary(
            Self.queue(rate: "7/min", mean: "2.2m"), name: "wrong.yaml")
        let out = TestSupport.freshPath()
        let fit = try Govload.run([
            "calibrate", wrong, "--targets", targets, "--out", out, "--max-evaluations", "80",
            "--fit", "channels.hotline.external_arrivals.rate=5..13/min",
            "--fit", "channels.hotline.service_time.mean=2..5m",
        ])
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitted = try String(contentsOfFile: out + "/fitted.yaml", encoding: .utf8)
        func value(_ key: String, unit: String) -> Double? {
            guard
                let line = fitted.split(separator: "\n").first(where: {
                    $0.contains(key + ":") && $0.contains("[C")
                })
            else { return nil }
            let text = line.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0]
                .trimmingCharacters(in: .whitespaces)
            return Double(text.replacingOccurrences(of: unit, with: ""))
        }
        let rate = try #require(value("rate", unit: "/min"))
        let mean = try #require(value("mean", unit: "m"))
        #expect(abs(rate / 10 - 1) < 0.05, "rate \(rate)")
        #expect(abs(mean / 3 - 1) < 0.05, "mean \(mean)")
        let check = try CSVTable(out, "calibration.csv")
        #expect(check.column("within") == ["yes", "yes"])
        // The fitted scenario runs as it is.
        let rerun = try Govload.run([
            "run", out + "/fitted.yaml", "--out", TestSupport.freshPath(), "--quiet",
        ])
        #expect(rerun.status == 0, "\(rerun.stderr)")
    }
}
