/// The SMTP client protocol as a value-type state machine: events in, actions out.
///
/// It does no I/O. A loop (`SMTPClient`) performs the actions (send bytes, start TLS, close)
/// and feeds back what happened (bytes received, TLS up, timeout, connection closed). The
/// loop waits at most `timeout` seconds for the next event.
public struct SMTPSession: Sendable {
    /// Something that happened on the connection.
    public enum Event: Sendable, Hashable {
        /// The TCP (or implicit TLS) connection is up; the server's greeting comes next.
        case connected
        /// Bytes arrived from the server.
        case bytesReceived([UInt8])
        /// A whole reply arrived (for tests and loops that parse themselves).
        case replyReceived(SMTPReply)
        /// The TLS handshake after STARTTLS succeeded.
        case tlsEstablished
        /// The message data from `sendMessageData` was written completely.
        case dataSent
        /// The current wait exceeded `timeout`.
        case timeout
        /// The server closed the connection.
        case connectionClosed
        /// The transport failed (connect, TLS handshake, certificate, read/write).
        case transportFailed(MailError)
    }

    /// Something the loop must do.
    public enum Action: Sendable, Hashable {
        /// Write these command bytes. They may hold credentials: never log them.
        case send([UInt8])
        /// Write the dot-stuffed message, then report `.dataSent`.
        case sendMessageData([UInt8])
        /// Run the TLS handshake on the socket, then report `.tlsEstablished` or `.transportFailed`.
        case startTLS
        /// Close the connection.
        case close
        /// The session is over; this is the result.
        case finished(DeliveryReport)
    }

    enum State: Hashable, Sendable {
        case idle, greeting, ehlo, helo, startTLS, tlsHandshake, auth(AuthStep), transaction
        case sendingData, dataTermination, quitting, done
    }

    enum AuthStep: Hashable, Sendable { case plain, loginUsername, loginPassword, loginResult }

    enum Command: Hashable, Sendable { case mail, recipient(Int), data }

    let settings: SMTPSettings
    let envelope: SMTPEnvelope
    let message: [UInt8]
    let messageID: String
    var state: State = .idle
    var parser = SMTPReplyParser()
    var isSecure: Bool
    var pending: [Command] = []
    var statuses: [RecipientStatus?]
    var transactionFailure: DeliveryFailure?
    var decided: DeliveryReport?
    var isDiscardingData = false

    /// What the server announced in its latest EHLO reply.
    public internal(set) var capabilities = ServerCapabilities()

    /// Creates a session delivering `message` (rendered, not dot-stuffed) to `envelope`.
    public init(settings: SMTPSettings, envelope: SMTPEnvelope, message: [UInt8], messageID: String) {
        self.settings = settings
        self.envelope = envelope
        self.message = message
        self.messageID = messageID
        self.isSecure = settings.tls == .tls
        self.statuses = Array(repeating: nil, count: envelope.recipients.count)
    }

    /// True once `.finished` has been emitted.
    public var isFinished: Bool { state == .done }

    /// How long the loop may wait for the next event, in seconds.
    public var timeout: Double {
        let timeouts = settings.timeouts
        switch state {
        case .idle, .tlsHandshake: return timeouts.connect
        case .greeting: return timeouts.greeting
        case .ehlo, .helo, .startTLS, .auth: return timeouts.mail
        case .transaction:
            switch pending.first {
            case .recipient: return timeouts.recipient
            case .data: return timeouts.dataInitiation
            case .mail, nil: return timeouts.mail
            }
        case .sendingData: return timeouts.dataBlock
        case .dataTermination: return timeouts.dataTermination
        case .quitting, .done: return timeouts.quit
        }
    }

    /// The step the session is in, for logs.
    public var stage: SMTPStage {
        switch state {
        case .idle: .connect
        case .greeting: .greeting
        case .ehlo: .ehlo
        case .helo: .helo
        case .startTLS: .startTLS
        case .tlsHandshake: .tlsHandshake
        case .auth: .auth
        case .transaction: pending.first.map(Self.stage(of:)) ?? .mail
        case .sendingData: .data
        case .dataTermination: .dataTermination
        case .quitting, .done: .quit
        }
    }

    /// Advances the session by one event.
    public mutating func handle(_ event: Event) -> [Action] {
        guard state != .done else { return [] }
        switch event {
        case .connected: return connected()
        case .bytesReceived(let bytes): return received(bytes)
        case .replyReceived(let reply): return handleReply(reply)
        case .tlsEstablished: return tlsEstablished()
        case .dataSent: return dataSent()
        case .timeout: return connectionLost(MailError(.timeout, "no reply within \(Int(timeout)) s"))
        case .connectionClosed: return connectionLost(MailError(.connectionClosed, "the server closed the connection"))
        case .transportFailed(let error): return connectionLost(error)
        }
    }

