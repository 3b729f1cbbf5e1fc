/// Something that delivers a message and reports what happened; SMTP or a folder of .eml files.
public protocol MailTransport: Sendable {
    /// Delivers `message` to its envelope recipients; never throws, failures are in the report.
    func deliver(_ message: MailMessage) -> DeliveryReport
}
