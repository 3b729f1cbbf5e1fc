import ConsignSupport

/// Writes each message as `<Message-ID>.eml` into a folder, atomically; the default without SMTP.
public struct FileMailTransport: MailTransport {
    /// The folder that receives the .eml files.
    public let directory: String

    /// Creates a transport writing into `directory` (created on first use).
    public init(directory: String) {
        self.directory = directory
    }

    /// Writes the message and returns the path of the .eml file.
    public func write(_ message: MailMessage) throws(MailError) -> String {
        let name = fileName(for: message.messageID)
        do {
            try FileSystem.makeDirectory(directory)
            let writer = try AtomicFileWriter(directory: directory, name: name)
            try writer.write(message.rendered())
            try writer.commit()
            return writer.finalPath
        } catch {
            throw MailError(.fileWriteFailed, "cannot write mail file '\(directory)/\(name)'", cause: error)
        }
    }

    /// Writes the message; a write failure is a temporary failure (disk full, permissions).
    public func deliver(_ message: MailMessage) -> DeliveryReport {
        let recipients = message.allRecipients
        do {
            _ = try write(message)
            let accepted = recipients.map { RecipientResult(address: $0.address, status: .accepted) }
            return DeliveryReport(outcome: .delivered, recipients: accepted, failure: nil, messageID: message.messageID)
        } catch {
            let none = recipients.map { RecipientResult(address: $0.address, status: .notDelivered) }
            return DeliveryReport(outcome: .temporaryFailure, recipients: none,
                                  failure: DeliveryFailure(stage: .file, error: error), messageID: message.messageID)
        }
    }

    /// A file name from the Message-ID with anything but letters, digits, `.-_@` replaced by `_`.
    private func fileName(for messageID: String) -> String {
        let safe = messageID.unicodeScalars.map { scalar -> Character in
            let isSafe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || ".-_@".unicodeScalars.contains(scalar))
            return isSafe ? Character(scalar) : "_"
        }
        let base = String(safe).hasPrefix(".") ? "_" + String(safe.dropFirst()) : String(safe)
        return base + ".eml"
    }
}
