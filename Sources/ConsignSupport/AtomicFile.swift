import Glibc

/// Writes one output file so that readers only ever see it whole.
///
/// Data goes to a hidden temp file (`.name.<pid>.tmp`) in the target folder; `commit()`
/// fsyncs it, renames it over the final name and fsyncs the folder. Until then the final
/// name does not exist (or keeps its old content). `abandon()` removes the temp file.
public final class AtomicFileWriter {
    /// The folder the file lands in.
    public let directory: String
    /// The final file name inside `directory`.
    public let name: String
    /// The temp file's full path while writing.
    public let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var isFinished = false
    private let flushThreshold = 256 * 1024

    /// Opens a new temp file for `name` in `directory` (mode 0644).
    ///
    /// `temporaryName` fixes the temp file's name (it must start with `.` so readers skip it);
    /// the spool uses a fixed name so that a crash between commit and publish can be rolled forward.
    public init(directory: String, name: String, temporaryName: String? = nil) throws(SystemError) {
        self.directory = directory
        self.name = name
        self.temporaryPath = "\(directory)/" + (temporaryName ?? ".\(name).\(getpid()).tmp")
        let path = temporaryPath
        fd = try syscall("open", path: path) {
            open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        buffer.reserveCapacity(flushThreshold)
    }

    deinit {
        if !isFinished { abandon() }
    }

    /// The final path the file will have after `commit()`.
    public var finalPath: String { "\(directory)/\(name)" }

    /// Appends bytes; they reach the disk on `commit()` at the latest.
    public func write(_ bytes: some Sequence<UInt8>) throws(SystemError) {
        if buffer.count + bytes.underestimatedCount > flushThreshold { try flush() }
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes from memory. The generic `write` is not specialised across modules: each
    /// call looked up generic metadata, a fifth of the cost of writing an export line.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(SystemError) {
        // Flushed before it would outgrow its capacity: a writer holds 256 KiB, not twice that.
        if buffer.count + bytes.count > flushThreshold { try flush() }
        buffer.append(contentsOf: bytes)
    }

    /// Appends an array's bytes (through its storage, like the buffer-pointer overload).
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        try bytes.withUnsafeBufferPointer { (contents) throws(SystemError) in try write(contents) }
    }

    /// Appends a string as UTF-8.
    public func write(_ text: String) throws(SystemError) {
        try write(text.utf8)
    }

    /// Rewrites everything written so far through `transform`, piece by piece (each piece ends
    /// at one of the `boundaries` bytes, or at the end), into a new temp file (`<temp>.rewrite`)
    /// that takes the old one's name; writing then goes on at its end. For a result whose
    /// encoding is settled late: with CR and LF as boundaries, no piece splits a UTF-8 sequence,
    /// and memory stays at a piece of about 1 MiB whatever the line ending.
    public func rewriteWritten(boundaries: [UInt8],
                               _ transform: (UnsafeBufferPointer<UInt8>) -> [UInt8]) throws(SystemError) {
        try flush()
        let path = temporaryPath
        let newPath = path + ".rewrite"
        let output = try syscall("open", path: newPath) {
            open(newPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        do {
            try Self.copy(from: path, to: output, outputPath: newPath, boundaries: boundaries, transform)
            try syscall("rename", path: path) { rename(newPath, path) }
        } catch {
            closeDescriptor(output)
            _ = unlink(newPath)
            throw error
        }
        closeDescriptor(fd)
        fd = output
    }

    private static func copy(from path: String, to output: Int32, outputPath: String, boundaries: [UInt8],
                             _ transform: (UnsafeBufferPointer<UInt8>) -> [UInt8]) throws(SystemError) {
        let input = try syscall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { closeDescriptor(input) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try syscall("read", path: path) {
                chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            }
            pending += chunk[0..<count]
            let last = pending.lastIndex { boundaries.contains($0) }
            let cut = count == 0 ? pending.count : (last.map { $0 + 1 } ?? 0)
            let piece = pending.withUnsafeBufferPointer { transform(UnsafeBufferPointer(rebasing: $0[0..<cut])) }
            try writeAll(output, piece, path: outputPath)
            pending.removeFirst(cut)
            if count == 0 { return }
        }
    }

    /// Makes the file durable and visible under its final name.
    public func commit() throws(SystemError) {
        try sync()
        try publish()
    }

    /// Makes the temp file durable (flush, fsync, close) without publishing it yet.
    public func sync() throws(SystemError) {
        guard fd >= 0 else { return }
        try flush()
        let path = temporaryPath
        try syscall("fsync", path: path) { fsync(fd) }
        closeDescriptor(fd)
        fd = -1
        // A synced writer may wait for its publish step (a batch of files): keep no buffer meanwhile.
        buffer = []
    }

    /// Renames the synced temp file to its final name and fsyncs the folder (unless the caller
    /// fsyncs it once for many files).
    public func publish(syncingDirectory: Bool = true) throws(SystemError) {
        let path = temporaryPath
        let target = finalPath
        try syscall("rename", path: target) { rename(path, target) }
        isFinished = true
        if syncingDirectory { try FileSystem.syncDirectory(directory) }
    }

    /// Leaves a synced temp file in place (for a later `publish` after the store committed).
    public func keep() { isFinished = true }

    /// Drops the temp file; the final name is untouched.
    public func abandon() {
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
        _ = unlink(temporaryPath)
        isFinished = true
    }

    private func flush() throws(SystemError) {
        let path = temporaryPath
        FaultInjection.hit("result-write")
        try FaultInjection.chargeWrite(buffer.count, path: path)
        try Self.writeAll(fd, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
        // Starts writing what is written so far to the disk without waiting for it (a hint; the
        // fsync in `sync()` still makes it durable): a big result or export file then no longer
        // waits at the end of a run for all of its pages to be written.
        _ = Self.startWriteback?(fd, 0, 0, Self.writebackFlags)
    }

    /// glibc's `sync_file_range`, which Swift's Glibc module leaves out (it needs _GNU_SOURCE).
    private static let startWriteback: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    }()
    /// SYNC_FILE_RANGE_WRITE: start writing the dirty pages, do not wait.
    private static let writebackFlags: UInt32 = 2

    /// Writes all of `bytes` to `descriptor`, however many calls it takes.
    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            offset += try syscall("write", path: path) {
                bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress! + start, raw.count - start) }
            }
        }
    }
}

