import Foundation
import Glibc
import Testing

/// One hostile or broken input and what must become of it.
struct HostileCase: CustomTestStringConvertible, Sendable {
    enum Expect: Sendable {
        /// The whole file goes to error/ and its report names this error code.
        case rejected(String)
        /// The file is read: this many orders registered.
        case registered(Int)
    }

    let name: String
    let bytes: [UInt8]
    let expect: Expect

    var testDescription: String { name }

    static let good = "2024009001;PPL;;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;601123456;;1;;CZK"
    static let header = SampleOrders.header

    static func xml(_ body: String, declaration: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") -> [UInt8] {
        Array((declaration + "\n" + body).utf8)
    }

    static let order =
        "<order code=\"X1\"><shippingMethod>PPL</shippingMethod><recipient><name>A</name>"
        + "<street>B 1</street><city>Praha</city><zip>110 00</zip><country>CZ</country><phone>601123456</phone>"
        + "</recipient></order>"

    static let all: [HostileCase] = [
        HostileCase(
            name: "doctype.xml", bytes: xml("<!DOCTYPE consign-orders><consign-orders version=\"1\"/>"),
            expect: .rejected("forbidden-construct")),
        HostileCase(
            name: "external-entity.xml",
            bytes: xml(
                "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<consign-orders version=\"1\">&x;</consign-orders>"
            ),
            expect: .rejected("forbidden-construct")),
        HostileCase(
            name: "billion-laughs.xml",
            bytes: xml(
                """
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <consign-orders version="1">&lol3;</consign-orders>
                """), expect: .rejected("forbidden-construct")),
        HostileCase(
            name: "truncated.xml", bytes: xml("<consign-orders version=\"1\">" + order + "<order code=\"X2\"><ship"),
            expect: .rejected("malformed")),
        HostileCase(
            name: "malformed.xml",
            bytes: xml("<consign-orders version=\"1\"><order code=\"X1\"></ord></consign-orders>"),
            expect: .rejected("malformed")),
        HostileCase(
            name: "declared-cp1250-holding-utf8.xml",
            bytes: xml(
                "<consign-orders version=\"1\"><order code=\"Ž1\"><recipient>"
                    + "<name>Žluťoučký kůň</name></recipient></order>"
                    + "</consign-orders>", declaration: "<?xml version=\"1.0\" encoding=\"windows-1250\"?>"),
            expect: .rejected("encoding-mismatch")),
        HostileCase(
            name: "megabytes-of-text.xml",
            bytes: xml(
                "<consign-orders version=\"1\"><order code=\"X1\"><note>"
                    + String(repeating: "A", count: 3 << 20) + "</note></order></consign-orders>"),
            expect: .rejected("limit-exceeded")),
        HostileCase(
            name: "deep.xml",
            bytes: xml(
                "<consign-orders version=\"1\">" + String(repeating: "<a>", count: 10_000)
                    + String(repeating: "</a>", count: 10_000) + "</consign-orders>"),
            expect: .rejected("limit-exceeded")),
        HostileCase(
            name: "bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array((header + "\r\n" + good + "\r\n").utf8),
            expect: .registered(1)),
        HostileCase(name: "cr-only.csv", bytes: Array((header + "\r" + good + "\r").utf8), expect: .registered(1)),
        HostileCase(
            name: "quoted.csv",
            bytes: Array(
                (header + "\n" + "\"Q;1\";PPL;;\"Jana; \"\"N\"\"\nNováková\";"
                    + "Dlouhá 12;Praha 1;110 00;CZ;601123456;;1;;CZK\n").utf8), expect: .registered(1)),
        HostileCase(
            name: "unclosed-quote.csv", bytes: Array((header + "\n" + good + "\n\"U1;PPL").utf8),
            expect: .rejected("malformed")),
        HostileCase(
            name: "ctrl-z.csv", bytes: Array((header + "\r\n" + good + "\r\n").utf8) + [0x1A], expect: .registered(1)),
        HostileCase(name: "header-only.csv", bytes: Array((header + "\r\n").utf8), expect: .rejected("empty-file")),
        HostileCase(name: "empty.csv", bytes: [], expect: .rejected("empty-file")),
        HostileCase(
            name: "binary.csv", bytes: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
            expect: .rejected("malformed")),
    ]
}

