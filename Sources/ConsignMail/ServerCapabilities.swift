/// What the server announced in its EHLO reply (RFC 5321 §4.1.1.1).
public struct ServerCapabilities: Hashable, Sendable {
    /// The SIZE limit in bytes; nil when not announced, 0 when announced without a limit.
    public var maximumSize: Int?
    /// 8BITMIME announced (we send 7-bit only, so informational).
    public var supportsEightBitMIME = false
    /// PIPELINING announced (RFC 2920).
    public var supportsPipelining = false
    /// STARTTLS announced (RFC 3207).
    public var supportsStartTLS = false
    /// AUTH mechanisms announced, upper-case (RFC 4954).
    public var authMechanisms: Set<String> = []

    /// No extensions (after HELO, or after STARTTLS before the new EHLO).
    public init() {}

    /// Parses the extension lines of a 250 EHLO reply (every line after the first).
    public init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            let parameters = Array(words.dropFirst())
            switch keyword {
            case "SIZE": maximumSize = parameters.first.flatMap { Int($0) } ?? 0
            case "8BITMIME": supportsEightBitMIME = true
            case "PIPELINING": supportsPipelining = true
            case "STARTTLS": supportsStartTLS = true
            case "AUTH": authMechanisms.formUnion(parameters)
            default: continue
            }
        }
    }
}
