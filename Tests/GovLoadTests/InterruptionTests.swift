import Foundation
import Testing

/// An interrupted run stops cleanly and leaves nothing that looks finished.
@Suite("Interruption")
struct InterruptionTests {
    @Test(
        "SIGINT and SIGTERM: exit 128+n, a message naming the folder, no manifest, no temporary files",
        arguments: [SIGINT, SIGTERM])
    func interrupted(signalNumber: Int32) throws {
        let out = TestSupport.freshPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Govload.binary)
        process.arguments = [
            "run", TestSupport.path("scenarios/bench/mmc-20m.yaml"), "--out", out, "--quiet",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the run has begun (its output folder exists), then interrupt it.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: out) && Date() < deadline { usleep(20_000) }
        usleep(200_000)
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 128 + signalNumber, "\(message)")
        #expect(message.contains("holds no manifest.json, so it is not a finished run"), "\(message)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(!left.contains("manifest.json"))
        #expect(!left.contains { $0.contains(".partial") })
    }
}
