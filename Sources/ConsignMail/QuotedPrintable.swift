/// Quoted-printable (RFC 2045 §6.7) for text parts: CRLF line ends, lines of at most 76 characters.
enum QuotedPrintable {
    /// Encodes UTF-8 text; any line ending (CRLF, LF, CR) becomes a hard CRLF break, and
    /// no CRLF is added after the last line (the boundary's CRLF follows).
    static func encode(_ text: String) -> [UInt8] {
        var result: [UInt8] = []
        for (index, line) in hardLines(Array(text.utf8)).enumerated() {
            if index > 0 { result += [0x0D, 0x0A] }
            encodeLine(line, into: &result)
        }
        return result
    }

    private static func encodeLine(_ line: [UInt8], into result: inout [UInt8]) {
        var column = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let piece: [UInt8] = literal ? [byte] : Array(("=" + HeaderValue.hexByte(byte)).utf8)
            // Keep room for the soft-break "=" unless this is the line's last piece.
            let room = isLast ? 76 : 75
            if column + piece.count > room {
                result += Array("=\r\n".utf8)
                column = 0
            }
            result += piece
            column += piece.count
        }
    }

    private static func hardLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                lines.append(current)
                current = []
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        lines.append(current)
        return lines
    }
}
