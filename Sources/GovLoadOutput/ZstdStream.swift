import CZstd
import GovLoadSupport

/// A Zstandard stream (one frame, level 3, with a content checksum) into an `AtomicFile`: bytes
/// go in as they come and leave compressed, in a fixed buffer. Single-threaded compression, so
/// the same rows give the same bytes on every machine.
final class ZstdStream: CompressedStream {
    private let context: OpaquePointer
    private var output = [UInt8](repeating: 0, count: 1 << 17)
    private let file: AtomicFile

    /// Starts a stream into `file`.
    init(into file: AtomicFile) throws(OutputError) {
        self.file = file
        guard let context = ZSTD_createCCtx() else {
            throw OutputError("cannot start a zstd stream for \(file.path)")
        }
        // Set up before the context is stored: a failure here frees it once, with no deinit.
        for (parameter, value) in [(ZSTD_c_compressionLevel, Int32(3)), (ZSTD_c_checksumFlag, 1)] {
            guard ZSTD_isError(ZSTD_CCtx_setParameter(context, parameter, value)) == 0 else {
                ZSTD_freeCCtx(context)
                throw OutputError("cannot set up the zstd stream for \(file.path)")
            }
        }
        self.context = context
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `bytes` into the file.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var input = ZSTD_inBuffer(src: base, size: bytes.count, pos: 0)
        while input.pos < input.size { _ = try step(&input, ZSTD_e_continue) }
    }

    /// Compresses `bytes` into the file.
    func write(_ bytes: [UInt8]) throws(OutputError) {
        let failure = bytes.withUnsafeBytes { raw in Result { () throws(OutputError) in try write(raw) } }
        try failure.get()
    }

    /// Ends the frame (its checksum); the caller then commits the file.
    func finish() throws(OutputError) {
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&input, ZSTD_e_end) != 0 {}
    }

    /// One call of the compressor into the output buffer, whose filled part goes to the file;
    /// returns what zstd says is left to flush (0 when a frame's end is written).
    private func step(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws(OutputError) -> Int
    {
        let capacity = output.count
        var produced = 0
        let remaining = output.withUnsafeMutableBytes { buffer in
            var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
            let result = ZSTD_compressStream2(context, &out, &input, directive)
            produced = out.pos
            return result
        }
        guard ZSTD_isError(remaining) == 0 else {
            throw OutputError(
                "zstd compression of \(file.path) failed (\(String(cString: ZSTD_getErrorName(remaining))))")
        }
        if produced > 0 { try file.write(Array(output[0..<produced])) }
        return remaining
    }
}
