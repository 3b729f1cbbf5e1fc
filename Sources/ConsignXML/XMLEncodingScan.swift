import ConsignCore
import ConsignFormats
import Glibc

/// The whole of a code-page XML file, checked for UTF-8 text before libxml2 decodes it: the
/// encoding is decided on the first 64 KiB, and an order further on in UTF-8 (concatenated
/// exports) would otherwise be registered as mojibake. One extra pass over the bytes.
enum XMLEncodingScan {
    /// Throws `.encodingMismatch` naming the first line that holds UTF-8 text.
    static func refuseUTF8Lines(path: String, fileName: String) throws(FormatError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(fileName) }
        defer { close(descriptor) }
        var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 20) { _, count in count = 1 << 20 }
        var pending: [UInt8] = []
        var firstLine = 1
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw unreadable(fileName) }
            pending.append(contentsOf: chunk[0..<count])

            let final = count == 0
            let found = pending.withUnsafeBufferPointer {
                EncodingDetector.firstUTF8Line(in: $0, final: final, breakingAlsoAt: UInt8(ascii: ">"))
            }
            if let found {
                let line = firstLine + lineFeeds(in: pending[..<found])
                throw FormatError(.encodingMismatch, file: fileName, location: SourceLocation(line: line),
                                  "line \(line) is UTF-8 but the declared encoding is a code page; "
                                    + "save the whole file in one encoding")
            }
            if final { return }
            keepUnfinishedPart(of: &pending, firstLine: &firstLine)
        }
    }

    /// Drops what was judged: everything up to the last line feed or `>`.
    private static func keepUnfinishedPart(of pending: inout [UInt8], firstLine: inout Int) {
        guard let last = pending.lastIndex(where: { $0 == 0x0A || $0 == UInt8(ascii: ">") }) else {
            // No break in megabytes: keep a short tail only (nothing there can be judged).
            if pending.count > 1 << 22 { pending.removeFirst(pending.count - 16) }
            return
        }
        firstLine += lineFeeds(in: pending[...last])
        pending.removeSubrange(...last)
    }

    private static func lineFeeds(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private static func unreadable(_ fileName: String) -> FormatError {
        FormatError(.unreadable, file: fileName, "cannot read the file (\(String(cString: strerror(errno))))")
    }
}
