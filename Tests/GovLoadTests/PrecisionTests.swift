import Foundation
import GovLoadTestSupport
import Testing

/// `--precision`: sequential stopping on the widest headline interval.
@Suite("Precision", .tags(.slow))
struct PrecisionTests {
    @Test("adds replications until the target is met, and equals a plain run of that many")
    func precision() throws {
        let scenario = TestSupport.path("scenarios/validation/mm1.yaml")
        let sequential = TestSupport.freshPath()
        let run = try Govload.run([
            "run", scenario, "--out", sequential, "--quiet", "--precision", "5%", "--replications", "3",
            "--horizon", "300h",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: sequential + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let outcome = try #require(manifest["precision"] as? [String: Any])
        let replications = try #require(outcome["replications"] as? Int)
        #expect(outcome["met"] as? Bool == true)
        #expect(try #require(outcome["achieved"] as? Double) <= 0.05)
        #expect(replications > 3)
        #expect(manifest["replications"] as? Int == replications)
        // The same files as a plain run with that many replications: nothing was run twice or out of order.
        let plain = TestSupport.freshPath()
        #expect(
            try Govload.run([
                "run", scenario, "--out", plain, "--quiet", "--replications", "\(replications)", "--horizon",
                "300h",
            ]).status == 0)
        for name in ["summary.csv", "channels.csv", "timeseries.csv", "comparison.csv"] {
            #expect(
                try String(contentsOfFile: sequential + "/" + name, encoding: .utf8)
                    == String(contentsOfFile: plain + "/" + name, encoding: .utf8), "\(name)")
        }
    }

    @Test("stops at --max-replications and says the target was not met")
    func cap() throws {
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "--out", out, "--quiet", "--precision",
            "0.1%",
            "--max-replications", "4", "--horizon", "200h",
        ])
        #expect(run.status == 0)
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"met\" : false"))
        #expect(manifest.contains("\"replications\" : 4"))
        let bad = try Govload.run([
            "run", TestSupport.path("scenarios/validation/mm1.yaml"), "--precision", "150%",
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--precision: must be a share between 0% and 100%"))
    }
}
