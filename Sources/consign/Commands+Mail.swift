import ConsignSpool
import ConsignStore
import ConsignSupport
import Foundation

extension Commands {
    /// Refuses a `--to` value that is not an e-mail address (`close`, `mailq --retry`).
    static func checkAddresses(_ addresses: [String]) throws(UsageError) {
        for address in addresses where !MailAddressCheck.isValid(address) {
            throw UsageError(message: "--to '\(address)' is not an e-mail address")
        }
    }

    /// `mailq`: lists queued and failed reports; `mailq --retry ID` sends one again now.
    mutating func mailq() throws -> Int32 {
        let retry = arguments.value("retry")
        let recipients = arguments.values("to")
        let json = arguments.flag("json")
        try arguments.rejectUnknown()
        if !recipients.isEmpty, retry == nil { throw UsageError(message: "--to goes with --retry ID") }
        try Self.checkAddresses(recipients)
        if let retry {
            guard let id = Int(retry) else {
                throw UsageError(message: "--retry needs a report id (see consign mailq)")
            }
            let locks = try takeLocks()
            defer { withExtendedLifetime(locks) {} }
            // An unknown id is a refused query (exit 1, as for `shipment GUID`), not a spool problem.
            guard try environment.store.get().report(id: id) != nil else {
                App.printError("no report with id \(id) in the mail queue (see consign mailq)")
                return 1
            }
            let mail = try makeRunner().retryReport(id: id, recipients: recipients)
            print("report \(mail.id): \(mail.state.rawValue)" + (mail.lastError.map { " (\($0))" } ?? ""))
            switch mail.state {
            case .sent: return 0
            case .queued, .sending: return 75
            case .failed, .unknown: return 69
            }
        }
        let store = try environment.store.get()
        let reports = try store.allReports()
        if json {
            let items = try reports.map { mail -> [String: Any] in
                [
                    "id": mail.id, "batchId": mail.batchId, "messageId": mail.messageId, "state": mail.state.rawValue,
                    "attempts": mail.attempts, "lastError": mail.lastError ?? NSNull(),
                    "recipients": try store.recipients(ofMail: mail.id).map { recipient -> [String: Any] in
                        [
                            "address": recipient.address, "state": recipient.state.rawValue,
                            "reply": recipient.reply ?? NSNull(),
                        ]
                    },
                ]
            }
            print(JSONOutput.envelope(data: ["items": items]))
            return 0
        }
        var table = Table("id", "batch", "state", "attempts", "recipients", "last error")
        for mail in reports {
            let recipients = try store.recipients(ofMail: mail.id).map { "\($0.address)=\($0.state.rawValue)" }
            table.add(
                String(mail.id), String(mail.batchId), mail.state.rawValue, String(mail.attempts),
                recipients.joined(separator: " "), mail.lastError ?? "")
        }
        print(reports.isEmpty ? "mail queue is empty" : table.text)
        return 0
    }
}
