import ConsignHandover
import ConsignMail
import ConsignStore
import ConsignSupport
import Foundation

/// Sends queued close-batch reports. A temporary failure keeps the report queued with a
/// growing back-off; a permanent one marks it failed with the server's reply; a connection
/// lost after the final dot marks it `unknown` and is never resent automatically. A retry
/// goes only to recipients that have not accepted the report yet, with the same Message-ID.
struct ReportMailer {
    let publisher: HandoverPublisher
    let folder: String
    let mailFolder: String
    let settings: ReportMailSettings
    let wallClock: any Clock
    let logger: Logger

    /// Reports older than this are given up on (RFC 5321 suggests 4–5 days).
    static let giveUpAfter: TimeInterval = 5 * 86400

    var store: Store { publisher.engine.store }

    /// Sends every due report; returns how many are still waiting after a temporary failure.
    func sendDue() throws -> (waiting: Int, needAttention: Int) {
        var needAttention = 0
        for mail in try store.dueReports(now: wallClock.now()) {
            let state = try send(mail)
            if state == .failed || state == .unknown { needAttention += 1 }
        }
        return (try store.waitingReports().filter { $0.attempts > 0 }.count, needAttention)
    }

    /// Sends one report now (also used by `mailq --retry`); returns the state it is left in.
    @discardableResult
    func send(_ original: QueuedMail) throws -> MailState {
        var mail = original
        var recipients = try store.recipients(ofMail: mail.id)
        let pending = recipients.filter { $0.state == .pending }.map(\.address)
        guard !pending.isEmpty, let batch = try store.closeBatch(id: mail.batchId) else {
            mail.state = .sent
            mail.finishedAt = wallClock.now()
            try store.transaction { try store.recordAttempt(mail, recipients: recipients) }
            return mail.state
        }
        let message = try ReportMessage.make(
            try publisher.makeHandover(batch), from: settings.from, recipients: recipients.map(\.address),
            messageId: mail.messageId, attachments: try attachments(batch))
        var sending = mail
        sending.state = .sending
        // Counted before the attempt: a kill during it leaves the report `unknown` with it counted.
        sending.attempts += 1
        try store.transaction { try store.recordAttempt(sending, recipients: recipients) }
        FaultInjection.hit("mail-send")
        let report = deliver(message, to: pending)
        FaultInjection.hit("mail-sent")
        apply(report, to: &mail, recipients: &recipients)
        try store.transaction { try store.recordAttempt(mail, recipients: recipients) }
        log(mail, report)
        return mail.state
    }

    private func deliver(_ message: MailMessage, to pending: [String]) -> DeliveryReport {
        guard let smtp = settings.smtp else { return FileMailTransport(directory: mailFolder).deliver(message) }
        let envelope = SMTPEnvelope(
            sender: message.from, recipients: message.to.filter { pending.contains($0.address) })
        return SMTPClient(settings: smtp, logger: logger).send(message, envelope: envelope)
    }

    private func attachments(_ batch: CloseBatchRecord) throws -> [(name: String, type: String, bytes: [UInt8])] {
        let names = (batch.protocolFiles ?? "").split(separator: " ").map(String.init)
        return try names.map { name in
            let type = name.hasSuffix(".pdf") ? "application/pdf" : "text/csv"
            return (name, type, try FileSystem.readFile("\(folder)/\(name)"))
        }
    }

    private func apply(_ report: DeliveryReport, to mail: inout QueuedMail, recipients: inout [MailRecipient]) {
        let now = wallClock.now()
        mail.attempts += 1
        for result in report.recipients {
            guard let index = recipients.firstIndex(where: { $0.address == result.address }) else { continue }
            switch result.status {
            case .accepted: recipients[index].state = .accepted
            case .refusedPermanently(let reply):
                recipients[index].state = .refused
                recipients[index].reply = reply.description
            case .refusedTemporarily(let reply): recipients[index].reply = reply.description
            case .notDelivered: break
            }
        }
        switch report.outcome {
        case .delivered, .partiallyDelivered:
            let stillPending = recipients.contains { $0.state == .pending }
            let refused = recipients.filter { $0.state == .refused }
            if !stillPending, let first = refused.first {
                // Someone never gets the protocol: a person must look, as when all were refused.
                mail.state = .failed
                mail.lastError = "refused for \(refused.count) of \(recipients.count) recipients: \(first.reply ?? "")"
            } else {
                mail.state = stillPending ? .queued : .sent
                mail.lastError = stillPending ? report.failure?.description : nil
            }
        case .temporaryFailure:
            mail.state = now.timeIntervalSince(mail.createdAt) > Self.giveUpAfter ? .failed : .queued
            mail.lastError = report.failure?.description ?? "temporary failure"
        case .permanentFailure:
            mail.state = .failed
            mail.lastError = report.failure?.description ?? "permanent failure"
        case .outcomeUnknown:
            mail.state = .unknown
            mail.lastError = "connection lost after the message was sent; it may have arrived"
        }
        mail.nextAttemptAt = now.addingTimeInterval(Self.backoff(attempts: mail.attempts))
        if mail.state != .queued { mail.finishedAt = now }
    }

    /// 0 s after the first failure (the next run retries), then 30 s, 1, 2, 4 … minutes, at most 30 minutes.
    static func backoff(attempts: Int) -> TimeInterval {
        attempts <= 1 ? 0 : min(1800, 15 * pow(2, Double(attempts - 1)))
    }

    private func log(_ mail: QueuedMail, _ report: DeliveryReport) {
        let metadata = [
            "mail.id": String(mail.id), "batch.id": String(mail.batchId), "mail.state": mail.state.rawValue,
            "mail.attempts": String(mail.attempts),
            // The reply may name a recipient; `consign mailq` shows it whole.
            "smtp.error": OneLineText.withoutAddresses(mail.lastError ?? ""),
        ]
        switch mail.state {
        case .sent where settings.smtp == nil:
            logger.notice(
                "no SMTP host configured (mail.smtp.host); report written to out/mail/ as an .eml file",
                metadata)
        case .sent: logger.info("report sent", metadata)
        case .queued: logger.warning("report not sent yet; it is retried on the next run", metadata)
        case .failed:
            logger.error("report refused by the mail server; fix and run `consign mailq --retry ID`", metadata)
        case .sending: break
        case .unknown:
            logger.warning(
                "report may have been delivered (connection lost after sending); "
                    + "check the inbox, then `consign mailq --retry ID` if it did not arrive", metadata)
        }
    }
}
