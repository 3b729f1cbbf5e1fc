/// The DATA transparency procedure (RFC 5321 §4.5.2) over a fully encoded message.
enum DotStuffing {
    /// The message with CRLF line ends only, every leading "." doubled, ended by CRLF "." CRLF.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart && byte == UInt8(ascii: ".") { result.append(byte) }
            if byte == 0x0D || byte == 0x0A {
                // A bare CR or LF becomes CRLF: servers refuse bare line ends (SMTP smuggling).
                result += [0x0D, 0x0A]
                if byte == 0x0D && index + 1 < message.count && message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            } else {
                result.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { result += [0x0D, 0x0A] }
        return result + Array(".\r\n".utf8)
    }
}
