import CZstd
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

    /// `path` decompressed by libzstd's streaming decoder (the frame's checksum checked).
    static func unzstd(_ path: String) throws -> Data {
        let packed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard let context = ZSTD_createDCtx() else { return Data() }
        defer { ZSTD_freeDCtx(context) }
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var finished = false
        packed.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while true {
                var left = 0
                var produced = 0
                chunk.withUnsafeMutableBytes { buffer in
                    var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                    left = ZSTD_decompressStream(context, &output, &input)
                    produced = output.pos
                }
                guard ZSTD_isError(left) == 0 else { return }
                result.append(contentsOf: chunk[0..<produced])
                if left == 0 && input.pos == input.size {
                    finished = true
                    return
                }
                if produced == 0 && input.pos == input.size { return }
            }
        }
        #expect(finished, "libzstd could not read \(path) to the end of its frame")
        return result
    }

    @Test("timeseries.csv.zst and cases.csv.zst read back byte for byte as the plain files")
    func zstdRoundTrip() throws {
        let scenario = TestSupport.path("scenarios/validation/small-city.yaml")
        let common = ["--horizon", "4d", "-r", "2", "-p", "baseline", "--cases", "-q"]
        let plain = TestSupport.freshPath()
        let packed = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "-o", plain] + common).status == 0)
        let run = try Govload.run(["run", scenario, "-o", packed, "--compress", "zstd"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["timeseries.csv", "cases.csv"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: plain + "/" + name))
            #expect(try Self.unzstd(packed + "/" + name + ".zst") == original, "\(name).zst")
            #expect(!FileManager.default.fileExists(atPath: packed + "/" + name))
            let size =
                try FileManager.default.attributesOfItem(atPath: packed + "/" + name + ".zst")[.size] as? Int
            #expect((size ?? .max) * 3 < original.count)
        }
        let manifest = try String(contentsOfFile: packed + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"timeseries.csv.zst\"") && manifest.contains("\"cases.csv.zst\""))
        let again = TestSupport.freshPath()
        #expect(try Govload.run(["run", scenario, "-o", again, "--compress", "zstd"] + common).status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: again + "/cases.csv.zst"))
                == Data(contentsOf: URL(fileURLWithPath: packed + "/cases.csv.zst")))
        let merge = try Govload.run(["merge", packed, "--out", TestSupport.freshPath()])
        #expect(merge.status == 2 && merge.stderr.contains("compressed"), "\(merge.stderr)")
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
        #expect(bad.status == 2 && bad.stderr.hasPrefix("--compress: must be gzip or zstd"), "\(bad.stderr)")
    }
}
