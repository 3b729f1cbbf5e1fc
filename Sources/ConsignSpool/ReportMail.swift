import ConsignHandover
import ConsignMail
import Foundation

/// How close-batch reports are sent: through SMTP when a host is configured, else written
/// to `out/mail/` as `.eml` files.
public struct ReportMailSettings: Sendable {
    /// The sender address.
    public var from: String
    /// SMTP settings, nil for the file transport.
    public var smtp: SMTPSettings?

    /// Creates settings.
    public init(from: String, smtp: SMTPSettings?) {
        self.from = from
        self.smtp = smtp
    }
}

/// The report e-mail of one handover batch: summary as text and HTML, CSV and PDF attached.
enum ReportMessage {
    static func subject(_ batch: HandoverBatch, _ totals: HandoverTotals) -> String {
        "Předávací protokol \(batch.carrierName) \(batch.protocolNumber): \(totals.shipmentCount) "
            + czechShipments(totals.shipmentCount)
    }

    static func summaryLines(_ batch: HandoverBatch, _ totals: HandoverTotals) -> [(String, String)] {
        var lines = [
            ("Dopravce / Carrier", batch.carrierName), ("Protokol / Protocol", batch.protocolNumber),
            ("Zásilky / Shipments", String(totals.shipmentCount)), ("Balíky / Parcels", String(totals.parcelCount)),
            ("Hmotnost / Weight", totals.weightText),
            ("Dobírky / COD shipments", String(totals.codShipmentCount)),
        ]
        for total in totals.cod {
            lines.append(("Dobírka / COD \(total.currencyCode)", "\(total.sum.formattedValue) \(total.currencyCode)"))
        }
        return lines
    }

    static func text(_ batch: HandoverBatch, _ totals: HandoverTotals) -> String {
        let body = summaryLines(batch, totals).map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        return "Dobrý den,\n\nv příloze je předávací protokol.\n\n\(body)\n\nConsign\n"
    }

    static func html(_ batch: HandoverBatch, _ totals: HandoverTotals) -> String {
        let rows = summaryLines(batch, totals).map {
            "<tr><th align=\"left\">\(escape($0.0))</th><td>\(escape($0.1))</td></tr>"
        }
        return "<html><body><p>Dobrý den,</p><p>v příloze je předávací protokol.</p><table>"
            + rows.joined() + "</table><p>Consign</p></body></html>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Builds the message; `recipients` are every recipient of the report (the same on every retry).
    static func make(
        _ batch: HandoverBatch, from: String, recipients: [String], messageId: String,
        attachments: [(name: String, type: String, bytes: [UInt8])]
    ) throws(MailError) -> MailMessage {
        var files: [MailAttachment] = []
        for attachment in attachments {
            files.append(
                try MailAttachment(
                    fileName: attachment.name, contentType: attachment.type,
                    data: attachment.bytes))
        }
        var to: [MailAddress] = []
        for address in recipients { to.append(try MailAddress(address)) }
        // Totals go over every parcel: computed once, not once per part of the message.
        let totals = batch.totals
        return try MailMessage(
            from: try MailAddress(from, displayName: "Consign"), to: to, subject: subject(batch, totals),
            date: batch.acknowledgedAt, messageID: messageId, textBody: text(batch, totals),
            htmlBody: html(batch, totals), attachments: files)
    }
}

/// "zásilka" in the Czech plural its count takes: 1 zásilka, 2–4 zásilky, 0 and 5+ zásilek.
func czechShipments(_ count: Int) -> String {
    switch count {
    case 1: "zásilka"
    case 2...4: "zásilky"
    default: "zásilek"
    }
}
