@testable import ConsignMail
import Foundation
import Testing

@Suite("MIME message building")
struct MimeBuilderTests {
    static let subjects = [
        "Předávací protokol PPL – Győr, Łódź, Žďár nad Sázavou, Kőszeg, Gdańsk, "
            + "Bielsko-Biała – svoz 2026-12-04",
        "Příliš žluťoučký kůň úpěl ďábelské ódy – "
            + String(repeating: "ěščřžýáíé", count: 12),
        "Zásilky 👨‍👩‍👧‍👦 a 🇨🇿 – emoji clusters that must not be split",
        "Plain ASCII subject that is long enough to need folding across more than one header line for sure",
        "NoSpacesAtAll" + String(repeating: "x", count: 120),
        "Looks like =?UTF-8?B?encoded?= but is plain",
    ]

    /// Decodes the `Subject:` header with our own small RFC 2047 decoder (B encoding only).
    private func decodeHeader(_ value: String) -> String {
        let tokens = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var result = ""
        var previousWasEncoded = false
        for token in tokens {
            if token.hasPrefix("=?UTF-8?B?") && token.hasSuffix("?=") {
                let payload = String(token.dropFirst(10).dropLast(2))
                result += String(decoding: Base64.decode(payload) ?? [], as: UTF8.self)
                previousWasEncoded = true
            } else {
                result += (result.isEmpty ? "" : " ") + token
                previousWasEncoded = false
            }
        }
        _ = previousWasEncoded
        return result
    }

    /// The unfolded value of header `name` in the top-level header block.
    private func header(_ name: String, in bytes: [UInt8]) -> String? {
        let head = bytes.text.components(separatedBy: "\r\n\r\n")[0]
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.hasPrefix(name + ": ") {
            return String(line.dropFirst(name.count + 2))
        }
        return nil
    }

