/// Text from outside (file names, order codes, values) made safe for one line of a log or a
/// report: control characters, line and paragraph separators, bidirectional-text controls and
/// characters that may display as nothing (zero-width ones, a Hangul filler, variation
/// selectors: Unicode's default-ignorable code points) are written as escapes (`\n`, `\r`,
/// `\t`, `\u{1B}`), and a backslash as `\\`, so a value can neither break the line, nor recolour
/// or reorder it, nor hide a character, nor pass for an escape.
public enum OneLineText {
    /// `text` with the characters above escaped; returned as it is when it has none.
    public static func escaped(_ text: String) -> String {
        // Printable ASCII without a backslash (nearly every message) is judged a word at a time;
        // scalar by scalar it cost 5,000 instructions a message in the error report.
        let isPlain = text.utf8.withContiguousStorageIfAvailable(ByteScan.isPlainPrintableASCII) ?? false
        guard !isPlain, text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` with every e-mail address (a run around an `@` up to white space, quotes, brackets or
    /// separators) replaced by `<address>`: a mail server's reply (`550 <jana@example.cz>: no such
    /// user`) must not carry a person's address into a log above debug level.
    public static func withoutAddresses(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "@" else {
                result.unicodeScalars.append(scalars[index])
                index += 1
                continue
            }
            var start = result.unicodeScalars.endIndex
            while start > result.unicodeScalars.startIndex,
                  !endsAddress(result.unicodeScalars[result.unicodeScalars.index(before: start)]) {
                start = result.unicodeScalars.index(before: start)
            }
            result.unicodeScalars.removeSubrange(start...)
            result += "<address>"
            index += 1
            while index < scalars.count, !endsAddress(scalars[index]) { index += 1 }
        }
        return result
    }

    private static func endsAddress(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "<>\"'(),;:[]".unicodeScalars.contains(scalar)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || isControl(scalar)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional-text controls
        case 0x200B...0x200D, 0x2060, 0xFEFF: true  // zero-width characters: "A1\u{200B}" is not "A1"
        case 0x00..<0xA0: false
        default: scalar.properties.isDefaultIgnorableCodePoint  // a Hangul filler, variation selectors
        }
    }
}
