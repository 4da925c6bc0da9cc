import Foundation
import GovLoadTestSupport
import Testing

/// tools/plot.py on a real output folder (its Python environment is set up by
/// scripts/setup-tools.sh, which scripts/test.sh runs).
@Suite("Plots")
struct PlotTests {
    static let python = TestSupport.path(".venv-tools/bin/python")

    static func plot(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestSupport.path("tools/plot.py")] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("plot.py draws comparison, time series and sweep charts from a real run")
    func charts() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "run scripts/setup-tools.sh (scripts/test.sh does) to install matplotlib and pandas")
        let scenario = try TestSupport.writeTemporary(SweepTests.scenario)
        let out = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "--out", out, "--quiet"]).status == 0)
        let plots = TestSupport.freshPath()
        let result = try Self.plot([out, "--out", plots])
        #expect(result.status == 0, "\(result.output)")
        for name in ["comparison.png", "timeseries.png", "sweep.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: plots + "/" + name))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is a PNG")
            #expect(data.count > 20_000, "\(name) has content: \(data.count) bytes")
        }
    }

    @Test("plot.py draws a staffing study's chart")
    func staffingChart() throws {
        let out = TestSupport.freshPath()
        let staff = try Govload.run([
            "staff", "scenarios/validation/isa-sinusoid.yaml", "--target", "hotline: 80%@60s", "-r", "4",
            "-o", out,
            "-q",
        ])
        try #require(staff.status == 0, "\(staff.stderr)")
        let plots = TestSupport.freshPath()
        let result = try Self.plot([out, "--out", plots])
        #expect(result.status == 0, "\(result.output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: plots + "/staffing.png"))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]) && data.count > 20_000)
    }

    @Test("plot.py refuses a folder that is not a finished run")
    func unfinished() throws {
        let folder = TestSupport.temporaryFolder()
        try "scenario,policy\n".write(toFile: folder + "/summary.csv", atomically: true, encoding: .utf8)
        let result = try Self.plot([folder])
        #expect(result.status == 2)
        #expect(result.output.contains("has no manifest.json: it is not a finished govload run"))
    }
}
