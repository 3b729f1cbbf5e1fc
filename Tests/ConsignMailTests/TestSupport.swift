import ConsignMail
import Foundation

/// Helpers shared by the mail tests.
enum TestSupport {
    /// A fresh temp folder for one test.
    static func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "consign-mail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small report message with the given subject and attachments.
    static func message(subject: String = "Handover protocol", text: String = "Hello\r\n",
                        html: String? = "<p>Hello</p>", attachments: [MailAttachment] = [],
                        to: [String] = ["ucto@example.cz"],
                        messageID: String = "report-1@consign.test") throws -> MailMessage {
        try MailMessage(
            from: MailAddress("consign@example.cz", displayName: "Consign"),
            to: to.map { try MailAddress($0) },
            subject: subject, date: Date(timeIntervalSince1970: 1_796_400_000), messageID: messageID,
            textBody: text, htmlBody: html, attachments: attachments)
    }

    /// The lines of `bytes` split at CRLF, plus whether any bare CR or LF occurs.
    static func crlfLines(_ bytes: [UInt8]) -> (lines: [[UInt8]], hasBareLineEnd: Bool) {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var bare = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if byte == 0x0D || byte == 0x0A { bare = true }
            current.append(byte)
            index += 1
        }
        if !current.isEmpty { lines.append(current) }
        return (lines, bare)
    }

    /// Runs `python3` with `script` and `arguments`; returns stdout. Throws when it fails.
    static func runPython(_ script: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("python3 failed: " + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a raw message with Python's `email` package (policy.default) and returns
    /// subject, From display name (`from`: policy.default's address parser; `from_decoded`: the
    /// RFC 2047 decoder `email.header.decode_header`), attachment names and SHA-256 of payloads.
    static func parseWithPython(emlPath: String) throws -> [String: Any] {
        let script = """
        import sys, json, hashlib, email
        from email import policy
        from email.header import decode_header, make_header
        raw = open(sys.argv[1], 'rb').read()
        msg = email.message_from_bytes(raw, policy=policy.default)
        atts = []
        for part in msg.iter_attachments():
            payload = part.get_payload(decode=True)
            atts.append({'name': part.get_filename(), 'sha256': hashlib.sha256(payload).hexdigest()})
        body = msg.get_body(preferencelist=('plain',))
        legacy = email.message_from_bytes(raw, policy=policy.compat32)
        print(json.dumps({'subject': str(msg['subject']), 'from': msg['from'].addresses[0].display_name,
                          'from_decoded': str(make_header(decode_header(legacy['from']))),
                          'attachments': atts, 'text': body.get_content() if body else None,
                          'defects': len(msg.defects)}))
        """
        let output = try runPython(script, arguments: [emlPath])
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
        guard let dictionary = object as? [String: Any] else { throw TestFailure("python printed no object") }
        return dictionary
    }
}

/// A test's own failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == UInt8 {
    /// The bytes as (lossy) UTF-8 text.
    var text: String { String(decoding: self, as: UTF8.self) }
}
