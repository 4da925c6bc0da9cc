import Foundation
import GovLoadTestSupport
import Testing

/// `govload erlang` end to end.
@Suite("govload erlang")
struct ErlangCommandTests {
    @Test("prints Erlang C for given servers")
    func erlangC() throws {
        let result = try Govload.run([
            "erlang", "--arrival-rate", "10/min", "--service-time", "3m", "--servers", "35", "--csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "servers,load_erlangs,occupancy,p_wait,mean_wait_s,service_level,answer_time_s,erlang_b_blocking,meets_target"
        )
        // P(wait) 0.28458, mean wait 0.17075 min = 10.245 s, SL(20 s) 0.83672, B(35, 30) = 0.05377; no
        // target, so meets_target is empty. Ten significant digits: nothing rounded away.
        let fields = try #require(lines.last).split(separator: ",", omittingEmptySubsequences: false).map(
            String.init)
        #expect(
            fields.count == 9 && fields[0] == "35" && fields[1] == "30.0" && fields[6] == "20.0"
                && fields[8] == "")
        let values = fields.map { Double($0) ?? .nan }
        #expect(abs(values[2] - 30.0 / 35) < 1e-9)
        #expect(abs(values[3] - 0.284_58) < 5e-6)
        #expect(abs(values[4] - 10.245) < 5e-3)
        #expect(abs(values[5] - 0.836_72) < 5e-6)
        #expect(abs(values[7] - 0.053_77) < 5e-6)
        #expect(fields[3].count > 8)
        // With a target, the levels from the fewest meeting it up say yes.
        let solved = try Govload.run([
            "erlang", "--arrival-rate", "10/min", "--service-time", "3m", "--target", "80%@20s", "--csv",
        ])
        let meets = solved.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").last ?? ""
        }
        #expect(meets == ["no", "no", "yes", "yes", "yes"], "\(solved.stdout)")
    }

    @Test("solves for the fewest agents meeting 80 % within 20 s")
    func solve() throws {
        let result = try Govload.run([
            "erlang", "--arrival-rate", "10/min", "--service-time", "3m", "--target", "80%@20s",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("fewest servers meeting 80%@20s: 35"))
        #expect(result.stdout.contains(">      35"))
    }

    @Test("Erlang A with patience, and an abandonment target")
    func erlangA() throws {
        let result = try Govload.run([
            "erlang", "--arrival-rate", "12/min", "--service-time", "3m", "--patience", "5m", "--servers",
            "35", "--csv",
        ])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "servers,load_erlangs,occupancy,p_wait,mean_wait_s,p_abandon,service_level,answer_time_s,erlang_b_blocking,meets_target"
        )
        // shared/peers/erlang.py: P(wait) 0.65589, P(abandon) 0.072152, mean wait 0.36076 min = 21.65 s
        let values = (lines.last ?? "").split(separator: ",").map { Double($0) ?? .nan }
        #expect(values[0] == 35 && values[1] == 36)
        #expect(abs(values[3] - 0.655_89) < 5e-6 && abs(values[5] - 0.072_152) < 5e-7)
        #expect(abs(values[4] - 21.646) < 5e-3)
        let solved = try Govload.run([
            "erlang", "--arrival-rate", "12/min", "--service-time", "3m", "--patience", "5m", "--target",
            "abandon<=5%",
        ])
        #expect(solved.status == 0)
        #expect(solved.stdout.contains("fewest servers meeting abandon<=5%: 37"))
    }

    @Test("bad arguments: exit 2 with the argument named")
    func badArguments() throws {
        let cases: [([String], String)] = [
            (["--arrival-rate", "10", "--service-time", "3m"], "--arrival-rate: must be a positive rate"),
            (
                ["--arrival-rate", "10/min", "--service-time=-3m"],
                "--service-time: must be a positive duration"
            ),
            (
                ["--arrival-rate", "10/min", "--service-time", "3m", "--target", "fast"],
                "--target: cannot read 'fast'"
            ),
            (
                ["--arrival-rate", "10/min", "--service-time", "3m", "--servers", "40-30"],
                "--servers: must be"
            ),
            (
                ["--arrival-rate", "10/min", "--service-time", "3m", "--target", "abandon<=5%"],
                "needs --patience"
            ),
            // Absurd sizes: refused at once, never a crash, a hang or a runaway allocation.
            (
                ["--arrival-rate", "1e308/s", "--service-time", "3m"],
                "--arrival-rate: must be at most 1000000/s"
            ),
            (
                ["--arrival-rate", "10/min", "--service-time", "1e308w"],
                "--service-time: must be at most 520w"
            ),
            (
                ["--arrival-rate", "1e9/s", "--service-time", "3m", "--target", "80%@20s"],
                "--arrival-rate: must be at most"
            ),
            (
                ["--arrival-rate", "100000/s", "--service-time", "1h", "--target", "80%@20s"],
                "the offered load is 360000000 erlangs"
            ),
            (
                [
                    "--arrival-rate", "10/min", "--service-time", "3m", "--patience", "1e308w", "--servers",
                    "35",
                ],
                "--patience: must be at most 520w"
            ),
            (
                [
                    "--arrival-rate", "100/s", "--service-time", "3m", "--patience", "100w", "--target",
                    "80%@20s",
                ],
                "--patience: with these arrivals"
            ),
            // Targets that no staffing meets: said so, not "cannot read".
            (
                [
                    "--arrival-rate", "10/min", "--service-time", "3m", "--patience", "1m", "--target",
                    "abandon<=0%",
                ],
                "--target: 'abandon<=0%' can never be met"
            ),
            (
                ["--arrival-rate", "10/min", "--service-time", "3m", "--target", "100%@20s"],
                "can never be met"
            ),
        ]
        for (arguments, message) in cases {
            let result = try Govload.run(["erlang"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}

/// Usage errors point at the help of the command they were made in.
@Suite("Usage errors")
struct UsageErrorTests {
    @Test("a usage error names the subcommand's help, or govload's when there is none")
    func hintNamesTheSubcommand() throws {
        let run = try Govload.run(["run"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("(see 'govload run --help')"), "\(run.stderr)")
        let sensitivity = try Govload.run(["sensitivity", "--trajectories", "x"])
        #expect(sensitivity.status == 2)
        #expect(sensitivity.stderr.contains("(see 'govload sensitivity --help')"), "\(sensitivity.stderr)")
        let unknown = try Govload.run(["nonsense"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("(see 'govload --help')"), "\(unknown.stderr)")
    }
}

extension UsageErrorTests {
    @Test(
        "short options for the common flags; value names that say the unit; completion offers scenario files")
    func conventions() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "-r", "2", "-j", "1", "-o", out, "-q",
            "--horizon", "200h",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
        let help = try Govload.run(["run", "--help"])
        #expect(help.stdout.contains("--horizon <duration>") && help.stdout.contains("-o, --out <folder>"))
        #expect(!help.stdout.contains("\\"))
        let completion = try Govload.run(["--generate-completion-script", "bash"])
        #expect(completion.stdout.contains("yaml"))
    }
}
