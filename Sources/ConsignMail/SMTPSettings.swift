/// How the SMTP connection is secured.
public enum SMTPTLSMode: String, Sendable, Hashable, CaseIterable {
    /// Plain text; for loopback relays only.
    case off
    /// STARTTLS required: no STARTTLS offered → fail, never fall back to plain text.
    case starttls
    /// Implicit TLS from the first byte (port 465).
    case tls
}

/// Per-stage timeouts in seconds; defaults from RFC 5321 §4.5.3.2.
public struct SMTPTimeouts: Hashable, Sendable {
    /// TCP connect and the TLS handshake.
    public var connect: Double
    /// Waiting for the 220 greeting (5 min).
    public var greeting: Double
    /// EHLO, STARTTLS, AUTH and MAIL replies (5 min).
    public var mail: Double
    /// Each RCPT reply (5 min).
    public var recipient: Double
    /// The 354 reply to DATA (2 min).
    public var dataInitiation: Double
    /// Each write of message data (3 min).
    public var dataBlock: Double
    /// The reply after the final dot (10 min).
    public var dataTermination: Double
    /// The reply to QUIT; the outcome is already known by then.
    public var quit: Double

    /// Creates timeouts; every argument defaults to the RFC value.
    public init(connect: Double = 30, greeting: Double = 300, mail: Double = 300, recipient: Double = 300,
                dataInitiation: Double = 120, dataBlock: Double = 180, dataTermination: Double = 600,
                quit: Double = 30) {
        self.connect = connect
        self.greeting = greeting
        self.mail = mail
        self.recipient = recipient
        self.dataInitiation = dataInitiation
        self.dataBlock = dataBlock
        self.dataTermination = dataTermination
        self.quit = quit
    }

    /// Every timeout set to `seconds`; for tests.
    public static func uniform(_ seconds: Double) -> SMTPTimeouts {
        SMTPTimeouts(connect: seconds, greeting: seconds, mail: seconds, recipient: seconds,
                     dataInitiation: seconds, dataBlock: seconds, dataTermination: seconds, quit: seconds)
    }
}

/// Where and how to deliver: server, TLS, credentials, timeouts.
public struct SMTPSettings: Hashable, Sendable {
    /// The server's host name or IP address (also the name the certificate must carry).
    public var host: String
    /// The TCP port (25, 587 or 465).
    public var port: UInt16
    /// TLS mode.
    public var tls: SMTPTLSMode
    /// The AUTH user; nil sends no AUTH.
    public var username: String?
    /// The AUTH password; never logged.
    public var password: String?
    /// A PEM file of trusted CA certificates; nil uses the system store.
    public var caFile: String?
    /// Allows AUTH over a connection without TLS (loopback relays only).
    public var allowPlainAuth: Bool
    /// The name sent in EHLO/HELO.
    public var heloName: String
    /// Per-stage timeouts.
    public var timeouts: SMTPTimeouts

    /// Creates settings; STARTTLS on port 587 unless told otherwise.
    public init(host: String, port: UInt16 = 587, tls: SMTPTLSMode = .starttls, username: String? = nil,
                password: String? = nil, caFile: String? = nil, allowPlainAuth: Bool = false,
                heloName: String = "localhost", timeouts: SMTPTimeouts = SMTPTimeouts()) {
        self.host = host
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
        self.caFile = caFile
        self.allowPlainAuth = allowPlainAuth
        self.heloName = heloName
        self.timeouts = timeouts
    }
}

extension SMTPSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// The settings with the password left out, safe for logs and error messages.
    public var description: String {
        let user = username == nil ? "user: none" : "user: set"
        return "SMTPSettings(host: \(host), port: \(port), tls: \(tls.rawValue), \(user), password: "
            + (password == nil ? "none" : "<redacted>") + ", caFile: \(caFile ?? "system store"), "
            + "allowPlainAuth: \(allowPlainAuth), heloName: \(heloName))"
    }

    /// Same as `description`: the password never appears.
    public var debugDescription: String { description }
}
