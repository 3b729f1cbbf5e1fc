import ConsignSupport
import Glibc

/// Delivers messages over SMTP: a thin synchronous loop that runs an `SMTPSession` over a
/// socket (and OpenSSL after STARTTLS or for implicit TLS). One connection per message.
public struct SMTPClient: MailTransport {
    /// Where and how to deliver.
    public let settings: SMTPSettings
    private let logger: Logger

    /// Creates a client; `logger` gets stages and reply codes, never credentials or addresses above debug.
    public init(settings: SMTPSettings, logger: Logger = Logger(label: "consign.mail", minimumLevel: .warning)) {
        self.settings = settings
        self.logger = logger
    }

    /// Delivers `message` to the envelope its headers imply (To, Cc, Bcc).
    public func deliver(_ message: MailMessage) -> DeliveryReport {
        send(message, envelope: SMTPEnvelope(message: message))
    }

    /// Delivers `message` to `envelope`; blocks until the session ends.
    public func send(_ message: MailMessage, envelope: SMTPEnvelope) -> DeliveryReport {
        // OpenSSL writes with write(2): a peer that went away must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        var session = SMTPSession(settings: settings, envelope: envelope, message: message.rendered(),
                                  messageID: message.messageID)
        let report = run(&session)
        log(report)
        return report
    }

    private func run(_ session: inout SMTPSession) -> DeliveryReport {
        let connection: SMTPConnection
        do {
            connection = try SMTPConnection.open(settings: settings)
        } catch {
            return finalReport(session.handle(.transportFailed(error)))
        }
        defer { connection.close() }

        var actions = session.handle(.connected)
        while true {
            for action in actions {
                if case .finished(let report) = action { return report }
            }
            let events = perform(actions, on: connection, session: session)
            actions = events.flatMap { session.handle($0) }
        }
    }

    /// Performs the actions in order; returns the events they produced, or the next read's event.
    private func perform(_ actions: [SMTPSession.Action], on connection: SMTPConnection,
                         session: SMTPSession) -> [SMTPSession.Event] {
        let stage = session.stage.rawValue
        do {
            for action in actions {
                switch action {
                case .send(let bytes):
                    try connection.write(bytes, timeout: session.timeout, stage: stage)
                case .sendMessageData(let bytes):
                    try connection.write(bytes, timeout: session.timeout, stage: stage)
                    return [.dataSent]
                case .startTLS:
                    try connection.startTLS(timeout: settings.timeouts.connect)
                    return [.tlsEstablished]
                case .close:
                    connection.close()
                    return []
                case .finished:
                    return []
                }
            }
            logger.debug("Waiting for SMTP reply", ["smtp.stage": stage])
            return [.bytesReceived(try connection.read(timeout: session.timeout, stage: stage))]
        } catch {
            return [event(for: error)]
        }
    }

    private func event(for error: MailError) -> SMTPSession.Event {
        switch error.code {
        case .timeout: .timeout
        case .connectionClosed: .connectionClosed
        default: .transportFailed(error)
        }
    }

    private func finalReport(_ actions: [SMTPSession.Action]) -> DeliveryReport {
        for action in actions {
            if case .finished(let report) = action { return report }
        }
        let error = MailError(.protocolViolation, "SMTP session ended without a result")
        return DeliveryReport(outcome: .temporaryFailure, recipients: [],
                              failure: DeliveryFailure(stage: .connect, error: error), messageID: "")
    }

    private func log(_ report: DeliveryReport) {
        var metadata = ["smtp.host": settings.host, "smtp.outcome": report.outcome.rawValue,
                        "mail.message_id": report.messageID]
        if let failure = report.failure {
            metadata["smtp.stage"] = failure.stage.rawValue
            if let reply = failure.reply { metadata["smtp.reply.code"] = String(reply.code) }
            if let error = failure.error { metadata["smtp.error"] = error.code.rawValue }
        }
        switch report.outcome {
        case .delivered: logger.info("Message delivered", metadata)
        case .partiallyDelivered:
            logger.warning("Message delivered to some recipients only; check the refusals", metadata)
        case .temporaryFailure: logger.warning("Message not delivered; will retry later", metadata)
        case .permanentFailure: logger.error("Message refused; fix the settings or addresses", metadata)
        case .outcomeUnknown:
            logger.error("No reply after the message was sent; it may have been delivered. Do not resend blindly",
                         metadata)
        }
    }
}