@Suite("Hostile and broken input: each file gets its exact outcome and the others are still served", .serialized)
struct HostileInputTests {
    @Test("hostile file next to a good one", arguments: HostileCase.all)
    func hostile(_ hostile: HostileCase) throws {
        let consign = try ConsignProcess()
        try consign.drop(hostile.name, hostile.bytes)
        try consign.drop("zz-good.csv", SampleOrders.csv([SampleOrders.valid("GOOD-1")]))
        let run = try consign.run(["run"])
        #expect(consign.list("done").contains("zz-good.csv"), "\(run.stderr)")
        #expect(consign.list("in").isEmpty && consign.list("work").isEmpty)
        switch hostile.expect {
        case .rejected(let code):
            #expect(run.status == 65)
            #expect(consign.list("error").contains(hostile.name))
            let report = try consign.read("error/\(hostile.name).errors.txt")
            #expect(report.contains("[\(code)]"), "\(report)")
            #expect(!report.contains("root:"), "the report must not leak file contents")
        case .registered(let count):
            #expect(run.status == 0, "\(run.stderr)")
            #expect(consign.list("done").contains(hostile.name))
            let list = try consign.run(["shipments", "--json"]).json()
            let total = ((list["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int
            #expect(total == count + 1)
        }
    }

    /// Writes `bytes` into `in/` under a name given as raw bytes, a minute old.
    static func drop(rawName name: [UInt8], _ bytes: [UInt8], into consign: ConsignProcess) throws {
        let path = Array((consign.spool + "/in/").utf8) + name + [0]
        let fd = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        var times = [timespec(tv_sec: time(nil) - 60, tv_nsec: 0), timespec(tv_sec: time(nil) - 60, tv_nsec: 0)]
        try #require(futimens(fd, &times) == 0)
    }

    @Test("a file whose name is not UTF-8 is renamed, each bad byte as %XX, and read; a taken name is left alone")
    func undecodableName() throws {
        let consign = try ConsignProcess()
        let name = Array("objedn".utf8) + [0xE1] + Array("vky ž.csv".utf8) + [0xFF]
        try Self.drop(rawName: name, SampleOrders.csv([SampleOrders.valid("UTF-1")]), into: consign)
        try Self.drop(rawName: Array("a".utf8) + [0x9A] + Array(".csv".utf8), [], into: consign)
        try consign.drop("a%9A.csv", SampleOrders.csv([SampleOrders.valid("UTF-2")]))
        let run = try consign.run(["run"])
        #expect(consign.list("done") == ["a%9A.csv", "objedn%E1vky ž.csv%FF"], "\(run.stderr)")
        #expect(consign.list("out/results") == ["a%9A.result.csv", "objedn%E1vky ž.csv%FF.result.csv"])
        #expect(try consign.read("out/results/objedn%E1vky ž.csv%FF.result.csv").contains("UTF-1"))
        #expect(run.stderr.contains("renamed so that it can be read"))
        #expect(run.stderr.contains("the name it would be renamed to is taken"))
        // The other file is still there under its own name, waiting for the operator.
        #expect(consign.list("in").count == 1)
    }

    @Test("a ragged row rejects only its order, naming the row")
    func raggedRow() throws {
        let consign = try ConsignProcess()
        try consign.drop("ragged.csv", Array((HostileCase.header + "\n" + HostileCase.good + "\nR1;PPL;;Short\n").utf8))
        #expect(try consign.run(["run"]).status == 65)
        #expect(try consign.read("error/ragged.csv.errors.txt").contains("R1"))
        #expect(consign.list("done") == ["ragged.csv"])
    }

    @Test("a parcel count in the millions or past Int rejects only its order; 99 parcels go through",
          arguments: ["2147483648", "9223372036854775808", "99999999999999999999", "10000000", "100"])
    func hugeParcelCount(count: String) throws {
        let consign = try ConsignProcess()
        let header = HostileCase.header + ";packages"
        let rows = ["P1;PPL;;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;601123456;;1;;CZK;\(count)",
                    "P2;PPL;;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;601123456;;1;;CZK;99"]
        try consign.drop("parcels.csv", Array((header + "\n" + rows.joined(separator: "\n") + "\n").utf8))
        let run = try consign.run(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(consign.list("done") == ["parcels.csv"])
        let report = try consign.read("error/parcels.csv.errors.txt")
        #expect(report.contains("P1") && report.contains("packages"), "\(report)")
        #expect(!report.contains("at least 1"), "a huge count is not called too small: \(report)")
        #expect(!report.contains("P2"))
        let shipment = try consign.run(["shipments", "--json", "--order", "P2"]).json()
        let first = ((shipment["data"] as? [String: Any])?["items"] as? [[String: Any]])?.first
        #expect((first?["packages"] as? [Any])?.count == 99)
    }

    @Test("an order code with line breaks and escape codes stays on one line of the error report")
    func controlCharactersInReport() throws {
        let consign = try ConsignProcess()
        let code = "\"X1\nfake.csv, line 99, order \"\"Y\"\"\u{1B}[31m\""
        let forged = code + ";PPL;;Jana;Dlouhá 12;Praha;1100;CZ;601123456;;1;;CZK"
        let text = HostileCase.header + "\n" + forged + "\n" + HostileCase.good + "\n"
        try consign.drop("forged.csv", Array(text.utf8))
        #expect(try consign.run(["run"]).status == 65)
        let report = try consign.read("error/forged.csv.errors.txt")
        // One line per problem (the control characters in the code, the zip), none forged by the code.
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("forged.csv, line 2, ") }, "\(report)")
        #expect(lines[0].contains("field orderCode") && lines[0].contains("U+000A"), "\(report)")
        #expect(report.contains("X1\\nfake.csv") && report.contains("\\u{1B}[31m"), "\(report)")
        #expect(!report.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test("FIFOs, device files and folders in in/ are refused without being opened")
    func specialFiles() throws {
        let consign = try ConsignProcess()
        #expect(mkfifo(consign.spool + "/in/pipe.csv", 0o644) == 0)
        #expect(mknod(consign.spool + "/in/null.csv", S_IFCHR | 0o644, (1 << 8) | 3) == 0)
        try FileManager.default.createDirectory(
            atPath: consign.spool + "/in/folder.csv", withIntermediateDirectories: true)
        try consign.drop("zz-good.csv", SampleOrders.csv([SampleOrders.valid("GOOD-2")]))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(consign.list("done") == ["zz-good.csv"])
        for (name, kind) in [("pipe.csv", "FIFO"), ("null.csv", "device"), ("folder.csv", "folder")] {
            #expect(consign.list("error").contains(name))
            #expect(try consign.read("error/\(name).errors.txt").contains(kind))
        }
    }

    @Test("a file over the configured size limit is refused with the limit in the message")
    func sizeLimit() throws {
        let consign = try ConsignProcess()
        try Data("{\"spool\": {\"maxFileBytes\": 500}}".utf8).write(
            to: URL(fileURLWithPath: consign.root + "/limit.json"))
        try consign.drop("huge.csv", SampleOrders.csv((1...20).map { SampleOrders.valid("H-\($0)") }))
        let run = try consign.run(["--config", consign.root + "/limit.json", "run"])
        #expect(run.status == 65)
        #expect(try consign.read("error/huge.csv.errors.txt").contains("spool.maxFileBytes"))
    }

    @Test("values that would be formulas are neutralised and order codes never reach a file name")
    func formulasAndPaths() throws {
        let consign = try ConsignProcess()
        let rows = [
            "=HYPERLINK(\"http://x\");PPL;;@SUM(A1);Dlouhá 12;+Praha;110 00;CZ;601123456;;1;;CZK",
            "../../escape;PPL;;Jana;Dlouhá 12;Praha;110 00;CZ;601123456;;1;;CZK",
            "a/b\\c;PPL;;Jana;Dlouhá 12;Praha;110 00;CZ;601123456;;1;;CZK",
        ]
        try consign.drop("tricky.csv", SampleOrders.csv(rows))
        #expect(try consign.run(["run"]).status == 0)
        let result = try consign.read("out/results/tricky.result.csv")
        #expect(result.contains("'=HYPERLINK"))
        #expect(!result.contains(";=HYPERLINK") && !result.contains("\"=HYPERLINK"))
        #expect(!FileManager.default.fileExists(atPath: consign.root + "/escape"))
        #expect(!FileManager.default.fileExists(atPath: consign.spool + "/escape"))
        let everything = FileManager.default.enumerator(atPath: consign.spool)?.allObjects as? [String] ?? []
        #expect(!everything.contains { $0.contains("escape") || $0.hasSuffix("/b\\c") })
        #expect(try consign.run(["close", "ppl"]).status == 0)
        #expect(try consign.run(["run"], now: "2099-01-01T00:00:00+0000").status == 0)
        let handover = try #require(consign.list("out/handover").first { $0.hasSuffix(".csv") })
        let protocolCSV = try consign.read("out/handover/" + handover)
        #expect(protocolCSV.contains("'=HYPERLINK") && protocolCSV.contains("'@SUM") && protocolCSV.contains("'+Praha"))
    }

    @Test("CR and LF aimed at e-mail headers never reach them")
    func headerInjection() throws {
        let consign = try ConsignProcess()
        let rows = [
            "INJ-1;PPL;;\"Eve\r\nBcc: victim@example.org\";Dlouhá 12;\"Praha\r\nX-Evil: 1\";"
                + "110 00;CZ;601123456;;1;;CZK"
        ]
        try consign.drop("inject.csv", SampleOrders.csv(rows))
        _ = try consign.run(["run"], now: "2026-12-04T08:00:00+0000")
        #expect(try consign.run(["close", "ppl"], now: "2026-12-04T08:00:00+0000").status == 0)
        #expect(try consign.run(["run"], now: "2026-12-04T09:00:00+0000").status == 0)
        let mail = try #require(consign.list("out/mail").first { $0.hasSuffix(".eml") })
        let message = try consign.read("out/mail/" + mail)
        let headers = message.components(separatedBy: "\r\n\r\n").first ?? ""
        #expect(!headers.contains("victim@example.org"))
        #expect(!headers.contains("X-Evil"))
        #expect(!message.contains("\nBcc:"))
    }
}
