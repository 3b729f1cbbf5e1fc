/// Reassembles SMTP replies from received bytes, enforcing limits (RFC 5321 §4.2, §4.5.3.1).
///
/// Accepts multi-line replies (`250-…` then `250 …`), code-only lines (`250`), bare LF line
/// ends; refuses a first digit outside 2–5, changing codes, lines over 2,000 bytes, more than
/// 100 lines or 64 KiB in one reply.
public struct SMTPReplyParser: Sendable {
    /// The longest line accepted (RFC says 512; lenient but capped).
    public static let maximumLineLength = 2000
    /// The most lines one reply may have.
    public static let maximumLineCount = 100
    /// The most bytes one reply may have.
    public static let maximumReplySize = 64 * 1024

    private var buffer: [UInt8] = []
    private var pendingCode: Int?
    private var pendingLines: [String] = []
    private var pendingSize = 0

    /// Creates an empty parser.
    public init() {}

    /// Bytes received but not yet part of a returned reply.
    public var bufferedByteCount: Int { buffer.count + pendingSize }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, nil when more bytes are needed; throws on a protocol violation.
    public mutating func nextReply() throws(MailError) -> SMTPReply? {
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = Array(buffer[..<newline])
            buffer.removeFirst(newline + 1)
            if line.last == 0x0D { line.removeLast() }
            if let reply = try consume(line, size: newline + 1) { return reply }
        }
        // A trailing CR may be the first half of a CRLF whose LF is still in flight (found by fuzzing).
        let unfinishedLength = buffer.last == 0x0D ? buffer.count - 1 : buffer.count
        if unfinishedLength > SMTPReplyParser.maximumLineLength {
            throw violation("reply line longer than \(SMTPReplyParser.maximumLineLength) bytes")
        }
        return nil
    }

    private mutating func consume(_ line: [UInt8], size: Int) throws(MailError) -> SMTPReply? {
        guard line.count <= SMTPReplyParser.maximumLineLength else {
            throw violation("reply line longer than \(SMTPReplyParser.maximumLineLength) bytes")
        }
        let code = try parseCode(line)
        if let pendingCode, pendingCode != code { throw violation("reply lines carry different codes") }
        pendingCode = code
        pendingSize += size
        let separator: UInt8? = line.count > 3 ? line[3] : nil
        guard separator == nil || separator == 0x20 || separator == UInt8(ascii: "-") else {
            throw violation("reply line has no space or '-' after the code")
        }
        pendingLines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard pendingLines.count <= SMTPReplyParser.maximumLineCount,
              pendingSize <= SMTPReplyParser.maximumReplySize else {
            throw violation("reply exceeds \(SMTPReplyParser.maximumLineCount) lines or 64 KiB")
        }
        if separator == UInt8(ascii: "-") { return nil }

        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        pendingSize = 0
        return reply
    }

    private func parseCode(_ line: [UInt8]) throws(MailError) -> Int {
        guard line.count >= 3, line[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw violation("reply line does not start with a three-digit code")
        }
        guard line[0] >= UInt8(ascii: "2") && line[0] <= UInt8(ascii: "5") else {
            throw violation("reply code does not start with 2, 3, 4 or 5")
        }
        return line[0..<3].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private func violation(_ reason: String) -> MailError {
        MailError(.protocolViolation, "SMTP server sent a bad reply: \(reason)")
    }
}
