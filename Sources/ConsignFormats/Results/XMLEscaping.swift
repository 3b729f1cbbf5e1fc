import ConsignSupport

/// Escaping of text for XML 1.0 element content and attribute values.
public enum XMLEscaping {
    /// Escapes `&`, `<`, `>` and `"`, writes CR as `&#13;`, drops other C0 controls than tab and
    /// newline (and the non-characters U+FFFE/U+FFFF); in attributes tab and newline become
    /// character references so that attribute-value normalisation keeps them.
    public static func escape(_ text: String, inAttribute: Bool) -> String {
        return text.withUTF8Bytes { utf8 in
            guard utf8.contains(where: needsWork) else { return String(decoding: utf8, as: UTF8.self) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 16)
            appendEscaped(utf8, inAttribute: inAttribute, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Appends the UTF-8 bytes of a text, escaped as `escape(_:inAttribute:)` does, to `bytes`.
    /// Whole UTF-8 sequences are dropped or kept, so valid UTF-8 stays valid.
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, inAttribute: Bool, to bytes: inout [UInt8]) {
        var index = ByteScan.firstXMLEscape(in: utf8, from: 0)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<index]))
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            switch byte {
            case UInt8(ascii: "&"): bytes += "&amp;".utf8
            case UInt8(ascii: "<"): bytes += "&lt;".utf8
            case UInt8(ascii: ">"): bytes += "&gt;".utf8
            case UInt8(ascii: "\""): bytes += "&quot;".utf8
            case 0x09 where inAttribute: bytes += "&#9;".utf8
            case 0x0A where inAttribute: bytes += "&#10;".utf8
            case 0x09, 0x0A: bytes.append(byte)
            // A literal CR would become LF in any reader (end-of-line handling); a reference stays CR.
            case 0x0D: bytes += "&#13;".utf8
            case 0x00..<0x20: continue
            case 0xEF where index + 1 < utf8.count && utf8[index] == 0xBF && utf8[index + 1] >= 0xBE:
                index += 2  // U+FFFE or U+FFFF
            default: bytes.append(byte)
            }
        }
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == 0xEF
    }
}
