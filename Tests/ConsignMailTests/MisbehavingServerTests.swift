import ConsignMail
import Foundation
import Testing

@Suite("SMTP client against a scripted misbehaving server on 127.0.0.1")
struct MisbehavingServerTests {
    private func settings(_ server: ScriptedSMTPServer, timeout: Double = 5) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: server.port, tls: .off, heloName: "consign.test",
                     timeouts: .uniform(timeout))
    }

    private static let greetAndAccept: [ScriptedSMTPServer.Step] = [
        .send("220 scripted ESMTP"), .readLine, .send("250-scripted"), .send("250 8BITMIME"),
        .readLine, .send("250 2.1.0 ok"), .readLine,
    ]

    @Test("times out when the server never greets")
    func neverGreets() throws {
        let server = try ScriptedSMTPServer(scripts: [[.sleep(2), .close]])
        let started = Date()
        let report = SMTPClient(settings: settings(server, timeout: 0.5)).deliver(try TestSupport.message())
        #expect(Date().timeIntervalSince(started) < 1.8)
        #expect(report.outcome == .temporaryFailure)
        #expect(report.failure?.stage == .greeting)
        #expect(report.failure?.error?.code == .timeout)
        server.waitUntilDone()
    }

    @Test("gives up temporarily on 421 to EHLO and does not try HELO")
    func ehlo421() throws {
        let server = try ScriptedSMTPServer(scripts: [[
            .send("220 scripted"), .readLine, .send("421 4.3.2 going down"), .readLine, .close,
        ]])
        let report = SMTPClient(settings: settings(server, timeout: 2)).deliver(try TestSupport.message())
        server.waitUntilDone()
        #expect(report.outcome == .temporaryFailure)
        #expect(report.failure?.reply?.code == 421)
        #expect(server.commands == ["EHLO consign.test"])
    }

    @Test("reports greylisting (451) as temporary, then delivers on a second attempt with the same Message-ID")
    func greylistThenSuccess() throws {
        let first = Self.greetAndAccept + [.send("451 4.7.1 greylisted"), .readLine, .send("221 bye"), .close]
        let second = Self.greetAndAccept + [
            .send("250 2.1.5 ok"), .readLine, .send("354 go"), .readData, .send("250 2.0.0 queued"),
            .readLine, .send("221 bye"), .close,
        ]
        let server = try ScriptedSMTPServer(scripts: [first, second])
        let client = SMTPClient(settings: settings(server))
        let message = try TestSupport.message()

        let firstReport = client.deliver(message)
        #expect(firstReport.outcome == .temporaryFailure)
        let greylisted = SMTPReply(code: 451, lines: ["4.7.1 greylisted"])
        #expect(firstReport.recipients.first?.status == .refusedTemporarily(greylisted))
        let secondReport = client.deliver(message)
        server.waitUntilDone()

        #expect(secondReport.outcome == .delivered)
        #expect(server.commands.filter { $0 == "DATA" }.count == 1)
        #expect(server.commands.last == "QUIT")
        let stored = try #require(server.messages.first).text
        #expect(stored.contains("Message-ID: <report-1@consign.test>\r\n"))
        #expect(stored.hasSuffix("\r\n.\r\n"))
    }

    @Test("reports a temporary failure when the server drops the connection in the middle of DATA")
    func dropMidData() throws {
        let big = try MailAttachment(fileName: "big.bin", contentType: "application/octet-stream",
                                     data: Array(repeating: 0x5A, count: 8 * 1024 * 1024))
        let server = try ScriptedSMTPServer(scripts: [Self.greetAndAccept + [
            .send("250 ok"), .readLine, .send("354 go"), .readBytesThenReset(10_000),
        ]])
        let report = SMTPClient(settings: settings(server)).deliver(try TestSupport.message(attachments: [big]))
        server.waitUntilDone()
        #expect(report.outcome == .temporaryFailure)
        #expect(report.failure?.stage == .data)
        #expect(report.failure?.error?.code == .connectionClosed)
    }

    @Test("reports outcome unknown when the connection drops after the final dot, before the reply")
    func dropAfterFinalDot() throws {
        let server = try ScriptedSMTPServer(scripts: [Self.greetAndAccept + [
            .send("250 ok"), .readLine, .send("354 go"), .readData, .close,
        ]])
        let report = SMTPClient(settings: settings(server)).deliver(try TestSupport.message())
        server.waitUntilDone()
        #expect(report.outcome == .outcomeUnknown)
        #expect(report.failure?.stage == .dataTermination)
        #expect(!report.isDelivered)
        #expect(server.messages.count == 1)
    }

    @Test("reports a temporary failure with the host named when nothing listens on the port")
    func connectionRefused() throws {
        let server = try ScriptedSMTPServer(scripts: [])
        server.waitUntilDone()
        let report = SMTPClient(settings: settings(server)).deliver(try TestSupport.message())
        #expect(report.outcome == .temporaryFailure)
        #expect(report.failure?.error?.code == .connectFailed)
        #expect(report.failure?.error?.message.contains("127.0.0.1") == true)
    }
}
