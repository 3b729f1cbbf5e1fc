import ConsignCore
import ConsignFormats
import ConsignSupport
import Glibc

/// The whole of a code-page XML file, checked before libxml2 decodes it: the encoding is
/// decided on the first 64 KiB, and an order further on in UTF-8 (concatenated exports) would
/// otherwise be registered as mojibake; a byte the code page does not define would stop the
/// decoding in the middle of the file, with the orders of its 64 KiB block before it not read;
/// and a C1 control (Windows-1250 letters in a file declared ISO-8859-2) would be registered as
/// a name with control characters in it. One extra pass over the bytes, which skips ASCII a
/// word at a time; lines are counted only to name the one refused.
enum XMLEncodingScan {
    private static let chunkSize = 1 << 20
    private static let elementEnd = UInt8(ascii: ">")

    /// Throws `.encodingMismatch` naming the first line that holds UTF-8 text or a byte that is
    /// no text in `page` (undefined, or a C1 control), whichever comes first.
    static func check(path: String, fileName: String, page: SingleByteCodePage) throws(FormatError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(fileName) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var kept = 0
        var bufferOffset = 0
        while true {
            let count = try readMore(descriptor, into: &buffer, after: kept, fileName: fileName)
            let filled = kept + count
            let final = count == 0
            let (utf8Line, nonText) = buffer.withUnsafeBufferPointer {
                let bytes = UnsafeBufferPointer(rebasing: $0[..<filled])
                return (EncodingDetector.firstUTF8Line(in: bytes, final: final, breakingAlsoAt: elementEnd),
                        firstNonTextByte(in: bytes, page: page))
            }
            if let nonText, nonText < utf8Line ?? .max {
                let line = try lineNumber(at: bufferOffset + nonText, descriptor, fileName: fileName)
                let byte = buffer[nonText]
                let hex = "0x" + String(byte, radix: 16, uppercase: true)
                let what = page.defines(byte) ? "a control character there (Windows-1250 text?)" : "not defined there"
                throw FormatError(.encodingMismatch, file: fileName, location: SourceLocation(line: line),
                                  "byte \(hex) at offset \(bufferOffset + nonText) is \(what), in the declared "
                                    + "encoding; save the whole file in one encoding")
            }
            if let found = utf8Line {
                let line = try lineNumber(at: bufferOffset + found, descriptor, fileName: fileName)
                throw FormatError(.encodingMismatch, file: fileName, location: SourceLocation(line: line),
                                  "line \(line) is UTF-8 but the declared encoding is a code page; "
                                    + "save the whole file in one encoding")
            }
            if final { return }

            let keepFrom = unjudgedStart(in: buffer, filled: filled)
            buffer.withUnsafeMutableBufferPointer { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + keepFrom, filled - keepFrom)
            }
            kept = filled - keepFrom
            bufferOffset += keepFrom
        }
    }

    /// The index of the first byte of `bytes` that is no text in `page` (all such bytes are in
    /// 0x80–0x9F, found a word at a time), nil when there is none.
    private static func firstNonTextByte(in bytes: UnsafeBufferPointer<UInt8>, page: SingleByteCodePage) -> Int? {
        guard page.hasNonTextBytes else { return nil }
        var index = ByteScan.firstC1(in: bytes, from: 0)
        while index < bytes.count {
            if !page.isText(bytes[index]) { return index }
            index = ByteScan.firstC1(in: bytes, from: index + 1)
        }
        return nil
    }

    /// Reads into `buffer` after its first `kept` bytes; 0 at the end of the file.
    private static func readMore(_ descriptor: Int32, into buffer: inout [UInt8], after kept: Int,
                                 fileName: String) throws(FormatError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + kept, $0.count - kept) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw unreadable(fileName) }
            return count
        }
    }

    /// Where the line still being read starts: after the last line feed or `>`. A buffer full
    /// of one unbroken line keeps a short tail only (nothing there can be judged yet).
    private static func unjudgedStart(in buffer: [UInt8], filled: Int) -> Int {
        var index = filled
        while index > 0 {
            let byte = buffer[index - 1]
            if byte == 0x0A || byte == elementEnd { return index }
            index -= 1
        }
        return filled == buffer.count ? filled - 16 : 0
    }

    /// The 1-based line of the byte at `offset`: line feeds before it, counted on a second read.
    private static func lineNumber(at offset: Int, _ descriptor: Int32, fileName: String) throws(FormatError) -> Int {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var line = 1
        var position = 0
        while position < offset {
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, min($0.count, offset - position), off_t(position))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw unreadable(fileName) }
            line += buffer[..<count].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            position += count
        }
        return line
    }

    private static func unreadable(_ fileName: String) -> FormatError {
        FormatError(.unreadable, file: fileName, "cannot read the file (\(String(cString: strerror(errno))))")
    }
}
