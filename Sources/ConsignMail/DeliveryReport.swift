/// The step of an SMTP session, for reports and logs.
public enum SMTPStage: String, Sendable, Hashable {
    /// Resolving the host and opening the TCP connection (and the implicit TLS handshake).
    case connect
    /// Waiting for the 220 greeting.
    case greeting
    /// EHLO and its reply.
    case ehlo
    /// HELO after EHLO was not recognized.
    case helo
    /// STARTTLS and its reply.
    case startTLS = "starttls"
    /// The TLS handshake after STARTTLS.
    case tlsHandshake = "tls-handshake"
    /// AUTH PLAIN or LOGIN.
    case auth
    /// MAIL FROM.
    case mail
    /// RCPT TO.
    case recipient
    /// DATA and writing the message.
    case data
    /// Waiting for the reply after the final dot.
    case dataTermination = "data-termination"
    /// QUIT.
    case quit
    /// Writing an .eml file (FileMailTransport).
    case file
}

/// What happened to one envelope recipient.
public enum RecipientStatus: Hashable, Sendable {
    /// Accepted by RCPT and the message was accepted after the final dot.
    case accepted
    /// Refused with a 4yz reply; may be retried later.
    case refusedTemporarily(SMTPReply)
    /// Refused with a 5yz reply; do not retry as is.
    case refusedPermanently(SMTPReply)
    /// Never reached: the session ended before or the message was not accepted.
    case notDelivered
}

/// One recipient and its status.
public struct RecipientResult: Hashable, Sendable {
    /// The envelope address.
    public let address: String
    /// What happened.
    public let status: RecipientStatus

    /// Creates a result.
    public init(address: String, status: RecipientStatus) {
        self.address = address
        self.status = status
    }
}

/// Why a delivery did not (fully) happen.
public struct DeliveryFailure: Hashable, Sendable, CustomStringConvertible {
    /// The step that failed.
    public let stage: SMTPStage
    /// The server's reply, when a reply caused it.
    public let reply: SMTPReply?
    /// The local error (timeout, TLS, protocol violation, policy), when one caused it.
    public let error: MailError?

    /// Creates a failure record.
    public init(stage: SMTPStage, reply: SMTPReply? = nil, error: MailError? = nil) {
        self.stage = stage
        self.reply = reply
        self.error = error
    }

    public var description: String {
        var text = "at \(stage.rawValue)"
        if let reply { text += ": server replied \(reply.code) \(reply.text)" }
        if let error { text += ": \(error)" }
        return text
    }
}

/// The result of one delivery attempt.
public struct DeliveryReport: Hashable, Sendable {
    /// The overall result, which decides whether the caller retries.
    public enum Outcome: String, Sendable, Hashable {
        /// Every recipient accepted the message.
        case delivered
        /// The message was accepted for some recipients; see `recipients` for the others.
        case partiallyDelivered = "partially-delivered"
        /// Nothing delivered; retry later (4yz, timeouts, connection failures).
        case temporaryFailure = "temporary-failure"
        /// Nothing delivered; retrying as is will fail again (5yz, auth refused, policy).
        case permanentFailure = "permanent-failure"
        /// The final dot was sent but no reply came: the message may or may not have been
        /// delivered. Do not resend blindly (RFC 5321 §4.5.3.2.6); resend only with the same Message-ID.
        case outcomeUnknown = "outcome-unknown"
    }

    /// The overall result.
    public let outcome: Outcome
    /// Each envelope recipient's status.
    public let recipients: [RecipientResult]
    /// The reason, when the outcome is not `delivered`.
    public let failure: DeliveryFailure?
    /// The Message-ID that was (or was to be) sent.
    public let messageID: String

    /// Creates a report.
    public init(outcome: Outcome, recipients: [RecipientResult], failure: DeliveryFailure?, messageID: String) {
        self.outcome = outcome
        self.recipients = recipients
        self.failure = failure
        self.messageID = messageID
    }

    /// True when at least one recipient has the message.
    public var isDelivered: Bool { outcome == .delivered || outcome == .partiallyDelivered }
}
