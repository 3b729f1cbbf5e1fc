/// Header-value encoding: injection checks, RFC 2047 encoded-words, RFC 2231 parameters, folding.
enum HeaderValue {
    /// The longest encoded-word RFC 2047 §2 allows.
    static let maximumEncodedWordLength = 75
    /// Lines are folded to this length where possible (RFC 5322 §2.1.1 SHOULD).
    static let preferredLineLength = 78

    /// Throws when `value` holds CR, LF or NUL, which would let data inject headers or commands.
    static func refuseInjection(_ value: String, field: String) throws(MailError) {
        let forbidden: Set<UInt8> = [0x00, 0x0A, 0x0D]
        if value.utf8.contains(where: { forbidden.contains($0) }) {
            throw MailError(.headerInjection, "\(field) contains CR, LF or NUL")
        }
    }

    /// True when `text` is printable ASCII (plus space and tab) and can go into a header as it is.
    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
    }

    /// Splits `text` into `=?UTF-8?B?…?=` words; the first at most `firstLimit` long, the rest at
    /// most 75. A word never splits a character (falling back to Unicode scalars for a cluster
    /// too big to fit).
    static func encodedWords(_ text: String, firstLimit: Int = maximumEncodedWordLength) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = firstLimit
        for unit in characterUnits(text) {
            if !chunk.isEmpty && encodedLength(chunk.count + unit.count) > limit {
                words.append(encodedWord(chunk))
                chunk = []
                limit = maximumEncodedWordLength
            }
            chunk.append(contentsOf: unit)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// Joins tokens with single spaces into `Name: …` lines of at most 78 columns where possible.
    static func folded(name: String, tokens: [String]) -> String {
        var result = name + ":"
        var lineLength = result.utf8.count
        for token in tokens {
            let length = token.utf8.count
            if lineLength + 1 + length > preferredLineLength && lineLength > name.utf8.count + 1 {
                result += "\r\n"
                lineLength = 0
            }
            result += " " + token
            lineLength += 1 + length
        }
        return result + "\r\n"
    }

    /// Renders a phrase (display name, subject word run) as tokens: ASCII words as they are
    /// (quoted when they hold specials), anything else as encoded-words.
    static func phraseTokens(_ text: String, quoteSpecials: Bool, firstLimit: Int) -> [String] {
        let needsEncoding = !isPlainASCII(text) || text.contains("=?")
            || text.split(separator: " ").contains(where: { $0.utf8.count > 70 })
        if needsEncoding { return encodedWords(text, firstLimit: firstLimit) }
        let hasSpecials = text.contains(where: { "()<>[]:;@\\,.\"".contains($0) })
        // A quoted string cannot be folded; a long one goes out as encoded-words instead.
        if quoteSpecials && hasSpecials && text.utf8.count > 60 { return encodedWords(text, firstLimit: firstLimit) }
        guard quoteSpecials, hasSpecials else {
            return text.split(separator: " ").map(String.init)
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"" + escaped + "\""]
    }

    /// The RFC 2231 form of a parameter, split into `name*0*=`, `name*1*=` sections when long.
    static func extendedParameter(name: String, value: String) -> [String] {
        let encoded = percentEncoded(value)
        let sectionLength = 50
        if encoded.count + name.count + 12 <= preferredLineLength - 2 {
            return ["\(name)*=utf-8''\(encoded)"]
        }
        var sections: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            var end = encoded.index(index, offsetBy: sectionLength, limitedBy: encoded.endIndex) ?? encoded.endIndex
            // Never cut a %XX triplet in two.
            if let percent = encoded[index..<end].lastIndex(of: "%"), encoded.distance(from: percent, to: end) < 3 {
                end = percent
            }
            let prefix = sections.isEmpty ? "utf-8''" : ""
            sections.append("\(name)*\(sections.count)*=\(prefix)\(encoded[index..<end])")
            index = end
        }
        return sections
    }

    /// Percent-encodes everything but RFC 2231 attribute-chars.
    static func percentEncoded(_ value: String) -> String {
        let allowed = Set("!#$&+-.^_`|~".utf8)
        var result = ""
        for byte in value.utf8 {
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            if isAlphanumeric || allowed.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + hexByte(byte)
            }
        }
        return result
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    private static func encodedLength(_ byteCount: Int) -> Int {
        12 + (byteCount + 2) / 3 * 4
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64.encode(bytes) + "?="
    }

    /// The UTF-8 bytes of each character; a character too big for one word is split into scalars.
    private static func characterUnits(_ text: String) -> [[UInt8]] {
        var units: [[UInt8]] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if encodedLength(bytes.count) <= maximumEncodedWordLength - 10 {
                units.append(bytes)
            } else {
                units += character.unicodeScalars.map { Array(String($0).utf8) }
            }
        }
        return units
    }
}
