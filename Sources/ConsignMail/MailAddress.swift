/// An e-mail address with an optional display name, validated for use without SMTPUTF8.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The `local@domain` part, plain ASCII.
    public let address: String
    /// The human name shown in headers (`Účtárna <ucto@example.cz>`), if any.
    public let displayName: String?

    /// Validates and creates an address.
    ///
    /// Refuses CR/LF/NUL anywhere (header injection), non-ASCII addresses (no SMTPUTF8),
    /// spaces, control characters, `<>`, a missing `@`, over-long parts (RFC 5321 §4.5.3.1).
    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        try HeaderValue.refuseInjection(address, field: "address")
        if let displayName { try HeaderValue.refuseInjection(displayName, field: "display name") }
        try MailAddress.validate(address)
        self.address = address
        let trimmed = displayName?.trimmingSpaces()
        self.displayName = (trimmed?.isEmpty ?? true) ? nil : trimmed
    }

    public var description: String { address }

    private static func validate(_ address: String) throws(MailError) {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254 else { throw invalid("is longer than 254 octets") }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw invalid("contains spaces, control or non-ASCII characters (SMTPUTF8 is not supported)")
        }
        guard !bytes.contains(where: { "<>()[],;:\\\"".utf8.contains($0) }) else {
            throw invalid("contains a character not allowed in an address")
        }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { throw invalid("has no '@'") }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64 else { throw invalid("has an empty or over-long local part") }
        guard !local.contains(UInt8(ascii: "@")) else { throw invalid("has more than one '@'") }
        try validateDomain(domain)
    }

    private static func validateDomain(_ domain: ArraySlice<UInt8>) throws(MailError) {
        guard !domain.isEmpty, domain.count <= 253 else { throw invalid("has an empty or over-long domain") }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            let allowed = label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            guard !label.isEmpty, label.count <= 63, allowed else { throw invalid("has an invalid domain") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func invalid(_ reason: String) -> MailError {
        MailError(.invalidAddress, "e-mail address \(reason)")
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
