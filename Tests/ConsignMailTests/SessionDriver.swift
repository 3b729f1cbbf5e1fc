@testable import ConsignMail

/// Drives an `SMTPSession` without sockets: feeds scripted server bytes and records the actions.
struct SessionDriver {
    var session: SMTPSession
    /// Every command written, one string per `.send` action.
    var sent: [String] = []
    /// The dot-stuffed message data, if the session sent it.
    var messageData: [UInt8]?
    var tlsStarts = 0
    var isClosed = false
    var report: DeliveryReport?

    init(settings: SMTPSettings = SMTPSettings(host: "mail.test", tls: .off),
         recipients: [String] = ["a@example.cz"], message: [UInt8] = Array("Subject: x\r\n\r\nbody\r\n".utf8)) throws {
        let envelope = SMTPEnvelope(sender: try MailAddress("consign@example.cz"),
                                    recipients: try recipients.map { try MailAddress($0) })
        session = SMTPSession(settings: settings, envelope: envelope, message: message, messageID: "id@test")
        apply(session.handle(.connected))
    }

    /// Feeds raw server bytes.
    mutating func server(_ text: String) {
        apply(session.handle(.bytesReceived(Array(text.utf8))))
    }

    /// Feeds any other event.
    mutating func event(_ event: SMTPSession.Event) {
        apply(session.handle(event))
    }

    /// The last command written.
    var lastSent: String? { sent.last }

    private mutating func apply(_ actions: [SMTPSession.Action]) {
        for action in actions {
            switch action {
            case .send(let bytes): sent.append(bytes.text)
            case .sendMessageData(let bytes): messageData = bytes
            case .startTLS: tlsStarts += 1
            case .close: isClosed = true
            case .finished(let report): self.report = report
            }
        }
    }
}