    private mutating func connected() -> [Action] {
        guard state == .idle else { return abort(violation("connected twice")) }
        if let error = validateSettings() {
            return finish(.permanentFailure, DeliveryFailure(stage: .connect, error: error), quit: false)
        }
        state = .greeting
        return []
    }

    private func validateSettings() -> MailError? {
        do {
            try HeaderValue.refuseInjection(settings.heloName, field: "HELO name")
        } catch {
            return error
        }
        guard !settings.heloName.isEmpty, HeaderValue.isPlainASCII(settings.heloName),
              !settings.heloName.contains(" ") else {
            return MailError(.policyRefused, "HELO name must be one ASCII word")
        }
        return nil
    }

    private mutating func received(_ bytes: [UInt8]) -> [Action] {
        parser.append(bytes)
        var actions: [Action] = []
        while state != .done {
            let reply: SMTPReply
            do {
                guard let next = try parser.nextReply() else { break }
                reply = next
            } catch {
                return actions + abort(error)
            }
            actions += handleReply(reply)
        }
        return actions
    }

    private mutating func handleReply(_ reply: SMTPReply) -> [Action] {
        switch state {
        case .greeting: return greetingReply(reply)
        case .ehlo: return ehloReply(reply)
        case .helo: return heloReply(reply)
        case .startTLS: return startTLSReply(reply)
        case .auth(let step): return authReply(reply, step: step)
        case .transaction: return transactionReply(reply)
        case .dataTermination: return dataTerminationReply(reply)
        case .quitting: return [.close] + finishedAction()
        case .idle, .tlsHandshake, .sendingData, .done:
            return abort(violation("unexpected reply \(reply.code) while no command was pending"))
        }
    }

    private mutating func greetingReply(_ reply: SMTPReply) -> [Action] {
        guard reply.code == 220 else { return fail(.greeting, reply) }
        return sendHello()
    }

    mutating func sendHello() -> [Action] {
        state = .ehlo
        return [command("EHLO \(settings.heloName)")]
    }

    private mutating func ehloReply(_ reply: SMTPReply) -> [Action] {
        if reply.code == 250 {
            capabilities = ServerCapabilities(ehloReply: reply)
            return afterHello()
        }
        // Only "command not recognized"-class replies mean the server lacks EHLO (RFC 5321 §3.2).
        guard [500, 501, 502, 504, 550].contains(reply.code) else { return fail(.ehlo, reply) }
        state = .helo
        return [command("HELO \(settings.heloName)")]
    }

    private mutating func heloReply(_ reply: SMTPReply) -> [Action] {
        guard reply.code == 250 else { return fail(.helo, reply) }
        capabilities = ServerCapabilities()
        return afterHello()
    }

    private mutating func afterHello() -> [Action] {
        if settings.tls == .starttls && !isSecure {
            guard capabilities.supportsStartTLS else {
                let error = MailError(.policyRefused,
                                      "server '\(settings.host)' does not offer STARTTLS, which is required")
                return finish(.permanentFailure, DeliveryFailure(stage: .startTLS, error: error), quit: true)
            }
            state = .startTLS
            return [command("STARTTLS")]
        }
        if settings.username != nil { return startAuth() }
        return startTransaction()
    }

    private mutating func startTLSReply(_ reply: SMTPReply) -> [Action] {
        guard reply.code == 220 else { return fail(.startTLS, reply) }
        // Bytes that came with or after the 220 were sent in plain text before TLS and
        // could be injected by an attacker (RFC 3207 §5.2, "STARTTLS command injection").
        guard parser.bufferedByteCount == 0 else {
            return abort(violation("data received after the STARTTLS reply, before the TLS handshake"))
        }
        state = .tlsHandshake
        capabilities = ServerCapabilities()
        return [.startTLS]
    }

    private mutating func tlsEstablished() -> [Action] {
        guard state == .tlsHandshake else { return abort(violation("TLS established without STARTTLS")) }
        isSecure = true
        capabilities = ServerCapabilities()
        parser = SMTPReplyParser()
        return sendHello()
    }

    private mutating func dataSent() -> [Action] {
        guard state == .sendingData else { return abort(violation("data sent outside DATA")) }
        state = .dataTermination
        return []
    }

    private mutating func connectionLost(_ error: MailError) -> [Action] {
        switch state {
        case .quitting:
            return [.close] + finishedAction()
        case .dataTermination where !isDiscardingData:
            // The final dot went out: the server may have accepted the message (RFC 5321 §4.5.3.2.6).
            let failure = DeliveryFailure(stage: .dataTermination, error: error)
            return finish(.outcomeUnknown, failure, quit: false)
        default:
            return abort(error)
        }
    }

    func command(_ text: String) -> Action {
        .send(Array((text + "\r\n").utf8))
    }

    func violation(_ reason: String) -> MailError {
        MailError(.protocolViolation, "SMTP server '\(settings.host)': \(reason)")
    }

    static func stage(of command: Command) -> SMTPStage {
        switch command {
        case .mail: .mail
        case .recipient: .recipient
        case .data: .data
        }
    }
}
