import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoadRun
@testable import GovLoadScenario

/// `uncertain:`, `govload sensitivity` and `govload robustness` end to end on the small city.
@Suite("Sensitivity and robustness commands", .tags(.slow))
struct SensitivityCommandTests {
    /// The small city for a week, with three uncertain values: one that decides hazards' fate
    /// (patrol), one that acts only on merged grids (inert for the siloed baseline), and one about
    /// callers.
    static func scenario(extra: String = "") throws -> String {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        return try TestSupport.writeTemporary(
            """
            extends: \(city)
            name: uncertain-city
            horizon: 7d
            warmup: 1d
            uncertain:
              grid.patrol_detection: {range: 0.1/d..2/d, source: "test"}
              grid.generalist_efficiency: {range: 50%..90%, source: "test: merged grids only"}
              behaviour.retry_probability: {range: 20%..80%, source: "test"}
            \(extra)
            """)
    }

    @Test("Morris: a value the policy never uses has μ* = 0; patrol decides how long hazards lie unseen")
    func morris() throws {
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "sensitivity", try Self.scenario(), "--trajectories", "4", "--replications", "1", "--metric",
            "hazard_latent_h", "--metric", "mean_close_h", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let table = try CSVTable(out, "sensitivity.csv")
        #expect(table.rows.count == 2 * 3)
        func value(_ metric: String, _ parameter: String, _ column: String) -> Double {
            let row = table.rows.first {
                table.value($0, "metric") == metric && table.value($0, "parameter") == parameter
            }
            return row.flatMap { Double(table.value($0, column)) } ?? .nan
        }
        #expect(value("hazard_latent_h", "grid.generalist_efficiency", "mu_star") == 0)
        #expect(value("hazard_latent_h", "grid.patrol_detection", "mu_star") > 1)
        #expect(value("hazard_latent_h", "grid.patrol_detection", "mu") < 0)
        let runs = try CSVTable(out, "sensitivity_runs.csv")
        #expect(runs.rows.count == 4 * 4)
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
        #expect(result.stdout.contains("hazard_latent_h: value"))
    }

