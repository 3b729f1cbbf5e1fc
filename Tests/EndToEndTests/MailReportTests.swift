import ConsignTestSupport
import Foundation
import Testing

@Suite("Close-batch reports through a real SMTP server on loopback (aiosmtpd, STARTTLS + AUTH)", .serialized)
struct MailReportTests {
    static let t0 = "2026-12-04T08:00:00+0000"

    func writeConfig(_ consign: ConsignProcess, server: AiosmtpdServer,
                     to recipients: [String] = ["ucetni@shop.test", "sklad@shop.test"]) throws -> String {
        let path = consign.root + "/consign.json"
        let config: [String: Any] = [
            "mail": ["from": "consign@shop.test", "to": recipients,
                     "smtp": ["host": "127.0.0.1", "port": Int(server.starttlsPort), "tls": "starttls",
                              "username": AiosmtpdServer.user, "passwordEnv": "CONSIGN_TEST_SMTP_PASSWORD",
                              "caFile": server.certificatePath]],
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Python's e-mail parser on a raw message: subject and attachment file names.
    func parse(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import email, sys
            from email import policy
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            print(m['subject'])
            for part in m.iter_attachments():
                print(part.get_filename())
            """, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }

    func pdfText(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", path, "-"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test("one correct report per batch; with the server down exit 75 and the report kept, then delivered once")
    func reportLifecycle() throws {
        var consign = try ConsignProcess()
        consign.environment["CONSIGN_TEST_SMTP_PASSWORD"] = AiosmtpdServer.password
        let server = try AiosmtpdServer()
        let config = try writeConfig(consign, server: server)
        try consign.drop("orders.csv", SampleOrders.csv([
            SampleOrders.valid("M-1", cod: "1290,50"), SampleOrders.valid("M-2", cod: "100"), SampleOrders.valid("M-3"),
        ]))
        #expect(try consign.run(["--config", config, "run"], now: Self.t0).status == 0)
        #expect(try consign.run(["--config", config, "close", "ppl"], now: Self.t0).status == 0)
        let acknowledged = try consign.run(["--config", config, "run"], now: "2026-12-04T08:30:00+0000")
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")

        let received = try server.received()
        #expect(received.count == 1)
        let message = try #require(received.first)
        #expect((message.facts["rcpt_tos"] as? [String])?.sorted() == ["sklad@shop.test", "ucetni@shop.test"])
        let parsed = try parse(message.emlPath)
        #expect(parsed.first?.hasPrefix("Předávací protokol PPL") == true)
        #expect(parsed.dropFirst().filter { $0.hasSuffix(".pdf") }.count == 1)
        #expect(parsed.dropFirst().filter { $0.hasSuffix(".csv") }.count == 1)

        let pdf = try #require(consign.list("out/handover").first { $0.hasSuffix(".pdf") })
        let text = try pdfText(consign.spool + "/out/handover/" + pdf)
        #expect(text.contains("PPL-20261204"))
        #expect(text.contains("1390.50 CZK"))
        let csv = try consign.read("out/handover/" + pdf.replacingOccurrences(of: ".pdf", with: ".csv"))
        let shipments = try consign.run(["shipments", "--json", "--status", "closed"]).json()
        let items = try #require((shipments["data"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 3)
        for item in items {
            let tracking = try #require(((item["packages"] as? [[String: Any]])?.first)?["trackingNumber"] as? String)
            #expect(csv.contains(tracking))
        }

        server.stop()
        try consign.drop("more.csv", SampleOrders.csv([SampleOrders.valid("M-4", cod: "50")]))
        #expect(try consign.run(["--config", config, "run"], now: "2026-12-04T09:00:00+0000").status == 0)
        #expect(try consign.run(["--config", config, "close", "ppl"], now: "2026-12-04T09:00:00+0000").status == 0)
        let down = try consign.run(["--config", config, "run"], now: "2026-12-04T09:30:00+0000")
        #expect(down.status == 75, "\(down.stderr)")
        #expect(try consign.run(["--config", config, "mailq"]).stdout.contains("queued"))

        let again = try AiosmtpdServer()
        let newConfig = try writeConfig(consign, server: again)
        #expect(try consign.run(["--config", newConfig, "run"], now: "2026-12-04T09:40:00+0000").status == 0)
        #expect(try consign.run(["--config", newConfig, "run"], now: "2026-12-04T09:50:00+0000").status == 0)
        #expect(try again.received().count == 1)
        #expect(try consign.run(["--config", newConfig, "mailq", "--json"]).stdout.components(separatedBy: "\"sent\"")
                    .count - 1 == 2)
    }
}

extension MailReportTests {
    @Test("a report the server refuses: exit 69, no address in the log, listed by status until sent again")
    func refusedReport() throws {
        var consign = try ConsignProcess()
        consign.environment["CONSIGN_TEST_SMTP_PASSWORD"] = AiosmtpdServer.password
        let server = try AiosmtpdServer()
        let config = try writeConfig(consign, server: server, to: ["refuse.ucetni@shop.test"])
        try consign.drop("orders.csv", SampleOrders.csv([SampleOrders.valid("R-1")]))
        #expect(try consign.run(["--config", config, "run"], now: Self.t0).status == 0)
        #expect(try consign.run(["--config", config, "close", "ppl"], now: Self.t0).status == 0)

        let refused = try consign.run(["--config", config, "run"], now: "2026-12-04T08:30:00+0000")
        #expect(refused.status == 69, "\(refused.stderr)")
        #expect(refused.stderr.contains("550") && !refused.stderr.contains("refuse.ucetni@shop.test"))
        #expect(try server.received().isEmpty)
        let later = try consign.run(["--config", config, "run"], now: "2026-12-04T09:30:00+0000")
        #expect(later.status == 0, "\(later.stderr)")
        let status = try consign.run(["--config", config, "status"])
        #expect(status.stdout.contains("close-batch reports not delivered: 1"))
        #expect((try consign.run(["--config", config, "status", "--json"]).json()["data"] as? [String: Any])?[
            "reportsNeedingAttention"] as? [Int] == [1])
        // Sent again, refused again: still a person's job, not "retry later".
        #expect(try consign.run(["--config", config, "mailq", "--retry", "1"]).status == 69)
        // The mistyped address corrected: delivered, and no longer listed.
        let fixed = try consign.run(["--config", config, "mailq", "--retry", "1", "--to", "ucetni@shop.test"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect((try server.received().first?.facts["rcpt_tos"] as? [String]) == ["ucetni@shop.test"])
        #expect(!(try consign.run(["--config", config, "status"]).stdout.contains("not delivered")))
        #expect(try consign.run(["--config", config, "mailq", "--to", "x@shop.test"]).status == 64)
    }

    @Test("an SMTP password variable that is not set is a config error (78) naming it, not a refused login later")
    func missingPasswordVariable() throws {
        let consign = try ConsignProcess()
        let server = try AiosmtpdServer()
        let config = try writeConfig(consign, server: server)
        let run = try consign.run(["--config", config, "run"], now: Self.t0)
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.stderr.contains("CONSIGN_TEST_SMTP_PASSWORD"))
    }

    @Test("a report refused for one of two recipients is failed, not sent: exit 69, listed, retried to that one only")
    func partlyRefusedReport() throws {
        var consign = try ConsignProcess()
        consign.environment["CONSIGN_TEST_SMTP_PASSWORD"] = AiosmtpdServer.password
        let server = try AiosmtpdServer()
        let config = try writeConfig(consign, server: server, to: ["ucetni@shop.test", "refuse.sklad@shop.test"])
        try consign.drop("orders.csv", SampleOrders.csv([SampleOrders.valid("P-1")]))
        #expect(try consign.run(["--config", config, "run"], now: Self.t0).status == 0)
        #expect(try consign.run(["--config", config, "close", "ppl"], now: Self.t0).status == 0)

        let partly = try consign.run(["--config", config, "run"], now: "2026-12-04T08:30:00+0000")
        #expect(partly.status == 69, "\(partly.stderr)")
        #expect(try server.received().count == 1)
        #expect(try consign.run(["--config", config, "mailq"]).stdout.contains("failed"))
        #expect(try consign.run(["--config", config, "status"]).stdout.contains("close-batch reports not delivered: 1"))
        #expect(try consign.run(["--config", config, "mailq", "--retry", "1"]).status == 69)
        #expect(try server.received().count == 1, "the recipient that accepted it got it once")
    }
}

@Suite("The handover protocol names the sender its shipments were registered with")
struct ProtocolSenderTests {
    func shipperConfig(_ consign: ConsignProcess, _ name: String, company: String) throws -> String {
        let path = consign.root + "/\(name).json"
        let config: [String: Any] = ["shipper": [
            "name": name, "company": company, "street": "Skladová 1", "city": "Praha", "zip": "110 00",
            "countryCode": "CZ", "phone": "+420601000000",
        ]]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("three shipments of sender A and one of B, closed and acknowledged under B: the protocol names A")
    func storedSender() throws {
        let consign = try ConsignProcess()
        let first = try shipperConfig(consign, "Alena", company: "Alfa Sklad s.r.o.")
        let second = try shipperConfig(consign, "Bohdan", company: "Beta Obchod a.s.")
        try consign.drop("a.csv", SampleOrders.csv((1...3).map { SampleOrders.valid("PS-\($0)") }))
        #expect(try consign.run(["--config", first, "run"], now: MailReportTests.t0).status == 0)
        try consign.drop("b.csv", SampleOrders.csv([SampleOrders.valid("PS-4")]))
        #expect(try consign.run(["--config", second, "run"], now: MailReportTests.t0).status == 0)
        #expect(try consign.run(["--config", second, "close", "ppl"], now: MailReportTests.t0).status == 0)
        let acknowledged = try consign.run(["--config", second, "run"], now: "2026-12-04T08:30:00+0000")
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(acknowledged.stderr.contains("several senders"))
        #expect(!acknowledged.stderr.contains("Alfa") && !acknowledged.stderr.contains("Alena"))
        let pdf = try #require(consign.list("out/handover").first { $0.hasSuffix(".pdf") })
        let text = try MailReportTests().pdfText(consign.spool + "/out/handover/" + pdf)
        #expect(text.contains("Alfa Sklad") && !text.contains("Beta Obchod"))
    }
}