/// Small file-system helpers that go through `syscall`.
public enum FileSystem {
    /// fsyncs a directory so that renames inside it survive a crash.
    public static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try syscall("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { closeDescriptor(fd) }
        try syscall("fsync", path: path) { fsync(fd) }
    }

    /// Creates `path` and missing parents with mode 0755; an existing folder is fine.
    public static func makeDirectory(_ path: String) throws(SystemError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw SystemError(call: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// The entry names of a folder, without `.` and `..` (`opendir`/`readdir`); a name whose bytes
    /// are not valid UTF-8 comes repaired (see `entries(in:)`).
    public static func entryNames(in folder: String) throws(SystemError) -> [String] {
        let found = try entries(in: folder)
        return found.names + found.undecodable.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The entry names of a folder, without `.` and `..`, and apart those whose bytes are not
    /// valid UTF-8, as the raw bytes the kernel gives: a `String` would repair them into a name
    /// no call could open.
    public static func entries(in folder: String) throws(SystemError) -> (names: [String], undecodable: [[UInt8]]) {
        guard let directory = opendir(folder) else { throw SystemError(call: "opendir", path: folder, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        var undecodable: [[UInt8]] = []
        while let entry = readdir(directory) {
            withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                if let name = String(validating: bytes, as: UTF8.self) {
                    if name != "." && name != ".." { names.append(name) }
                } else {
                    undecodable.append(Array(bytes))
                }
            }
        }
        return (names, undecodable)
    }

    /// Renames `folder/raw` (a name given as bytes, see `entries(in:)`) to `folder/name`, unless
    /// `name` exists.
    public static func renameEntry(undecodable raw: [UInt8], in folder: String, to name: String) throws(SystemError) {
        let target = "\(folder)/\(name)"
        guard !exists(target) else { throw SystemError(call: "rename", path: target, errno: EEXIST) }
        let source = Array(folder.utf8) + [UInt8(ascii: "/")] + raw + [0]
        let result = source.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { Glibc.rename($0.baseAddress!, target) }
        }
        guard result == 0 else { throw SystemError(call: "rename", path: target, errno: errno) }
    }

    /// True when `path` exists (any kind, links not followed).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Reads a whole (small) file into memory.
    public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = try syscall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { closeDescriptor(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try syscall("read", path: path) {
                chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Renames `from` to `to`; across file systems (EXDEV) copies into a temp file next to
    /// `to`, fsyncs, renames it into place and then removes `from`.
    public static func move(_ from: String, to: String) throws(SystemError) {
        if rename(from, to) == 0 { return }
        let code = errno
        guard code == EXDEV else { throw SystemError(call: "rename", path: from, errno: code) }
        let slash = to.lastIndex(of: "/")
        let directory = slash.map { String(to[..<$0]) } ?? "."
        let name = slash.map { String(to[to.index(after: $0)...]) } ?? to
        let writer = try AtomicFileWriter(directory: directory, name: name)
        try writer.write(try readFile(from))
        try writer.commit()
        try syscall("unlink", path: from) { unlink(from) }
    }
}
