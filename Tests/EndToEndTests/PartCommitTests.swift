import Foundation
import Testing

/// A big file is committed after its first `spool.commitEveryOrders` orders, then every fifth of
/// that. These tests set it to 2 (parts end after orders 2, 3, 4, …), so a few orders make several
/// parts, and check what a crash between parts, or a format error after one, leaves: every order
/// answered once, nothing registered twice, nothing lost.
@Suite("Big files committed in parts")
struct PartCommitTests {
    /// A spool whose config commits every two orders.
    static func spool() throws -> (ConsignProcess, [String]) {
        let consign = try ConsignProcess()
        let config = consign.root + "/parts.json"
        try Data(#"{"spool": {"commitEveryOrders": 2}}"#.utf8).write(to: URL(fileURLWithPath: config))
        return (consign, ["--config", config])
    }

    /// Valid, invalid, carrier-refused and repeated orders, so that each kind falls in a committed part.
    static let orders = SampleOrders.csv([
        SampleOrders.valid("P-1"), SampleOrders.valid("P-2"), SampleOrders.badZip("P-3"),
        "P-4;Zásilkovna;ABC12;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;+420 601 123 456;jana@example.cz;1;;CZK",
        SampleOrders.valid("P-5"), SampleOrders.valid("P-2"), SampleOrders.valid("P-6"), SampleOrders.valid("P-7"),
    ])

    /// Result rows split into fields (the result file quotes every field; no field here holds `";"`).
    static func rows(_ consign: ConsignProcess, _ name: String) throws -> [[String]] {
        try consign.read("out/results/" + name).split(separator: "\r\n").dropFirst().map { line in
            line.dropFirst().dropLast().components(separatedBy: "\";\"")
        }
    }

    /// Order code, outcome, carrier, service, status, error code and message (GUIDs blanked) of
    /// each row: what does not depend on the GUIDs and parcel numbers a run makes.
    static func answers(_ rows: [[String]]) -> [[String]] {
        rows.map {
            let guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            let message = $0[10].replacingOccurrences(of: guid, with: "GUID", options: .regularExpression)
            return [$0[0], $0[1], $0[3], $0[4], $0[5], $0[8], message]
        }
    }

    /// Shipments in the store, from `consign shipments --json`.
    static func count(_ consign: ConsignProcess) throws -> Int? {
        let page = try consign.run(["shipments", "--json"]).json()
        return ((page["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int
    }

    @Test("killed after its second part, a file is resumed: same answers as an uninterrupted run, nothing twice")
    func crashBetweenParts() throws {
        let (consign, config) = try Self.spool()
        try consign.drop("parts.csv", Self.orders)
        // Killed after the part that ends with the carrier-refused P-4.
        let killed = try consign.runKilled(at: "part-committed:3", config + ["run"])
        #expect(killed.status == 137 || killed.status == 9, "\(killed.stderr)")
        #expect(consign.list("work") == ["parts.csv"])
        let before = try consign.run(["shipments", "--json"]).json()
        let committed = try #require((before["data"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(committed.compactMap { $0["orderCode"] as? String }.sorted() == ["P-1", "P-2", "P-4"])

        let resumed = try consign.run(config + ["run"])
        #expect(resumed.status == 65, "\(resumed.stderr)")
        #expect(consign.list("done") == ["parts.csv"])
        let rows = try Self.rows(consign, "parts.result.csv")
        for shipment in committed {
            let row = try #require(rows.first { $0[0] == shipment["orderCode"] as? String })
            #expect(row[2] == shipment["guid"] as? String, "answered with the shipment the first attempt stored")
        }
        let repeated = try #require(rows.last { $0[0] == "P-2" })
        #expect(repeated[1] == "rejected" && repeated[10].contains(rows[1][2]), "\(repeated)")

        let (plain, plainConfig) = try Self.spool()
        try plain.drop("parts.csv", Self.orders)
        #expect(try plain.run(plainConfig + ["run"]).status == 65)
        #expect(Self.answers(rows) == Self.answers(try Self.rows(plain, "parts.result.csv")))
        #expect(try Self.count(consign) == 6)
        let events = try consign.events()
        #expect(events.count == 6 && Set(events.compactMap { $0["eventInstance"] as? String }).count == 6, "\(events)")
    }

    @Test("a format error after a committed part: orders before it answered, the rest reported; a fixed copy completes")
    func formatErrorAfterPart() throws {
        let (consign, config) = try Self.spool()
        let good = (1...5).map { SampleOrders.valid("F-\($0)") }
        try consign.drop("broken.csv", SampleOrders.csv(Array(good[0..<3]) + ["\"F-9;\"broken"] + [good[3]]))
        let broken = try consign.run(config + ["run"])
        #expect(broken.status == 65, "\(broken.stderr)")
        #expect(consign.list("error") == ["broken.csv", "broken.csv.errors.txt"])
        let report = try consign.read("error/broken.csv.errors.txt")
        #expect(report.contains("line 5") && report.contains("reading stopped"), "\(report)")
        let answered = try Self.rows(consign, "broken.result.csv").map { $0[0] }
        #expect(answered == ["F-1", "F-2", "F-3"], "the order right before the broken line is answered too")
        #expect(report.contains("up to order \"F-3\" at line 4"), "\(report)")

        // The same bytes again are rejected again, unread: the log says so, not that they were read in part.
        try consign.drop("again.csv", SampleOrders.csv(Array(good[0..<3]) + ["\"F-9;\"broken"] + [good[3]]))
        let again = try consign.run(config + ["run"])
        #expect(again.status == 65 && again.stderr.contains("file rejected;"), "\(again.stderr)")
        #expect(!again.stderr.contains("read only up to"), "\(again.stderr)")

        try consign.drop("fixed.csv", SampleOrders.csv(good))
        #expect(try consign.run(config + ["run"]).status == 0)
        let fixed = try Self.rows(consign, "fixed.result.csv")
        let expected = Array(repeating: "duplicate", count: answered.count)
            + Array(repeating: "registered", count: 5 - answered.count)
        #expect(fixed.map { $0[1] } == expected, "\(fixed)")
        #expect(try Self.count(consign) == 5)
    }

    @Test("in XML every order before a broken element after a committed part is answered")
    func xmlErrorAfterPart() throws {
        let (consign, config) = try Self.spool()
        func order(_ code: String) -> String {
            "<order code=\"\(code)\"><shippingMethod>PPL</shippingMethod><recipient><name>Jana Nováková</name>"
                + "<street>Dlouhá 12</street><city>Praha 1</city><zip>110 00</zip><country>CZ</country>"
                + "<phone>+420 601 123 456</phone></recipient><packages><package weight=\"2.5\"/></packages></order>\n"
        }
        let orders = (1...5).map { order("X-\($0)") }
        try consign.drop("broken.xml", Array(("<consign-orders version=\"1\">\n" + orders[0..<3].joined()
            + "<order code=\"X-9\"><note>unclosed</order>\n" + orders[3] + "</consign-orders>\n").utf8))
        #expect(try consign.run(config + ["run"]).status == 65)
        let results = try consign.read("out/results/broken.result.xml")
        let answered = results.split(separator: "\n").compactMap { line in
            line.range(of: "orderCode=\"").map { line[$0.upperBound...].prefix { $0 != "\"" } }
        }
        #expect(answered == ["X-1", "X-2", "X-3"], "\(results)")
        let report = try consign.read("error/broken.xml.errors.txt")
        #expect(report.contains("up to order \"X-3\" at line 4"), "\(report)")
        #expect(!report.contains("reads ahead"), "\(report)")
        #expect(try Self.count(consign) == 3)
    }

    @Test("without a committed part a format error still rejects the whole file and registers nothing")
    func formatErrorInFirstPart() throws {
        let (consign, config) = try Self.spool()
        try consign.drop("early.csv", SampleOrders.csv([SampleOrders.valid("E-1"), "\"E-9;\"broken"]))
        #expect(try consign.run(config + ["run"]).status == 65)
        #expect(consign.list("out/results").filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try Self.count(consign) == 0)
    }

    @Test("a Shoptet file is one transaction: an order split around others still rejects it whole")
    func shoptetNotInParts() throws {
        let (consign, config) = try Self.spool()
        var items: [(String, String, String)] = (1...5).flatMap { index in
            [("S\(index)", "shipping", "PPL"), ("S\(index)", "billing", "Dobírka")]
        }
        items.insert(("S5", "product", "Hrnek"), at: 2)
        try consign.drop("split.csv", MistakeTests.shoptetExport(items))
        #expect(try consign.run(config + ["run"]).status == 65)
        #expect(try consign.read("error/split.csv.errors.txt").contains("not together"))
        #expect(try Self.count(consign) == 0)
    }

    @Test("a Shoptet export whose orders are together is committed in parts: killed after one, resumed whole")
    func shoptetInParts() throws {
        let items: [(String, String, String)] = (1...6).flatMap { index in
            [("S\(index)", "product", "Hrnek"), ("S\(index)", "shipping", "PPL"), ("S\(index)", "billing", "Dobírka")]
        }
        let (consign, config) = try Self.spool()
        try consign.drop("shop.csv", MistakeTests.shoptetExport(items))
        let killed = try consign.runKilled(at: "part-committed:2", config + ["run"])
        #expect(killed.status == 137 || killed.status == 9, "\(killed.stderr)")
        #expect(try Self.count(consign) == 3, "the parts of orders 1-2 and 3 were committed")

        let resumed = try consign.run(config + ["run"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let rows = try Self.rows(consign, "shop.result.csv")
        #expect(rows.map { $0[0] } == (1...6).map { "S\($0)" })
        #expect(rows.allSatisfy { $0[1] == "registered" }, "\(rows)")
        #expect(try Self.count(consign) == 6)
        #expect(Set(try consign.events().compactMap { $0["eventInstance"] as? String }).count == 6)
    }

    @Test("a Shoptet export with codes out of order stays one transaction, though no order is split")
    func shoptetUnorderedNotInParts() throws {
        let items: [(String, String, String)] = [2, 1, 3, 4].flatMap { index in
            [("S\(index)", "shipping", "PPL"), ("S\(index)", "billing", "Dobírka")]
        }
        let (consign, config) = try Self.spool()
        try consign.drop("shop.csv", MistakeTests.shoptetExport(items))
        let run = try consign.runKilled(at: "part-committed:1", config + ["run"])
        #expect(run.status == 0, "never killed: no part was committed. \(run.stderr)")
        #expect(try Self.count(consign) == 4)
    }

    @Test("a Shoptet file that changes after a part into a split file is rejected, and names the orders kept")
    func shoptetChangedIntoSplit() throws {
        var items: [(String, String, String)] = [("S1", "product", "Hrnek"), ("S1", "shipping", "PPL")]
        items += (2...4).flatMap { [("S\($0)", "shipping", "PPL"), ("S\($0)", "billing", "Dobírka")] }
        let (consign, config) = try Self.spool()
        try consign.drop("shop.csv", MistakeTests.shoptetExport(items))
        let paused = try RunCommandTests.runPaused(consign, at: "part-committed:1", config: config[1])

        // A writer that ignores the quiet period adds S1's payment row after S1 was registered.
        let appended = MistakeTests.shoptetExport([("S1", "billing", "Dobírka")]).split(separator: 0x0A).dropFirst()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: consign.spool + "/work/shop.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(appended.joined(separator: [0x0A]) + [0x0A]))
        try handle.close()
        kill(paused.processIdentifier, SIGCONT)
        paused.waitUntilExit()
        #expect(paused.terminationStatus == 75)
        #expect(try Self.count(consign) == 2)

        #expect(try consign.run(config + ["run"]).status == 65)
        let report = try consign.read("error/shop.csv.errors.txt")
        #expect(report.contains("not together"), "\(report)")
        #expect(report.contains("registered 2 of its orders (\"S1\", \"S2\")") && report.contains("[changed-before]"),
                "\(report)")
    }

    @Test("a file that can no longer be read after a crash keeps its committed orders for when it can")
    func unreadableOnResume() throws {
        let (consign, config) = try Self.spool()
        let orders = (1...6).map { SampleOrders.valid("U-\($0)") }
        let bytes = Array(String(decoding: SampleOrders.csv(orders), as: UTF8.self).data(using: .windowsCP1250)!)
        try consign.drop("cp.csv", bytes)
        try consign.runKilled(at: "part-committed:2", config + ["run"])

        let pinned = consign.root + "/pinned.json"
        try Data(#"{"spool": {"commitEveryOrders": 2, "encodings": [{"pattern": "*.csv", "encoding": "UTF-8"}]}}"#
            .utf8).write(to: URL(fileURLWithPath: pinned))
        #expect(try consign.run(["--config", pinned, "run"]).status == 65)
        #expect(try consign.read("error/cp.csv.errors.txt").contains("interrupted run registered"))
        #expect(consign.list("out/results").filter { !$0.hasPrefix(".") }.isEmpty)

        try consign.drop("cp.csv", bytes)
        #expect(try consign.run(config + ["run"]).status == 0)
        #expect(try Self.rows(consign, "cp.result.csv").map { $0[1] } == Array(repeating: "registered", count: 6))
        #expect(try Self.count(consign) == 6)
    }

    @Test("the same content under another name resumes the interrupted attempt's orders, not duplicates of them")
    func resumedUnderAnotherName() throws {
        let (consign, config) = try Self.spool()
        let orders = SampleOrders.csv((1...6).map { SampleOrders.valid("N-\($0)") })
        try consign.drop("first.csv", orders)
        try consign.runKilled(at: "part-committed:2", config + ["run"])
        try FileManager.default.removeItem(atPath: consign.spool + "/work/first.csv")

        // Cut again while resuming under the new name: the next resume must still find the first attempt's orders.
        try consign.drop("again.csv", orders)
        try consign.runKilled(at: "part-committed:2", config + ["run"])
        #expect(try consign.run(config + ["run"]).status == 0)
        #expect(try Self.rows(consign, "again.result.csv").map { $0[1] } == Array(repeating: "registered", count: 6))
        #expect(try Self.count(consign) == 6)
    }

    @Test("a copy rolled forward from another name's commit publishes no report its own cut attempt staged")
    func noFragmentFromCopy() throws {
        let consign = try ConsignProcess()
        let bytes = SampleOrders.csv([SampleOrders.badZip("C-1")] + (2...4).map { SampleOrders.valid("C-\($0)") })
        try consign.drop("Z.csv", bytes)
        try consign.drop("A.csv", bytes)
        // Z is taken first and cut after its rejected first order; the next run commits A first (by name).
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)],
                                              ofItemAtPath: consign.spool + "/in/Z.csv")
        try consign.runKilled(at: "register:2")
        #expect(try consign.run(["run"]).status == 65)
        #expect(consign.list("error") == ["A.csv.errors.txt"], "\(consign.list("error"))")
        #expect(consign.list("done") == ["A.csv", "Z.csv"])
    }

    @Test("an encoding problem past the first 64 KiB after a part: every order before its line is still answered")
    func encodingProblemAfterPart() throws {
        let (consign, config) = try Self.spool()
        let rows = (1...800).map { SampleOrders.valid("E-\($0)") }
        let text = String(decoding: SampleOrders.csv(Array(rows[0..<700])), as: UTF8.self)
        var bytes = Array(text.data(using: .windowsCP1250)!)
        bytes += Array((SampleOrders.valid("E-UTF8") + "\r\n").utf8)
        bytes += Array(String(decoding: SampleOrders.csv(Array(rows[700...])), as: UTF8.self)
            .split(separator: "\r\n", maxSplits: 1)[1].data(using: .windowsCP1250)!)
        #expect(bytes.count > 70_000)
        try consign.drop("late.csv", bytes)
        #expect(try consign.run(config + ["run"]).status == 65)
        let report = try consign.read("error/late.csv.errors.txt")
        #expect(report.contains("line 702 is UTF-8"), "\(report)")
        #expect(report.contains("up to order \"E-700\" at line 701"), "\(report)")
        #expect(try Self.rows(consign, "late.result.csv").count == 700)
        #expect(try Self.count(consign) == 700)
    }

    /// Windows-1250 bytes of `rows` as a Consign CSV with `ending` between lines.
    static func windows1250(_ rows: [String], ending: String = "\r\n") -> [UInt8] {
        let text = ([SampleOrders.header] + rows).joined(separator: ending) + ending
        return Array(text.data(using: .windowsCP1250)!)
    }

    @Test("two byte problems in one block read ahead: the earlier one stops the file, at its line")
    func earlierProblemWins() throws {
        let (consign, config) = try Self.spool()
        var bytes = Self.windows1250((1...1000).map { SampleOrders.valid("T-\($0)") })
        let undefined = try #require(Self.start(of: "T-800;", in: bytes))
        bytes[undefined + 7] = 0x81  // in the shipping method: "PPL" becomes P, 0x81, L
        let nul = try #require(Self.start(of: "T-850;", in: bytes))
        bytes[nul + 7] = 0x00
        #expect(undefined > 65_536 && nul - undefined < 60_000)
        try consign.drop("two.csv", bytes)
        #expect(try consign.run(config + ["run"]).status == 65)
        let report = try consign.read("error/two.csv.errors.txt")
        #expect(report.contains("byte 0x81 on line 801"), "\(report)")
        #expect(report.contains("up to order \"T-799\" at line 800"), "\(report)")
        #expect(try Self.count(consign) == 799)
    }

    @Test("a UTF-8 line past the first 64 KiB of a code-page file with lone-CR line endings is refused")
    func utf8LineWithLoneCR() throws {
        let consign = try ConsignProcess()
        var bytes = Self.windows1250((1...1000).map { SampleOrders.valid("R-\($0)") }, ending: "\r")
        let line = try #require(Self.start(of: "R-850;", in: bytes))
        let next = try #require(Self.start(of: "R-851;", in: bytes))
        #expect(line > 65_536)
        bytes.replaceSubrange(line..<next, with: Array((SampleOrders.valid("R-850") + "\r").utf8))
        try consign.drop("cr.csv", bytes)
        #expect(try consign.run(["run"]).status == 65)
        #expect(try consign.read("error/cr.csv.errors.txt").contains("line 851 is UTF-8"))
        #expect(try Self.count(consign) == 0)
    }

    /// Where `text` (ASCII) first starts in `bytes`.
    static func start(of text: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(text.utf8)
        return (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}

