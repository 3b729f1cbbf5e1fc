@testable import ConsignMail
import Testing

@Suite("SMTP session state machine (no sockets)")
struct SMTPSessionTests {
    private static let ehloPlain = "250-mail.test\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n"

    /// Runs a whole non-pipelined delivery to one recipient after `ehlo`.
    private func deliverAfterEhlo(_ driver: inout SessionDriver) {
        driver.server("250 2.1.0 ok\r\n")
        driver.server("250 2.1.5 ok\r\n")
        driver.server("354 go ahead\r\n")
        driver.event(.dataSent)
        driver.server("250 2.0.0 queued\r\n")
        driver.server("221 bye\r\n")
    }

    @Test("accepts a multi-line greeting and a code-only last EHLO line, then delivers")
    func multiLineGreeting() throws {
        var driver = try SessionDriver()
        driver.server("220-mail.test ESMTP\r\n220-second line\r\n220 ready\r\n")
        #expect(driver.lastSent == "EHLO localhost\r\n")
        driver.server("250-mail.test\r\n250-SIZE 1000000\r\n250\r\n")
        #expect(driver.lastSent == "MAIL FROM:<consign@example.cz> SIZE=20\r\n")
        deliverAfterEhlo(&driver)
        #expect(driver.sent.contains("RCPT TO:<a@example.cz>\r\n"))
        #expect(driver.sent.last == "QUIT\r\n")
        #expect(driver.report?.outcome == .delivered)
        #expect(driver.report?.recipients == [RecipientResult(address: "a@example.cz", status: .accepted)])
        #expect(driver.isClosed)
    }

