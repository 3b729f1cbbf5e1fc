import Glibc

/// Helpers every fuzz target shares: the input as bytes, a scratch file, a deterministic splitter.
enum FuzzInput {
    /// Copies libFuzzer's input into an array.
    static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The path of this process's scratch file (one per process, so parallel fuzzers do not clash),
    /// in memory (`/dev/shm`) when the machine has it: the readers take a path, not bytes.
    static let scratchPath = (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp")
        + "/consign-fuzz-\(getpid()).input"

    /// Removes the scratch file when libFuzzer exits; evaluated once, on the first write.
    private static let isCleanupRegistered: Bool = {
        atexit { _ = unlink(FuzzInput.scratchPath) }
        return true
    }()

    /// Writes `bytes` to the scratch file, replacing what was there, and returns its path.
    static func writeScratchFile(_ bytes: [UInt8]) -> String {
        _ = isCleanupRegistered
        let descriptor = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { fail("cannot open the scratch file \(scratchPath)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard count > 0 else { fail("cannot write the scratch file \(scratchPath)") }
            written += count
        }
        return scratchPath
    }

    /// Splits `bytes` on the byte 0xFF (never part of UTF-8) into at most `maximumCount` fields;
    /// the last field keeps the rest, 0xFF included.
    static func fields(_ bytes: [UInt8], maximumCount: Int) -> [[UInt8]] {
        bytes.split(separator: 0xFF, maxSplits: maximumCount - 1, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Cuts `bytes` into chunks of 1–`maximumLength` bytes, the lengths drawn from `generator`.
    static func chunks(_ bytes: [UInt8], generator: inout SplitMix, maximumLength: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let length = 1 + Int(generator.next() % UInt64(maximumLength))
            let end = min(bytes.count, start + length)
            chunks.append(Array(bytes[start..<end]))
            start = end
        }
        return chunks
    }

    /// Reports a broken invariant and aborts, which libFuzzer records as a crash.
    static func fail(_ message: String) -> Never {
        let line = Array("fuzz invariant broken: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        abort()
    }
}

/// A tiny deterministic generator (SplitMix64), so a saved input always replays the same way.
struct SplitMix {
    private var state: UInt64

    /// Creates a generator from a seed.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
