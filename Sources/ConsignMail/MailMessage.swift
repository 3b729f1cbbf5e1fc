import Foundation

/// One e-mail: envelope-relevant addresses, headers and a text/HTML body with attachments.
///
/// All validation happens here, so rendering cannot fail: addresses through `MailAddress`,
/// the subject and Message-ID against header injection.
public struct MailMessage: Hashable, Sendable {
    /// The author (`From:`), also the default envelope sender.
    public let from: MailAddress
    /// The `To:` recipients.
    public let to: [MailAddress]
    /// The `Cc:` recipients.
    public let cc: [MailAddress]
    /// Blind copies: envelope recipients that never appear in a header.
    public let bcc: [MailAddress]
    /// The subject, any Unicode (encoded as RFC 2047 words when not plain ASCII).
    public let subject: String
    /// The `Date:` header instant; the caller takes it from its injected clock.
    public let date: Date
    /// The Message-ID without angle brackets (`report-42@consign.example`); keep it across retries.
    public let messageID: String
    /// The plain-text body.
    public let textBody: String
    /// The HTML alternative, if any.
    public let htmlBody: String?
    /// Files attached after the body.
    public let attachments: [MailAttachment]

    /// Validates and creates a message.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], bcc: [MailAddress] = [],
        subject: String, date: Date, messageID: String,
        textBody: String, htmlBody: String? = nil, attachments: [MailAttachment] = []
    ) throws(MailError) {
        try HeaderValue.refuseInjection(subject, field: "subject")
        try HeaderValue.refuseInjection(messageID, field: "Message-ID")
        guard !(to + cc + bcc).isEmpty else { throw MailError(.invalidAddress, "message has no recipient") }
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.date = date
        self.messageID = try MailMessage.validatedMessageID(messageID)
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
    }

    /// Every envelope recipient: To, Cc and Bcc, duplicates removed, in that order.
    public var allRecipients: [MailAddress] {
        var seen: Set<String> = []
        return (to + cc + bcc).filter { seen.insert($0.address.lowercased()).inserted }
    }

    /// The message as it goes on the wire before dot-stuffing: 7-bit, CRLF line ends.
    public func rendered() -> [UInt8] {
        MimeBuilder(message: self).build()
    }

    private static func validatedMessageID(_ raw: String) throws(MailError) -> String {
        var value = raw
        if value.hasPrefix("<") && value.hasSuffix(">") { value = String(value.dropFirst().dropLast()) }
        let bytes = Array(value.utf8)
        let isClean = bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        let atCount = bytes.filter { $0 == UInt8(ascii: "@") }.count
        guard isClean, atCount == 1, !value.hasPrefix("@"), !value.hasSuffix("@"), bytes.count <= 250 else {
            throw MailError(.invalidHeader, "Message-ID '\(value)' is not left@right in printable ASCII")
        }
        return value
    }
}