    @Test("falls back to HELO when EHLO is not recognized", arguments: [500, 501, 502, 504, 550])
    func heloFallback(code: Int) throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server("\(code) what?\r\n")
        #expect(driver.lastSent == "HELO localhost\r\n")
        driver.server("250 hello\r\n")
        #expect(driver.lastSent == "MAIL FROM:<consign@example.cz>\r\n")
        deliverAfterEhlo(&driver)
        #expect(driver.report?.outcome == .delivered)
    }

    @Test("gives up temporarily on 421 to EHLO without trying HELO or QUIT")
    func ehlo421() throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server("421 4.3.2 shutting down\r\n")
        #expect(!driver.sent.contains { $0.hasPrefix("HELO") })
        #expect(driver.report?.outcome == .temporaryFailure)
        #expect(driver.report?.failure?.stage == .ehlo)
        #expect(driver.report?.failure?.reply?.code == 421)
        #expect(driver.isClosed)
    }

    @Test("fails on a greeting other than 220", arguments: [(554, DeliveryReport.Outcome.permanentFailure),
                                                            (421, .temporaryFailure)])
    func badGreeting(code: Int, outcome: DeliveryReport.Outcome) throws {
        var driver = try SessionDriver()
        driver.server("\(code) go away\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == outcome)
        #expect(!driver.sent.contains { $0.hasPrefix("EHLO") })
    }

    @Test("refuses to continue when STARTTLS is required but not offered")
    func startTLSNotOffered() throws {
        var driver = try SessionDriver(settings: SMTPSettings(host: "mail.test", tls: .starttls))
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        #expect(driver.lastSent == "QUIT\r\n")
        #expect(!driver.sent.contains { $0.hasPrefix("MAIL") })
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .permanentFailure)
        #expect(driver.report?.failure?.error?.code == .policyRefused)
    }

    @Test("upgrades with STARTTLS, forgets capabilities and sends EHLO again")
    func startTLSUpgrade() throws {
        var driver = try SessionDriver(settings: SMTPSettings(host: "mail.test", tls: .starttls))
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
        #expect(driver.lastSent == "STARTTLS\r\n")
        driver.server("220 go ahead\r\n")
        #expect(driver.tlsStarts == 1)
        #expect(driver.session.capabilities == ServerCapabilities())
        driver.event(.tlsEstablished)
        #expect(driver.sent.filter { $0.hasPrefix("EHLO") }.count == 2)
        driver.server("250 mail.test\r\n")
        #expect(driver.lastSent == "MAIL FROM:<consign@example.cz>\r\n")
    }

    @Test("reports 454 to STARTTLS as temporary and never continues in plain text")
    func startTLSUnavailable() throws {
        var driver = try SessionDriver(settings: SMTPSettings(host: "mail.test", tls: .starttls))
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 STARTTLS\r\n")
        driver.server("454 4.7.0 TLS not available\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .temporaryFailure)
        #expect(driver.report?.failure?.stage == .startTLS)
        #expect(!driver.sent.contains { $0.hasPrefix("MAIL") })
    }

    @Test("reads old-style AUTH=LOGIN lines and SIZE without a value")
    func capabilityParsing() {
        let reply = SMTPReply(code: 250, lines: ["mail.test", "AUTH=LOGIN", "auth plain cram-md5", "SIZE", "STARTTLS"])
        let capabilities = ServerCapabilities(ehloReply: reply)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(capabilities.maximumSize == 0)
        #expect(capabilities.supportsStartTLS)
        #expect(!capabilities.supportsPipelining)
    }

    @Test("aborts when bytes follow the STARTTLS 220 before the handshake (command injection)")
    func startTLSInjection() throws {
        var driver = try SessionDriver(settings: SMTPSettings(host: "mail.test", tls: .starttls))
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 STARTTLS\r\n")
        driver.server("220 go ahead\r\n250-injected\r\n")
        #expect(driver.tlsStarts == 0)
        #expect(driver.isClosed)
        #expect(driver.report?.outcome == .temporaryFailure)
        #expect(driver.report?.failure?.error?.code == .protocolViolation)
    }

    @Test("pipelines MAIL, every RCPT and DATA in one write and checks each reply")
    func pipelining() throws {
        var driver = try SessionDriver(recipients: ["a@example.cz", "b@example.cz"])
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 PIPELINING\r\n")
        #expect(driver.lastSent == "MAIL FROM:<consign@example.cz>\r\nRCPT TO:<a@example.cz>\r\n"
            + "RCPT TO:<b@example.cz>\r\nDATA\r\n")
        driver.server("250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n")
        #expect(driver.messageData != nil)
        driver.event(.dataSent)
        driver.server("250 queued\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .delivered)
    }

    @Test("delivers to two recipients when the server refuses the third with 550")
    func oneRecipientRefused() throws {
        var driver = try SessionDriver(recipients: ["a@example.cz", "b@example.cz", "c@example.cz"])
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n")
        driver.server("250 ok\r\n")
        driver.server("550 5.1.1 no such user\r\n")
        driver.server("250 ok\r\n")
        #expect(driver.lastSent == "DATA\r\n")
        driver.server("354 go\r\n")
        driver.event(.dataSent)
        driver.server("250 queued\r\n")
        driver.server("221 bye\r\n")
        let refusal = SMTPReply(code: 550, lines: ["5.1.1 no such user"])
        #expect(driver.report?.outcome == .partiallyDelivered)
        #expect(driver.report?.recipients.map(\.status) == [.accepted, .refusedPermanently(refusal), .accepted])
    }

    @Test("reports greylisting (451 on RCPT) as a temporary failure without DATA")
    func greylisting() throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n")
        driver.server("451 4.7.1 greylisted, try later\r\n")
        #expect(!driver.sent.contains("DATA\r\n"))
        #expect(driver.lastSent == "QUIT\r\n")
        driver.event(.connectionClosed)
        #expect(driver.report?.outcome == .temporaryFailure)
        let greylisted = SMTPReply(code: 451, lines: ["4.7.1 greylisted, try later"])
        #expect(driver.report?.recipients.first?.status == .refusedTemporarily(greylisted))
    }

    @Test("does not send DATA when every recipient is refused permanently")
    func allRefused() throws {
        var driver = try SessionDriver(recipients: ["a@example.cz", "b@example.cz"])
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n")
        driver.server("550 no\r\n")
        driver.server("550 no\r\n")
        #expect(!driver.sent.contains("DATA\r\n"))
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .permanentFailure)
    }

    @Test("with PIPELINING and every recipient refused, ends an opened DATA with an empty message")
    func pipelinedAllRefused() throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 PIPELINING\r\n")
        driver.server("250 ok\r\n550 no\r\n354 go\r\n")
        #expect(driver.messageData == nil)
        #expect(driver.lastSent == ".\r\n")
        driver.server("554 no valid recipients\r\n")
        #expect(driver.lastSent == "QUIT\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .permanentFailure)
    }

    @Test("authenticates with PLAIN over TLS and treats 535 as permanent")
    func authRefused() throws {
        let settings = SMTPSettings(host: "mail.test", tls: .tls, username: "user", password: "secret")
        var driver = try SessionDriver(settings: settings)
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 AUTH LOGIN PLAIN\r\n")
        #expect(driver.lastSent == "AUTH PLAIN AHVzZXIAc2VjcmV0\r\n")
        driver.server("535 5.7.8 bad credentials\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .permanentFailure)
        #expect(driver.report?.failure?.stage == .auth)
    }

    @Test("authenticates with LOGIN when PLAIN is not offered")
    func authLogin() throws {
        let settings = SMTPSettings(host: "mail.test", tls: .tls, username: "user", password: "secret")
        var driver = try SessionDriver(settings: settings)
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 AUTH LOGIN\r\n")
        #expect(driver.lastSent == "AUTH LOGIN\r\n")
        driver.server("334 VXNlcm5hbWU6\r\n")
        #expect(driver.lastSent == "dXNlcg==\r\n")
        driver.server("334 UGFzc3dvcmQ6\r\n")
        #expect(driver.lastSent == "c2VjcmV0\r\n")
        driver.server("235 ok\r\n")
        #expect(driver.lastSent == "MAIL FROM:<consign@example.cz>\r\n")
    }

    @Test("reports 454 to AUTH as temporary")
    func authTemporary() throws {
        let settings = SMTPSettings(host: "mail.test", tls: .tls, username: "user", password: "secret")
        var driver = try SessionDriver(settings: settings)
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 AUTH PLAIN\r\n")
        driver.server("454 4.7.0 try later\r\n")
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .temporaryFailure)
    }

    @Test("refuses AUTH without TLS unless allowed", arguments: [false, true])
    func authWithoutTLS(allowed: Bool) throws {
        let settings = SMTPSettings(host: "mail.test", tls: .off, username: "user", password: "secret",
                                    allowPlainAuth: allowed)
        var driver = try SessionDriver(settings: settings)
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 AUTH PLAIN\r\n")
        #expect(driver.sent.contains { $0.hasPrefix("AUTH") } == allowed)
        if !allowed {
            #expect(driver.lastSent == "QUIT\r\n")
            driver.server("221 bye\r\n")
            #expect(driver.report?.failure?.error?.code == .policyRefused)
        }
    }

    @Test("refuses a message bigger than the announced SIZE before MAIL")
    func sizeLimit() throws {
        var driver = try SessionDriver(message: Array(repeating: 0x41, count: 2000))
        driver.server("220 ready\r\n")
        driver.server("250-mail.test\r\n250 SIZE 1000\r\n")
        #expect(!driver.sent.contains { $0.hasPrefix("MAIL") })
        driver.server("221 bye\r\n")
        #expect(driver.report?.outcome == .permanentFailure)
    }

    @Test("ends with a protocol error on endless continuation lines")
    func endlessContinuation() throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server(String(repeating: "250-more\r\n", count: 150))
        #expect(driver.report?.outcome == .temporaryFailure)
        #expect(driver.report?.failure?.error?.code == .protocolViolation)
        #expect(driver.isClosed)
    }

    @Test("ends with a protocol error on a reply line that is too long")
    func lineTooLong() throws {
        var driver = try SessionDriver()
        driver.server("220 " + String(repeating: "x", count: 3000))
        #expect(driver.report?.failure?.error?.code == .protocolViolation)
    }

    @Test("reports outcome unknown when the connection drops or times out after the final dot",
          arguments: [SMTPSession.Event.timeout, .connectionClosed])
    func outcomeUnknown(event: SMTPSession.Event) throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n")
        driver.server("250 ok\r\n")
        driver.server("354 go\r\n")
        driver.event(.dataSent)
        driver.event(event)
        #expect(driver.report?.outcome == .outcomeUnknown)
        #expect(driver.report?.recipients.first?.status == .notDelivered)
    }

    @Test("reports a temporary failure when the connection drops while data is being written")
    func dropWhileSendingData() throws {
        var driver = try SessionDriver()
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n250 ok\r\n354 go\r\n")
        driver.event(.connectionClosed)
        #expect(driver.report?.outcome == .temporaryFailure)
    }

    @Test("uses the RFC 5321 timeout of each stage")
    func stageTimeouts() throws {
        var driver = try SessionDriver()
        #expect(driver.session.timeout == 300)
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n")
        #expect(driver.session.timeout == 300)
        driver.server("250 ok\r\n")
        #expect(driver.session.timeout == 120)
        driver.server("354 go\r\n")
        #expect(driver.session.timeout == 180)
        driver.event(.dataSent)
        #expect(driver.session.timeout == 600)
    }

    @Test("dot-stuffs the message and ends it with CRLF.CRLF")
    func dotStuffing() throws {
        var driver = try SessionDriver(message: Array("Subject: x\r\n\r\n.leading\r\nmid.dle\r\n..two\nlast".utf8))
        driver.server("220 ready\r\n")
        driver.server(Self.ehloPlain)
        driver.server("250 ok\r\n250 ok\r\n354 go\r\n")
        #expect(driver.messageData?.text == "Subject: x\r\n\r\n..leading\r\nmid.dle\r\n...two\r\nlast\r\n.\r\n")
    }

    @Test("refuses a HELO name with a line break")
    func heloInjection() throws {
        let driver = try SessionDriver(settings: SMTPSettings(host: "mail.test", tls: .off, heloName: "x\r\nRSET"))
        #expect(driver.report?.outcome == .permanentFailure)
        #expect(driver.report?.failure?.error?.code == .headerInjection)
        #expect(driver.sent.isEmpty)
    }
}

@Suite("SMTP settings")
struct SMTPSettingsTests {
    @Test("never prints the password")
    func redactedDescription() {
        let settings = SMTPSettings(host: "mail.test", username: "user", password: "hunter2-secret")
        #expect(!String(describing: settings).contains("hunter2"))
        #expect(!String(reflecting: settings).contains("hunter2"))
        #expect(String(describing: settings).contains("<redacted>"))
    }
}
