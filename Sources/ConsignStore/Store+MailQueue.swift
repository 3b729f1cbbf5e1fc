import Foundation

/// States of a queued report.
public enum MailState: String, Sendable, Codable {
    /// Waiting to be sent (again).
    case queued
    /// Every recipient accepted it (or refused it for good).
    case sent
    /// Refused for good; `consign mailq --retry ID` queues it again.
    case failed
    /// Being handed to the server right now; found at start, it means a crash interrupted the send.
    case sending
    /// The connection broke after the message was sent; whether it arrived is unknown.
    /// Not resent automatically (that could deliver it twice); `mailq --retry ID` resends.
    case unknown
}

/// A close-batch report in the mail queue.
public struct QueuedMail: Sendable, Hashable {
    /// Queue id.
    public var id: Int
    /// The batch it reports.
    public var batchId: Int
    /// Message-ID, the same across retries.
    public var messageId: String
    /// Current state.
    public var state: MailState
    /// Attempts so far.
    public var attempts: Int
    /// Not before this time.
    public var nextAttemptAt: Date
    /// The last failure, with the server's reply.
    public var lastError: String?
    /// When it was queued (the batch acknowledgement).
    public var createdAt: Date
    /// When it reached its final state.
    public var finishedAt: Date?
}

/// One recipient of a queued report and what the server said.
public struct MailRecipient: Sendable, Hashable {
    /// States of one recipient.
    public enum State: String, Sendable {
        case pending, accepted, refused
    }

    /// The address.
    public var address: String
    /// Whether it still waits, was accepted, or was refused for good.
    public var state: State
    /// The server's reply, if any.
    public var reply: String?

    /// Creates a recipient row.
    public init(address: String, state: State, reply: String? = nil) {
        self.address = address
        self.state = state
        self.reply = reply
    }
}

extension Store {
    /// Queues a report for `batchId` with its recipients (inside the acknowledgement's transaction).
    /// It is due at once: `time` is business (sandbox) time, while retries are timed by the wall clock.
    public func enqueueReport(batchId: Int, messageId: String, recipients: [String],
                              at time: Date) throws(StoreError) {
        try database.statement("""
            INSERT INTO mail_queue(batch_id, message_id, state, next_attempt_at, created_at)
            VALUES (?1, ?2, 'queued', 0, ?3)
            """).bind([batchId, messageId, time.timeIntervalSince1970]).run()
        let id = database.lastInsertRowID
        let insert = try database.statement(
            "INSERT OR IGNORE INTO mail_recipients(mail_id, address, state) VALUES (?1, ?2, 'pending')")
        for address in recipients { try insert.bind([id, address]).run() }
    }

    /// Reports in state `queued` due at `now` whose batch protocol files are written.
    public func dueReports(now: Date) throws(StoreError) -> [QueuedMail] {
        try mails(where: """
            m.state = 'queued' AND m.next_attempt_at <= \(now.timeIntervalSince1970)
            AND b.files_written_at IS NOT NULL
            """)
    }

    /// Reports still waiting (queued), due or not.
    public func waitingReports() throws(StoreError) -> [QueuedMail] {
        try mails(where: "m.state = 'queued'")
    }

    /// Reports that need a person: refused by the mail server (`failed`) or cut off after the
    /// message was sent (`unknown`), until `consign mailq --retry` sends them again.
    public func reportsNeedingAttention() throws(StoreError) -> [QueuedMail] {
        try mails(where: "m.state IN ('failed', 'unknown')")
    }

    /// Every report, newest first.
    public func allReports() throws(StoreError) -> [QueuedMail] {
        try mails(where: "1 = 1", order: "DESC")
    }

    /// One report.
    public func report(id: Int) throws(StoreError) -> QueuedMail? {
        try mails(where: "m.id = \(id)").first
    }

    /// The recipients of a report.
    public func recipients(ofMail id: Int) throws(StoreError) -> [MailRecipient] {
        let statement = try database.statement(
            "SELECT address, state, reply FROM mail_recipients WHERE mail_id = ?1 ORDER BY rowid")
        try statement.bind([id])
        var result: [MailRecipient] = []
        while try statement.step() {
            result.append(MailRecipient(address: statement.text(0) ?? "",
                                        state: statement.text(1).flatMap(MailRecipient.State.init) ?? .pending,
                                        reply: statement.text(2)))
        }
        return result
    }

