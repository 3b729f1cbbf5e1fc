/// Base64 (RFC 4648) for MIME bodies, encoded-words and SMTP AUTH.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` without line breaks.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: encodedBytes(Array(bytes)), as: UTF8.self)
    }

    /// Encodes `bytes` in lines of 76 characters, each ending in CRLF (RFC 2045 §6.8).
    static func encodeLines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = encodedBytes(bytes)
        var result: [UInt8] = []
        result.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            result += encoded[start..<end]
            result += [0x0D, 0x0A]
            start = end
        }
        return result
    }

    /// Decodes base64 text; nil on a character outside the alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "=") {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(index))
        }
        var result: [UInt8] = []
        var index = 0
        while index + 1 < values.count {
            let group = values[index..<min(index + 4, values.count)].map(UInt32.init)
            var bits: UInt32 = 0
            for (offset, value) in group.enumerated() { bits |= value << (18 - 6 * UInt32(offset)) }
            let produced = group.count - 1
            for offset in 0..<produced { result.append(UInt8((bits >> (16 - 8 * UInt32(offset))) & 0xFF)) }
            index += 4
        }
        return result
    }

    private static func encodedBytes(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var bits = UInt32(bytes[index]) << 16
            if count > 1 { bits |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { bits |= UInt32(bytes[index + 2]) }
            for offset in 0..<4 {
                if offset <= count {
                    result.append(alphabet[Int((bits >> (18 - 6 * UInt32(offset))) & 0x3F)])
                } else {
                    result.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return result
    }
}
