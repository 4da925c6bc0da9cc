import CZlib
import GovLoadSupport

/// How the large files of a run (`timeseries.csv`, `cases.csv`) are written (`--compress`).
public enum OutputCompression: String, Sendable, CaseIterable {
    /// gzip (zlib, level 6): `timeseries.csv.gz`, read directly by pandas, R and DuckDB.
    case gzip
    /// Zstandard (level 3, with a checksum): `timeseries.csv.zst`, smaller and faster than gzip;
    /// read by DuckDB, by pandas with the `zstandard` module, and by R through `zstdcat`.
    case zstd

    /// The file name for `name` (`timeseries.csv` → `timeseries.csv.gz`).
    public func name(_ name: String) -> String {
        switch self {
        case .gzip: name + ".gz"
        case .zstd: name + ".zst"
        }
    }

    /// A stream of this kind into `file`.
    func stream(into file: AtomicFile) throws(OutputError) -> any CompressedStream {
        switch self {
        case .gzip: try GzipStream(into: file)
        case .zstd: try ZstdStream(into: file)
        }
    }
}

/// A compressor writing into an `AtomicFile`: bytes in as they come, compressed out.
protocol CompressedStream: AnyObject {
    /// Compresses `bytes` into the file.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError)
    /// Compresses `bytes` into the file.
    func write(_ bytes: [UInt8]) throws(OutputError)
    /// Ends the stream; the caller then commits the file.
    func finish() throws(OutputError)
}

/// A gzip stream (zlib's deflate with a gzip header and trailer) into an `AtomicFile`: bytes go
/// in as they come and leave compressed, in a fixed buffer. The header carries no time or name,
/// so the same rows give the same bytes on every machine.
final class GzipStream: CompressedStream {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private let file: AtomicFile
    private var open = false

    /// Starts a stream into `file`.
    init(into file: AtomicFile) throws(OutputError) {
        self.file = file
        guard czlib_deflate_init_gzip(&stream, 6) == Z_OK else {
            throw OutputError("cannot start a gzip stream for \(file.path)")
        }
        open = true
    }

    deinit { if open { deflateEnd(&stream) } }

    /// Compresses `bytes` into the file.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        while stream.avail_in > 0 { try deflateStep(Z_NO_FLUSH) }
    }

    /// Compresses `bytes` into the file.
    func write(_ bytes: [UInt8]) throws(OutputError) {
        let failure = bytes.withUnsafeBytes { raw in Result { () throws(OutputError) in try write(raw) } }
        try failure.get()
    }

    /// Ends the stream (the gzip trailer); the caller then commits the file.
    func finish() throws(OutputError) {
        stream.next_in = nil
        stream.avail_in = 0
        while try deflateStep(Z_FINISH) != Z_STREAM_END {}
        deflateEnd(&stream)
        open = false
    }

    /// One call of deflate into the output buffer, whose filled part goes to the file.
    @discardableResult
    private func deflateStep(_ flush: Int32) throws(OutputError) -> Int32 {
        let capacity = output.count
        let status = output.withUnsafeMutableBufferPointer { buffer in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(capacity)
            return deflate(&stream, flush)
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw OutputError("gzip compression of \(file.path) failed (zlib status \(status))")
        }
        let produced = capacity - Int(stream.avail_out)
        if produced > 0 { try file.write(Array(output[0..<produced])) }
        return status
    }
}
