import Foundation
import GovLoadTestSupport
import Testing

/// `govload describe` and `govload list` end to end.
@Suite("govload describe and list")
struct DescribeListTests {
    @Test("describe prints the resolved numbers, and a policy's overlay")
    func describe() throws {
        let file = TestSupport.path("scenarios/shenzhen-hotline.yaml")
        let baseline = try Govload.run(["describe", file])
        #expect(baseline.status == 0, "\(baseline.stderr)")
        #expect(
            baseline.stdout.contains("run: 4w from Monday 00:00, warm-up 1d, 10 replication(s), seed 12345"))
        #expect(baseline.stdout.contains("policies: [baseline], early-ramp, hangzhou-kpi, lean"))
        #expect(baseline.stdout.contains("staff: Mon–Sun 00:00–07:00 16, 07:00–08:00 48, 08:00–09:00 95"))
        // 7 × (7×16 + 48 + 95 + 3×132 + 2×100 + 3×118 + 100 + 2×78 + 2×64 + 2×40)
        #expect(baseline.stdout.contains("staff hours a week: 11683.0"))
        #expect(baseline.stdout.contains("service: lognormal, mean 3.7m, cv 0.60"))
        #expect(baseline.stdout.contains("busiest hour: Mon 10:00"))
        let lean = try Govload.run(["describe", file, "--policy", "lean"])
        #expect(lean.status == 0)
        #expect(lean.stdout.contains("policies: baseline, early-ramp, hangzhou-kpi, [lean]"))
        #expect(lean.stdout.contains("00:00–07:00 14, 07:00–08:00 43"))
        let unknown = try Govload.run(["describe", file, "--policy", "leaner"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--policy: unknown policy 'leaner'"))
    }

    @Test("describe follows extends and shows shift schedules by day")
    func describeShifts() throws {
        let result = try Govload.run(["describe", TestSupport.path("scenarios/validation/shifts.yaml")])
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                "Mon–Fri 00:00–08:30 0, 08:30–12:00 6, 12:00–13:30 3, 13:30–18:00 6, 18:00–24:00 0"))
        #expect(result.stdout.contains("Sun 00:00–24:00 0"))
        #expect(result.stdout.contains("waiting room: 60 callers"))
        #expect(result.stdout.contains("urgent: lognormal, mean 8m, cv 0.80"))
    }

    @Test("list shows every shipped scenario with its description and policies")
    func list() throws {
        let result = try Govload.run(["list"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("scenarios/shenzhen-hotline.yaml\n    Shenzhen 12345 hotline"))
        #expect(result.stdout.contains("policies: baseline (the shift blocks above); early-ramp"))
        #expect(result.stdout.contains("scenarios/validation/mmcm.yaml"))
        #expect(!result.stdout.contains("does not load"))
        let missing = try Govload.run(["list", "--dir", "/nonexistent-folder"])
        #expect(missing.status == 2)
    }

    @Test("shell completion offers the policies of the scenario on the command line")
    func policyCompletion() throws {
        let result = try Govload.run([
            "---completion", "run", "--", "--policy", "3", "0", "govload", "run",
            "scenarios/shenzhen-typhoon.yaml",
            "--policy", "",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.split(separator: "\n") == [
                "baseline", "merged-grid", "full-cycle", "unified-dispatch", "digital-first", "integrated",
            ])
        let script = try Govload.run(["--generate-completion-script", "bash"])
        #expect(script.stdout.contains("---completion staff -- --policy"))
    }
}
