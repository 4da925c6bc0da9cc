import Foundation
import GovLoadTestSupport
import Testing

/// `govload report`: one self-contained page, opened in a real browser.
@Suite("Report", .tags(.slow))
struct ReportTests {
    /// A small city with a storm, three replications, two policies, run and reported.
    static func report() throws -> (folder: String, html: String) {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        let scenario = try TestSupport.writeTemporary(
            """
            extends: \(city)
            name: report-city
            horizon: 8d
            warmup: 1d
            shocks:
              - {name: storm, kind: typhoon, start: 4d, duration: 1d, demand: {appeal: 3}, hazard_factor: 4, grid_diversion: 50%}

            """)
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "run", scenario, "-r", "3", "-p", "baseline", "-p", "integrated", "-o", out, "-q",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Govload.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        return (out, try String(contentsOfFile: out + "/report.html", encoding: .utf8))
    }

    @Test("report.html holds every chart inline and fetches nothing")
    func selfContained() throws {
        let (_, html) = try Self.report()
        let svgs = html.components(separatedBy: "<svg").count - 1
        // 9 forest plots, 2 city series, 3 districts, 2 charts for each of 7 channels.
        #expect(svgs >= 9 + 2 + 3 + 14, "\(svgs) charts")
        #expect(html.components(separatedBy: "</svg>").count - 1 == svgs)
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        #expect(!html.contains("<script") && !html.contains(" src=") && !html.contains(" href="))
        #expect(html.contains("mean_close_h (h)") && html.contains("shaded: the warm-up and the shocks"))
        #expect(html.contains("<title>storm</title>"))
    }

    @Test("Chromium renders the page: every chart laid out, no console error, no request blocked")
    func realBrowser() throws {
        let (folder, _) = try Self.report()
        let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let path = try #require(browser, "no Chromium: ./scripts/setup-tools.sh installs it")
        let screenshot = folder + "/report.png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
            "--v=0", "--window-size=1360,2000", "--screenshot=\(screenshot)", "--dump-dom",
            "file://" + folder + "/report.html",
        ]
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        // The DOM the browser built holds every chart, and nothing was refused or failed.
        #expect(dom.components(separatedBy: "<svg").count - 1 >= 28)
        #expect(!log.contains("Refused") && !log.contains("Content Security Policy"), "\(log)")
        #expect(!log.contains("CONSOLE"), "\(log)")
        let size = try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int
        #expect((size ?? 0) > 50_000)
    }

    @Test("a robustness study's folder reports its table")
    func study() throws {
        let city = TestSupport.path("scenarios/validation/small-city.yaml")
        let scenario = try TestSupport.writeTemporary(
            "extends: \(city)\nname: report-study\nhorizon: 3d\nuncertain:\n  grid.patrol_detection: {range: 0.2/d..1/d, source: test}\n"
        )
        let out = TestSupport.freshPath()
        let run = try Govload.run([
            "robustness", scenario, "--samples", "2", "-r", "1", "-p", "baseline", "-p", "merged-grid", "-o",
            out, "-q",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Govload.run(["report", out]).status == 0)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>robustness.csv</h2>") && html.contains("win_share"))
        #expect(!html.contains("Channels and staffing"))
    }

    @Test("a folder that is not a finished run is refused")
    func notARun() throws {
        let empty = TestSupport.freshPath()
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let result = try Govload.run(["report", empty])
        #expect(result.status == 2 && result.stderr.contains("no manifest.json"), "\(result.stderr)")
    }
}
