import ArgumentParser
import Foundation
import GovLoad

/// `govload report`: a finished run's results as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write RESULTS_DIR/report.html: the run's results as one page that opens offline.",
        discussion: """
            Reads a finished run's folder (manifest.json, comparison.csv, channels.csv, \
            timeseries.csv, and calibration.csv where there is one) and writes report.html beside \
            them: what was run, the paired differences against the baseline with their \
            intervals, the time series in days with the warm-up and the shocks shaded, the \
            districts, the channels and their staffing. Inline SVG and CSS only: the page runs no \
            script and fetches nothing.

            Example:
              govload run scenarios/shenzhen-typhoon.yaml --scale 0.05 -o results/typhoon
              govload report results/typhoon
            """)

    @Argument(help: "The results folder of a finished run.", completion: .directory)
    var folder: String

    func run() throws {
        let data = try ReportData.load(folder)
        let path = try ReportWriter.write(data)
        print("report: \(path)")
    }
}
