/// A file attached to a message: name, media type and bytes.
public struct MailAttachment: Hashable, Sendable {
    /// The file name shown to the recipient; any Unicode, no path separators or control characters.
    public let fileName: String
    /// The media type, e.g. `application/pdf` or `text/csv`.
    public let contentType: String
    /// The file's bytes, sent base64-encoded.
    public let data: [UInt8]

    /// Validates and creates an attachment.
    public init(fileName: String, contentType: String, data: [UInt8]) throws(MailError) {
        try HeaderValue.refuseInjection(fileName, field: "attachment file name")
        try HeaderValue.refuseInjection(contentType, field: "attachment content type")
        guard !fileName.isEmpty, !fileName.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "/" }) else {
            throw MailError(.invalidHeader, "attachment file name is empty or holds '/' or control characters")
        }
        guard MailAttachment.isMediaType(contentType) else {
            throw MailError(.invalidHeader, "attachment content type '\(contentType)' is not type/subtype")
        }
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }

    private static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let tokenBytes = Set("!#$&-^_.+".utf8)
        return parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { byte in
                let isLetter = byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
                return (byte >= 0x30 && byte <= 0x39) || isLetter || tokenBytes.contains(byte)
            }
        }
    }
}
