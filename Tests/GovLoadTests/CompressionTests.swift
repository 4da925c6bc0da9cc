import Foundation
import GovLoadTestSupport
import Testing

/// `--compress gzip`: the large files written as gzip streams that read back to the plain files.
@Suite("Compressed outputs", .tags(.slow))
struct CompressionTests {
    /// `path` decompressed by the system's gzip: an independent reader.
    static func gunzip(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip could not read \(path)")
        return data
    }

    @Test("timeseries.csv.gz and cases.csv.gz read back byte for byte as the plain files; the rest unchanged")
    func roundTrip() throws {
        let scenario = TestSupport.path("scenarios/validation/small-city.yaml")
        let common = ["--horizon", "4d", "-r", "2", "-p", "baseline", "--cases", "-q"]
        let plain = TestSupport.freshPath()
        let packed = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "-o", plain] + common).status == 0)
        let run = try Govload.run(["run", scenario, "-o", packed, "--compress", "gzip"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["timeseries.csv", "cases.csv"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: plain + "/" + name))
            #expect(try Self.gunzip(packed + "/" + name + ".gz") == original, "\(name).gz")
            #expect(!FileManager.default.fileExists(atPath: packed + "/" + name))
            let size =
                try FileManager.default.attributesOfItem(atPath: packed + "/" + name + ".gz")[.size] as? Int
            #expect((size ?? .max) * 3 < original.count)
        }
        for name in ["summary.csv", "channels.csv", "comparison.csv"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: plain + "/" + name))
                    == Data(contentsOf: URL(fileURLWithPath: packed + "/" + name)))
        }
        let manifest = try String(contentsOfFile: packed + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"timeseries.csv.gz\"") && manifest.contains("\"cases.csv.gz\""))
        // The same run compressed twice gives the same bytes (no time in the gzip header).
        let again = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "-o", again, "--compress", "gzip"] + common).status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: again + "/timeseries.csv.gz"))
                == Data(contentsOf: URL(fileURLWithPath: packed + "/timeseries.csv.gz")))
        // Merge joins plain shards only; an unknown format is bad input.
        let merge = try Govload.run(["merge", packed, "--out", TestSupport.freshPath()])
        #expect(merge.status == 2 && merge.stderr.contains("compressed"), "\(merge.stderr)")
        let bad = try Govload.run(["run", scenario, "--compress", "bz2", "-o", TestSupport.freshPath()])
        #expect(bad.status == 2 && bad.stderr.hasPrefix("--compress: must be gzip"), "\(bad.stderr)")
    }
}
