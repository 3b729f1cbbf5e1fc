/// One complete SMTP reply: a three-digit code and its text lines (RFC 5321 §4.2).
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code, 200–599.
    public let code: Int
    /// The text of each line after the code and separator (may be empty strings).
    public let lines: [String]

    /// Creates a reply.
    public init(code: Int, lines: [String] = [""]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// 2yz: the command succeeded.
    public var isPositive: Bool { code / 100 == 2 }
    /// 3yz: the server waits for more (354 for DATA, 334 for AUTH).
    public var isIntermediate: Bool { code / 100 == 3 }
    /// 4yz: failed for now; retry later.
    public var isTransient: Bool { code / 100 == 4 }
    /// 5yz: failed for good; do not repeat as is.
    public var isPermanent: Bool { code / 100 == 5 }

    /// All lines joined with a space.
    public var text: String { lines.joined(separator: " ").trimmingSpaces() }

    public var description: String { "\(code) \(text)" }
}
