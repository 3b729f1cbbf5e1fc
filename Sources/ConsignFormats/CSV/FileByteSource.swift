import ConsignSupport
import Glibc

/// An open input file read in chunks; owns its descriptor and closes it in `deinit`.
final class FileByteSource {
    private let descriptor: Int32
    private let fileName: String

    /// Opens `path` read-only with `open(2)`.
    init(path: String, fileName: String) throws(FormatError) {
        self.fileName = fileName
        do {
            descriptor = try syscall("open", path: fileName) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        } catch {
            throw FormatError(.unreadable, file: fileName, "cannot open: \(error)")
        }
    }

    deinit {
        closeDescriptor(descriptor)
    }

    /// True when a byte from file offset `offset` to the end is 0x80–0x9F, read with `pread(2)`
    /// (the reading position does not move); false also when the file cannot be read (the
    /// reading itself then reports it).
    func containsC1(from offset: Int) -> Bool {
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        while true {
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            guard count > 0 else { return false }
            if block.withUnsafeBufferPointer({ ByteScan.containsC1(UnsafeBufferPointer(rebasing: $0[..<count])) }) {
                return true
            }
            position += count
        }
    }

    /// Reads up to `count` bytes into `buffer` at `offset` with `read(2)`; 0 means end of file.
    func read(into buffer: inout [UInt8], at offset: Int, count: Int) throws(FormatError) -> Int {
        let descriptor = self.descriptor
        let result = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SystemError) -> Int in
                try syscall("read", path: fileName) { Glibc.read(descriptor, raw.baseAddress! + offset, count) }
            }
        }
        switch result {
        case .success(let count): return count
        case .failure(let error): throw FormatError(.unreadable, file: fileName, "cannot read: \(error)")
        }
    }
}