    @Test("encodes long non-ASCII subjects in words of at most 75 chars that decode back", arguments: subjects)
    func subjectEncoding(subject: String) throws {
        let bytes = try TestSupport.message(subject: subject).rendered()
        let head = bytes.text.components(separatedBy: "\r\n\r\n")[0]
        let subjectLines = head.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }
            .prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        for line in subjectLines {
            #expect(line.utf8.count <= 78)
            for word in line.split(separator: " ") where word.hasPrefix("=?") {
                #expect(word.count <= 75)
                let payload = String(word.dropFirst(10).dropLast(2))
                #expect(String(validating: Base64.decode(payload) ?? [0xFF], as: UTF8.self) != nil,
                        "every word holds whole UTF-8 characters")
            }
        }
        let raw = try #require(header("Subject", in: bytes))
        #expect(raw.contains("=?UTF-8?B?") ? decodeHeader(raw) == subject : raw == subject)
    }

    @Test("Python's email parser reads subject, display name, body and attachments back exactly")
    func pythonRoundTrip() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        let pdf = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let attachments = [
            try MailAttachment(fileName: "Předávací protokol – Łódź Győr.pdf", contentType: "application/pdf",
                               data: pdf),
            try MailAttachment(fileName: "zásilky-" + String(repeating: "ř", count: 80) + ".csv",
                               contentType: "text/csv",
                               data: Array("a;b\r\n.c;d\r\n".utf8)),
            try MailAttachment(fileName: "plain \"quoted\".txt", contentType: "text/plain", data: [0x41]),
        ]
        let subject = Self.subjects[0]
        let text = "Dobrý den,\n.tečka na začátku řádku\nřádek s mezerou na konci \n"
            + String(repeating: "dlouhý ", count: 40)
        let message = try MailMessage(
            from: MailAddress("consign@example.cz", displayName: "Účtárna Győr, s.r.o."),
            to: [MailAddress("ucto@example.cz")], subject: subject, date: Date(timeIntervalSince1970: 0),
            messageID: "r1@consign.test", textBody: text, htmlBody: "<p>Dobrý den</p>", attachments: attachments)
        let path = directory + "/m.eml"
        try Data(message.rendered()).write(to: URL(fileURLWithPath: path))

        let parsed = try TestSupport.parseWithPython(emlPath: path)
        #expect(parsed["subject"] as? String == subject)
        #expect(parsed["from"] as? String == "Účtárna Győr, s.r.o.")
        #expect(parsed["defects"] as? Int == 0)
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == text)
        let parsedAttachments = parsed["attachments"] as? [[String: Any]] ?? []
        #expect(parsedAttachments.compactMap { $0["name"] as? String } == attachments.map(\.fileName))
        #expect(parsedAttachments.first?["sha256"] as? String == Self.sha256(pdf))
    }

    @Test("writes display names that Python reads back exactly, within 78 columns", arguments: [
        "Účtárna Győr, s.r.o.",
        "Smith, John (Accounts)",
        "O\"Brien \\ Co.",
        "Warehouse, " + Array(repeating: "Logistics Department", count: 6).joined(separator: " "),
        "Łódź " + String(repeating: "Ω", count: 90),
    ])
    func displayNames(name: String) throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        let message = try MailMessage(
            from: MailAddress("consign@example.cz", displayName: name), to: [MailAddress("a@example.cz")],
            subject: "x", date: Date(timeIntervalSince1970: 0), messageID: "n@consign.test", textBody: "x")
        let bytes = message.rendered()
        #expect(TestSupport.crlfLines(bytes).lines.allSatisfy { $0.count <= 78 })
        let path = directory + "/m.eml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        // Python's policy.default address parser keeps the space between adjacent encoded-words
        // in a display name, against RFC 2047 §6.2; its plain RFC 2047 decoder does not.
        let parsed = try TestSupport.parseWithPython(emlPath: path)
        if header("From", in: bytes)?.contains("=?UTF-8?B?") == true {
            #expect(parsed["from_decoded"] as? String == name + " <consign@example.cz>")
        } else {
            #expect(parsed["from"] as? String == name)
        }
    }

    @Test("uses only CRLF, no line over 998 octets, and 7-bit bytes")
    func lineDiscipline() throws {
        let attachment = try MailAttachment(fileName: String(repeating: "Ž", count: 300) + ".pdf",
                                            contentType: "application/pdf", data: Array(repeating: 7, count: 10_000))
        let bytes = try TestSupport.message(subject: Self.subjects[1], text: String(repeating: "ř", count: 3000),
                                            attachments: [attachment]).rendered()
        let (lines, hasBare) = TestSupport.crlfLines(bytes)
        #expect(!hasBare)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        #expect(lines.allSatisfy { $0.count <= 998 })
        let long = lines.filter { $0.count > 78 }.map(\.text)
        #expect(long.isEmpty, "our encoders keep every line within 78")
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("names attachments with RFC 2231 filename* and an encoded fallback")
    func attachmentParameters() throws {
        let attachment = try MailAttachment(fileName: "Protokol Žďár.pdf", contentType: "application/pdf", data: [1])
        let text = try TestSupport.message(attachments: [attachment]).rendered().text
        #expect(text.contains("filename*=utf-8''Protokol%20%C5%BD%C4%8F%C3%A1r.pdf"))
        #expect(text.contains("filename=\"=?UTF-8?B?"))
        #expect(text.contains("name=\"=?UTF-8?B?"))
        #expect(text.contains("Content-Disposition: attachment;"))
    }

    @Test("keeps a body line that starts with a dot; the SMTP layer stuffs it")
    func leadingDotBody() throws {
        let message = try TestSupport.message(text: ".hidden line\r\nnext\r\n", html: nil)
        let rendered = message.rendered()
        #expect(rendered.text.contains("\r\n.hidden line\r\n"))
        let stuffed = DotStuffing.encode(rendered)
        #expect(stuffed.text.contains("\r\n..hidden line\r\n"))
        #expect(stuffed.text.hasSuffix("\r\n.\r\n"))
    }

    @Test("writes the RFC 5322 headers: Date from the given instant, Message-ID, MIME-Version")
    func topHeaders() throws {
        let bytes = try TestSupport.message().rendered()
        // Python: email.utils.formatdate(1796400000) gives "Fri, 04 Dec 2026 16:00:00 -0000".
        #expect(header("Date", in: bytes) == "Fri, 04 Dec 2026 16:00:00 +0000")
        #expect(header("Message-ID", in: bytes) == "<report-1@consign.test>")
        #expect(header("MIME-Version", in: bytes) == "1.0")
        #expect(header("From", in: bytes) == "Consign <consign@example.cz>")
        #expect(header("Content-Type", in: bytes)?.hasPrefix("multipart/mixed;") == true)
    }

    @Test("renders the same bytes for the same message (stable boundaries across retries)")
    func deterministic() throws {
        #expect(try TestSupport.message().rendered() == TestSupport.message().rendered())
    }

    @Test("refuses CR, LF and NUL in header values and addresses", arguments: [
        "Subject\r\nBcc: victim@example.com", "Subject\nX: y", "Subject\rX", "Sub\0ject",
    ])
    func headerInjection(value: String) throws {
        #expect(throws: MailError.self) { try TestSupport.message(subject: value) }
        #expect(throws: MailError.self) { try MailAddress("a@example.cz", displayName: value) }
        #expect(throws: MailError.self) { try MailAddress("a@example.cz" + value) }
        #expect(throws: MailError.self) { try MailAttachment(fileName: value, contentType: "text/plain", data: []) }
        #expect(throws: MailError.self) { try TestSupport.message(messageID: "x@" + value) }
    }

    @Test("refuses invalid addresses", arguments: [
        "", "no-at-sign", "two@@example.cz", "space in@example.cz", "účto@example.cz", "a@exämple.cz",
        "<a@example.cz>", "a@", "@example.cz", "a@exa mple.cz", "a@-..cz",
        String(repeating: "a", count: 65) + "@example.cz", "a@" + String(repeating: "b", count: 250) + ".cz",
    ])
    func invalidAddress(address: String) {
        #expect(throws: MailError.self) { try MailAddress(address) }
    }

    @Test("accepts ordinary addresses",
          arguments: ["a@example.cz", "first.last+tag@sub.example.co.uk", "x_y-z@localhost"])
    func validAddress(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    private static func sha256(_ bytes: [UInt8]) -> String {
        let script = "import sys,hashlib; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())"
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let output = (try? TestSupport.runPython(script, arguments: [hex])) ?? ""
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