    @Test(
        "Sobol on two values: indices between 0 and 1 within their intervals, and the same files for the same seed"
    )
    func sobol() throws {
        let scenario = try Self.scenario()
        var files: [String] = []
        for _ in 0..<2 {
            let out = TestSupport.freshPath()
            let result = try Govload.run([
                "sensitivity", scenario, "--method", "sobol", "--samples", "8", "--replications", "1",
                "--parameter", "grid.patrol_detection", "--parameter", "behaviour.retry_probability",
                "--metric",
                "hazard_latent_h", "--out", out, "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            files.append(try String(contentsOfFile: out + "/sensitivity.csv", encoding: .utf8))
            let table = try CSVTable(out, "sensitivity.csv")
            #expect(table.rows.count == 2)
            let patrol = try #require(
                table.rows.first { table.value($0, "parameter") == "grid.patrol_detection" })
            #expect((Double(table.value(patrol, "ST")) ?? -1) > 0.3)
            #expect(try CSVTable(out, "sensitivity_runs.csv").rows.count == 8 * 4)
        }
        #expect(files[0] == files[1])
    }

    @Test("robustness: every policy against the baseline over Latin-hypercube draws")
    func robustness() throws {
        let out = TestSupport.freshPath()
        let result = try Govload.run([
            "robustness", try Self.scenario(), "--samples", "3", "--replications", "1", "--policy",
            "baseline",
            "--policy", "merged-grid", "--metric", "hazard_latent_h", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let table = try CSVTable(out, "robustness.csv")
        #expect(table.rows.count == 1)
        let row = try #require(table.rows.first)
        #expect(table.value(row, "policy") == "merged-grid" && table.value(row, "samples") == "3")
        // Merged grids patrol for every domain: hazards are found sooner in every draw.
        #expect(table.value(row, "win_share") == "1.0")
        #expect(try CSVTable(out, "robustness_runs.csv").rows.count == 3 * 2)
        // Latin hypercube: each value's draws fall in distinct thirds of its range.
        let strata = Robustness.latinHypercube(samples: 3, factors: 3, seed: 1).map { $0.map { Int($0 * 3) } }
        for factor in 0..<3 { #expect(Set(strata.map { $0[factor] }) == [0, 1, 2]) }
    }

    @Test(
        "bad uncertain values and arguments: exit 2, one located line each, nothing written",
        arguments: [
            (
                "uncertain:\n  grid.patrol_detection: {range: 2/d..1/d, source: x}\n",
                "scenario.yaml:5:34: 'range'"
            ),
            ("uncertain:\n  grid.nonsense: {range: 1..2, source: x}\n", "grid.nonsense"),
            ("uncertain:\n  grid.patrol_detection: {range: 1/d..2/d}\n", "'source'"),
        ])
    func badInput(text: String, expected: String) throws {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        let file = try TestSupport.writeTemporary(
            "extends: \(city)\nname: bad-uncertain\nhorizon: 2d\n\(text)")
        let out = TestSupport.freshPath()
        let result = try Govload.run(["sensitivity", file, "--out", out])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(
        "sensitivity refuses unknown methods, parameters and metrics, and a scenario with nothing uncertain")
    func badArguments() throws {
        let scenario = try Self.scenario()
        for (arguments, expected) in [
            (["--method", "fast"], "--method"),
            (["--parameter", "grid.cells_per_pool"], "--parameter"),
            (["--metric", "nonsense"], "--metric"),
            (["--trajectories", "1"], "--trajectories"),
        ] {
            let result = try Govload.run(
                ["sensitivity", scenario, "--out", TestSupport.freshPath()] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
        let plain = TestSupport.path("scenarios/validation/small-city.yaml")
        let result = try Govload.run(["sensitivity", plain, "--out", TestSupport.freshPath()])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no uncertain values"), "\(result.stderr)")
    }

    @Test(
        "shards of a study merge into the files one process writes, byte for byte; a broken shard is refused at its line"
    )
    func shardsMerge() throws {
        let scenario = try Self.scenario()
        let common = [
            "--replications", "1", "--metric", "hazard_latent_h", "--metric", "mean_close_h", "--quiet",
        ]
        for (command, size, file) in [
            ("sensitivity", ["--trajectories", "3"], "sensitivity"),
            ("robustness", ["--samples", "3"], "robustness"),
        ] {
            let policies = command == "robustness" ? ["--policy", "baseline", "--policy", "merged-grid"] : []
            let whole = TestSupport.freshPath()
            let one = try Govload.run([command, scenario, "--out", whole] + size + policies + common)
            #expect(one.status == 0, "\(one.stderr)")
            var parts: [String] = []
            for index in 1...2 {
                let part = TestSupport.freshPath()
                let run = try Govload.run(
                    [command, scenario, "--out", part, "--shard", "\(index)/2"] + size + policies + common)
                #expect(run.status == 0, "\(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: part + "/\(file).csv"))
                parts.append(part)
            }
            let merged = TestSupport.freshPath()
            let merge = try Govload.run(["merge", parts[1], parts[0], "--out", merged])
            #expect(merge.status == 0, "\(merge.stderr)")
            for name in ["\(file).csv", "\(file)_runs.csv"] {
                let a = try String(contentsOfFile: whole + "/" + name, encoding: .utf8)
                let b = try String(contentsOfFile: merged + "/" + name, encoding: .utf8)
                #expect(a == b, "\(name) differs after merging")
            }
            // One shard alone lacks points; a damaged number is named at its line.
            let alone = try Govload.run(["merge", parts[0], "--out", TestSupport.freshPath()])
            #expect(alone.status == 2 && alone.stderr.contains("lack"), "\(alone.stderr)")
            let runs = parts[0] + "/\(file)_runs.csv"
            var lines = try String(contentsOfFile: runs, encoding: .utf8).split(separator: "\n").map(
                String.init)
            var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[fields.count - 1] = "abc"
            lines[1] = fields.joined(separator: ",")
            try (lines.joined(separator: "\n") + "\n").write(toFile: runs, atomically: true, encoding: .utf8)
            let out = TestSupport.freshPath()
            let broken = try Govload.run(["merge", parts[0], parts[1], "--out", out])
            #expect(broken.status == 2)
            #expect(broken.stderr.contains("\(file)_runs.csv:2:"), "\(broken.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        // Shards of different designs are not one study.
        let a = TestSupport.freshPath()
        let b = TestSupport.freshPath()
        _ = try Govload.run(
            ["sensitivity", scenario, "--trajectories", "3", "--shard", "1/2", "--out", a] + common)
        _ = try Govload.run(
            [
                "sensitivity", scenario, "--trajectories", "3", "--design-seed", "9", "--shard", "2/2",
                "--out", b,
            ] + common)
        let mixed = try Govload.run(["merge", a, b, "--out", TestSupport.freshPath()])
        #expect(mixed.status == 2 && mixed.stderr.contains("design differs"), "\(mixed.stderr)")
    }

    @Test("a forged study manifest asking for a trillion points is refused before anything is allocated")
    func forgedManifest() throws {
        let scenario = try Self.scenario()
        let part = TestSupport.freshPath()
        let run = try Govload.run([
            "sensitivity", scenario, "--trajectories", "2", "--shard", "1/1", "-r", "1", "--metric",
            "hazard_latent_h", "-o", part, "-q",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let path = part + "/manifest.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let forged = text.replacingOccurrences(of: "\"points\" : 8", with: "\"points\" : 1000000000000")
        #expect(forged != text)
        try forged.write(toFile: path, atomically: true, encoding: .utf8)
        let merge = try Govload.run(["merge", part, "--out", TestSupport.freshPath()])
        #expect(merge.status == 2 && merge.stderr.contains("out of range"), "\(merge.stderr)")
    }
}