    /// Replaces the recipients of report `id` that have not accepted it by `addresses` (a
    /// mistyped or departed address), pending; those that accepted it stay and get it no more.
    public func replaceWaitingRecipients(ofMail id: Int, with addresses: [String]) throws(StoreError) {
        try database.statement("DELETE FROM mail_recipients WHERE mail_id = ?1 AND state != 'accepted'")
            .bind([id]).run()
        let insert = try database.statement(
            "INSERT OR IGNORE INTO mail_recipients(mail_id, address, state) VALUES (?1, ?2, 'pending')")
        for address in addresses { try insert.bind([id, address]).run() }
    }

    /// Records one attempt: recipient outcomes and the report's new state.
    public func recordAttempt(_ mail: QueuedMail, recipients: [MailRecipient]) throws(StoreError) {
        try database.statement("""
            UPDATE mail_queue SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5, finished_at = ?6
            WHERE id = ?1
            """).bind([
                mail.id, mail.state.rawValue, mail.attempts, mail.nextAttemptAt.timeIntervalSince1970, mail.lastError,
                mail.finishedAt?.timeIntervalSince1970,
            ]).run()
        let update = try database.statement(
            "UPDATE mail_recipients SET state = ?3, reply = ?4 WHERE mail_id = ?1 AND address = ?2")
        for recipient in recipients {
            try update.bind([mail.id, recipient.address, recipient.state.rawValue, recipient.reply]).run()
        }
    }

    /// Reports a crash left in `sending`: queued again when the transport is idempotent
    /// (`.eml` files), otherwise marked `unknown` so they are never sent twice without an operator.
    public func settleInterruptedSends(requeue: Bool) throws(StoreError) -> Int {
        let state = requeue ? "queued" : "unknown"
        try database.statement("""
            UPDATE mail_queue SET state = ?1, last_error = 'interrupted while sending; it may have arrived'
            WHERE state = 'sending'
            """).bind([state]).run()
        return database.changes
    }

    /// Sets the recipients a close batch's report goes to (from `close --to`).
    public func setReportRecipients(batchId: Int, _ addresses: [String]) throws(StoreError) {
        try database.statement("UPDATE close_batches SET mail_to = ?2 WHERE id = ?1")
            .bind([batchId, addresses.joined(separator: " ")]).run()
    }

    /// The recipients `close --to` set for a batch, if any.
    public func reportRecipients(batchId: Int) throws(StoreError) -> [String]? {
        let statement = try database.statement("SELECT mail_to FROM close_batches WHERE id = ?1")
        try statement.bind([batchId])
        defer { statement.reset() }
        guard try statement.step(), let text = statement.text(0), !text.isEmpty else { return nil }
        return text.split(separator: " ").map(String.init)
    }

    private func mails(where condition: String, order: String = "ASC") throws(StoreError) -> [QueuedMail] {
        let statement = try database.statement("""
            SELECT m.id, m.batch_id, m.message_id, m.state, m.attempts, m.next_attempt_at, m.last_error, m.created_at,
              m.finished_at
            FROM mail_queue m JOIN close_batches b ON b.id = m.batch_id WHERE \(condition) ORDER BY m.id \(order)
            """)
        var result: [QueuedMail] = []
        while try statement.step() {
            result.append(QueuedMail(
                id: statement.int(0) ?? 0, batchId: statement.int(1) ?? 0, messageId: statement.text(2) ?? "",
                state: statement.text(3).flatMap(MailState.init(rawValue:)) ?? .queued, attempts: statement.int(4) ?? 0,
                nextAttemptAt: Date(timeIntervalSince1970: statement.double(5) ?? 0), lastError: statement.text(6),
                createdAt: Date(timeIntervalSince1970: statement.double(7) ?? 0),
                finishedAt: statement.double(8).map(Date.init(timeIntervalSince1970:))))
        }
        return result
    }
}
