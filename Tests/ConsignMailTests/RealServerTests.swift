import ConsignMail
import ConsignSupport
import ConsignTestSupport
import Foundation
import Testing

@Suite("SMTP client against a real server (aiosmtpd) with TLS and AUTH on 127.0.0.1")
struct RealServerTests {
    private static let subject =
        "Předávací protokol PPL – Győr, Łódź, Žďár nad Sázavou – svoz č. 42 ze dne 4. 12. 2026"
    private static let attachmentName = "Předávací protokol – Łódź Győr Ñ.pdf"

    private func settings(_ server: AiosmtpdServer, tls: SMTPTLSMode, port: UInt16,
                          caFile: String? = nil, password: String = AiosmtpdServer.password) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port, tls: tls, username: AiosmtpdServer.user, password: password,
                     caFile: caFile ?? server.certificatePath, heloName: "consign.test", timeouts: .uniform(10))
    }

    private func report() throws -> (message: MailMessage, pdf: [UInt8]) {
        let pdf = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let csv = Array(".first;line\r\n.\r\n..\r\nend".utf8)
        let text = "Dobrý den,\n.řádek začíná tečkou\n.\n..dvě tečky\nS pozdravem Consign"
        let message = try MailMessage(
            from: MailAddress("consign@example.cz", displayName: "Consign – Győr"),
            to: [MailAddress("ucto@example.cz", displayName: "Účtárna"), MailAddress("sklad@example.cz")],
            bcc: [MailAddress("archiv@example.cz")],
            subject: Self.subject, date: Date(timeIntervalSince1970: 1_796_400_000), messageID: "batch-42@consign.test",
            textBody: text, htmlBody: "<p>Dobrý den</p>\n<p>.tečka</p>",
            attachments: [MailAttachment(fileName: Self.attachmentName, contentType: "application/pdf", data: pdf),
                          MailAttachment(fileName: "zásilky.csv", contentType: "text/csv", data: csv)])
        return (message, pdf)
    }

    @Test("delivers a report with STARTTLS and AUTH; the stored bytes are exactly the message")
    func startTLSDelivery() throws {
        let server = try AiosmtpdServer()
        let (message, pdf) = try report()

        let sink = MemorySink()
        let logger = Logger(label: "test.mail", minimumLevel: .debug, sink: sink)
        let client = SMTPClient(settings: settings(server, tls: .starttls, port: server.starttlsPort), logger: logger)
        let result = client.deliver(message)

        #expect(result.outcome == .delivered, "\(String(describing: result.failure))")
        #expect(result.recipients.map(\.status) == [.accepted, .accepted, .accepted])
        let stored = try #require(try server.received().first)
        #expect(stored.facts["tls"] as? Bool == true)
        #expect(stored.facts["authenticated"] as? Bool == true)
        #expect(stored.facts["mail_from"] as? String == "consign@example.cz")
        #expect(stored.facts["rcpt_tos"] as? [String] == ["ucto@example.cz", "sklad@example.cz", "archiv@example.cz"])
        try expectFaithful(stored.raw, emlPath: stored.emlPath, message: message, pdf: pdf)
        #expect(!sink.lines.isEmpty)
        #expect(!sink.lines.contains { $0.contains(AiosmtpdServer.password) || $0.contains("@example.cz") },
                "no password and no e-mail address in the log, even at debug")
    }

    @Test("delivers over implicit TLS (SMTPS)")
    func implicitTLSDelivery() throws {
        let server = try AiosmtpdServer()
        let (message, pdf) = try report()

        let result = SMTPClient(settings: settings(server, tls: .tls, port: server.tlsPort)).deliver(message)

        #expect(result.outcome == .delivered, "\(String(describing: result.failure))")
        let stored = try #require(try server.received().first)
        #expect(stored.facts["tls"] as? Bool == true)
        try expectFaithful(stored.raw, emlPath: stored.emlPath, message: message, pdf: pdf)
    }

    @Test("refuses a certificate signed by an untrusted key, naming the host")
    func untrustedCertificate() throws {
        let server = try AiosmtpdServer()
        try AiosmtpdServer.makeCertificate(in: server.directory, name: "other", altNames: "IP:127.0.0.1")
        let custom = settings(server, tls: .tls, port: server.tlsPort, caFile: server.directory + "/other.pem")

        let result = SMTPClient(settings: custom).deliver(try report().message)

        #expect(result.outcome == .temporaryFailure)
        #expect(result.failure?.error?.code == .certificateRejected)
        #expect(result.failure?.error?.message.contains("'127.0.0.1'") == true)
        #expect(try server.received().isEmpty)
    }

    @Test("refuses a trusted certificate issued for another address (host-name verification)")
    func wrongHostName() throws {
        let server = try AiosmtpdServer(altNames: "DNS:mail.example.cz,IP:127.0.0.2")

        let client = SMTPClient(settings: settings(server, tls: .tls, port: server.tlsPort))

        let result = client.deliver(try report().message)

        #expect(result.outcome == .temporaryFailure)
        #expect(result.failure?.error?.code == .certificateRejected)
        #expect(result.failure?.error?.message.contains("'127.0.0.1'") == true)
        #expect(try server.received().isEmpty)
    }

    @Test("reports wrong credentials (535) as a permanent failure at AUTH")
    func wrongPassword() throws {
        let server = try AiosmtpdServer()
        let wrong = settings(server, tls: .starttls, port: server.starttlsPort, password: "nope")

        let result = SMTPClient(settings: wrong).deliver(try report().message)

        #expect(result.outcome == .permanentFailure, "\(String(describing: result.failure))")
        #expect(result.failure?.stage == .auth)
        #expect(result.failure?.reply?.code == 535)
        #expect(try server.received().isEmpty)
    }

    /// Byte-level and parsed checks of what the server stored.
    private func expectFaithful(_ raw: [UInt8], emlPath: String, message: MailMessage, pdf: [UInt8]) throws {
        let (lines, hasBare) = TestSupport.crlfLines(raw)
        #expect(!hasBare, "only CRLF line ends")
        #expect(lines.allSatisfy { $0.count <= 998 })
        #expect(raw == message.rendered(), "dot-stuffing was undone to exactly the rendered message")
        #expect(raw.text.contains("\r\n.\r\n"), "a body line holding only a dot survived")
        #expect(!raw.text.contains("Bcc"))

        let parsed = try TestSupport.parseWithPython(emlPath: emlPath)
        #expect(parsed["subject"] as? String == Self.subject)
        #expect(parsed["from"] as? String == "Consign – Győr")
        let attachments = parsed["attachments"] as? [[String: Any]] ?? []
        #expect(attachments.compactMap { $0["name"] as? String } == [Self.attachmentName, "zásilky.csv"])
        #expect(attachments.first?["sha256"] as? String == (try sha256(pdf)))
    }

    private func sha256(_ bytes: [UInt8]) throws -> String {
        let path = try TestSupport.makeTemporaryDirectory() + "/blob"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let script = "import sys,hashlib; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())"
        return try TestSupport.runPython(script, arguments: [path]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
