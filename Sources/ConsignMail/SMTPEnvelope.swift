/// The SMTP envelope: `MAIL FROM` and the `RCPT TO` list, independent of the headers.
public struct SMTPEnvelope: Hashable, Sendable {
    /// The reverse-path (bounce address).
    public let sender: MailAddress
    /// The forward-paths, one RCPT each.
    public let recipients: [MailAddress]

    /// Creates an envelope.
    public init(sender: MailAddress, recipients: [MailAddress]) {
        self.sender = sender
        self.recipients = recipients
    }

    /// The envelope a message implies: From as sender, To + Cc + Bcc as recipients.
    public init(message: MailMessage) {
        self.init(sender: message.from, recipients: message.allRecipients)
    }
}
