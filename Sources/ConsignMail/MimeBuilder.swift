import Foundation

/// Renders a `MailMessage` as MIME: `multipart/mixed` holding a `multipart/alternative`
/// (text/plain, text/html in quoted-printable) and base64 attachments. 7-bit, CRLF only.
struct MimeBuilder {
    let message: MailMessage

    /// The complete message bytes.
    func build() -> [UInt8] {
        let textPart = part(type: "text/plain; charset=utf-8", encoding: "quoted-printable",
                            body: QuotedPrintable.encode(message.textBody))
        var bodyPart = textPart
        if let html = message.htmlBody {
            let htmlPart = part(type: "text/html; charset=utf-8", encoding: "quoted-printable",
                                body: QuotedPrintable.encode(html))
            bodyPart = multipart(subtype: "alternative", parts: [textPart, htmlPart], salt: "alt")
        }
        let attachmentParts = message.attachments.map(attachmentPart)
        let root = multipart(subtype: "mixed", parts: [bodyPart] + attachmentParts, salt: "mix")
        return Array(topHeaders().utf8) + root
    }

    private func topHeaders() -> String {
        var headers = "Date: " + RFC5322Date.format(message.date) + "\r\n"
        headers += HeaderValue.folded(name: "From", tokens: addressTokens([message.from], name: "From"))
        headers += HeaderValue.folded(name: "To", tokens: addressTokens(message.to, name: "To"))
        if !message.cc.isEmpty {
            headers += HeaderValue.folded(name: "Cc", tokens: addressTokens(message.cc, name: "Cc"))
        }
        let subjectTokens = HeaderValue.phraseTokens(message.subject, quoteSpecials: false,
                                                     firstLimit: HeaderValue.preferredLineLength - 9)
        headers += HeaderValue.folded(name: "Subject", tokens: subjectTokens)
        headers += "Message-ID: <\(message.messageID)>\r\n"
        headers += "MIME-Version: 1.0\r\n"
        return headers
    }

    /// Tokens of an address list: display-name words then `<addr>`, a comma after all but the last.
    private func addressTokens(_ addresses: [MailAddress], name: String) -> [String] {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var group: [String] = []
            if let displayName = address.displayName {
                group = HeaderValue.phraseTokens(displayName, quoteSpecials: true,
                                                 firstLimit: HeaderValue.preferredLineLength - name.count - 2)
                group.append("<\(address.address)>")
            } else {
                group = [address.address]
            }
            if index < addresses.count - 1 { group[group.count - 1] += "," }
            tokens += group
        }
        return tokens
    }

    private func attachmentPart(_ attachment: MailAttachment) -> [UInt8] {
        let fallback = fallbackName(attachment.fileName)
        let typeTokens = ["\(attachment.contentType);", "name=\(fallback)"]
        var dispositionTokens = ["attachment;", "filename=\(fallback);"]
        let extended = HeaderValue.extendedParameter(name: "filename", value: attachment.fileName)
        for (index, section) in extended.enumerated() {
            dispositionTokens.append(index < extended.count - 1 ? section + ";" : section)
        }
        var head = HeaderValue.folded(name: "Content-Type", tokens: typeTokens)
        head += "Content-Transfer-Encoding: base64\r\n"
        head += HeaderValue.folded(name: "Content-Disposition", tokens: dispositionTokens)
        return Array((head + "\r\n").utf8) + Base64.encodeLines(attachment.data)
    }

    /// The `filename=`/`name=` fallback: a quoted ASCII name, or encoded-words inside quotes.
    private func fallbackName(_ name: String) -> String {
        if HeaderValue.isPlainASCII(name) && !name.contains("=?") && name.utf8.count <= 60 {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\""
        }
        let words = HeaderValue.encodedWords(name, firstLimit: 60)
        return "\"" + words.joined(separator: "\r\n ") + "\""
    }

    private func part(type: String, encoding: String, body: [UInt8]) -> [UInt8] {
        let head = "Content-Type: \(type)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private func multipart(subtype: String, parts: [[UInt8]], salt: String) -> [UInt8] {
        let boundary = Boundary.make(seed: message.messageID + salt, avoiding: parts)
        var result = Array("Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        for part in parts {
            result += Array("--\(boundary)\r\n".utf8)
            // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
            result += part + [0x0D, 0x0A]
        }
        result += Array("--\(boundary)--\r\n".utf8)
        return result
    }
}

/// MIME boundaries: deterministic per message (stable across retries) and absent from the content.
enum Boundary {
    /// A boundary derived from `seed` that occurs in none of `parts`.
    static func make(seed: String, avoiding parts: [[UInt8]]) -> String {
        var attempt = 0
        while true {
            let candidate = "=_consign_" + hexHash(seed + String(attempt))
            let needle = Array(candidate.utf8)
            if !parts.contains(where: { contains($0, needle) }) { return candidate }
            attempt += 1
        }
    }

    private static func hexHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && Array(haystack[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }
}
