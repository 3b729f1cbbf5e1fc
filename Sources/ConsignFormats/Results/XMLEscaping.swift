/// Escaping of text for XML 1.0 element content and attribute values.
public enum XMLEscaping {
    /// Escapes `&`, `<`, `>` and `"`, drops C0 controls other than tab and newline (and the
    /// non-characters U+FFFE/U+FFFF); in attributes tab and newline become character references
    /// so that attribute-value normalisation keeps them.
    public static func escape(_ text: String, inAttribute: Bool) -> String {
        guard text.utf8.contains(where: needsWork) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t": result += inAttribute ? "&#9;" : "\t"
            case "\n": result += inAttribute ? "&#10;" : "\n"
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == 0xEF
    }
}
