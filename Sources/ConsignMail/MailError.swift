import ConsignSupport

/// A failure in ConsignMail: building a message, talking SMTP, or the socket and TLS below it.
public struct MailError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of things that can go wrong.
    public enum Code: String, Sendable, Hashable {
        /// CR, LF or NUL found in a header value or address taken from data.
        case headerInjection = "header-injection"
        /// An e-mail address that is not `local@domain` in plain ASCII.
        case invalidAddress = "invalid-address"
        /// A header value that cannot be encoded (empty Message-ID, bad file name, …).
        case invalidHeader = "invalid-header"
        /// The host name could not be resolved.
        case resolveFailed = "resolve-failed"
        /// No TCP connection could be made.
        case connectFailed = "connect-failed"
        /// A wait for the server exceeded its timeout.
        case timeout = "timeout"
        /// The server closed the connection.
        case connectionClosed = "connection-closed"
        /// A read or write on the socket failed.
        case ioFailed = "io-failed"
        /// The TLS handshake failed for a reason other than the certificate.
        case tlsFailed = "tls-failed"
        /// The server's certificate or host name did not verify.
        case certificateRejected = "certificate-rejected"
        /// The server broke the SMTP protocol (bad reply syntax, limits, STARTTLS injection).
        case protocolViolation = "protocol-violation"
        /// The session's settings forbid what the server requires (no STARTTLS, AUTH without TLS, …).
        case policyRefused = "policy-refused"
        /// The .eml file could not be written.
        case fileWriteFailed = "file-write-failed"
    }

    /// What went wrong.
    public let code: Code
    /// A sentence for people naming the object (host, header, file).
    public let message: String
    /// The system call failure underneath, if any.
    public let cause: SystemError?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: SystemError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue): \(message) (\(cause))"
    }

    public static func == (lhs: MailError, rhs: MailError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.cause?.description == rhs.cause?.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}
