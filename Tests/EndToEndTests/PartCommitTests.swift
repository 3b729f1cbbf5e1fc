import Foundation
import Testing

/// A big file is committed every `spool.commitEveryOrders` orders. These tests set it to 2, so
/// a few orders make several parts, and check what a crash between parts, or a format error
/// after one, leaves: every order answered once, nothing registered twice, nothing lost.
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
        var (consign, config) = try Self.spool()
        try consign.drop("parts.csv", Self.orders)
        consign.environment["CONSIGN_CRASH_AT"] = "part-committed:2"
        let killed = try consign.run(config + ["run"])
        #expect(killed.status == 137 || killed.status == 9, "\(killed.stderr)")
        consign.environment["CONSIGN_CRASH_AT"] = nil
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
        #expect(answered.starts(with: ["F-1", "F-2"]) && !answered.contains("F-4"), "\(answered)")
        #expect(report.contains("up to \"\(answered.last!)\""), "\(report)")

        try consign.drop("fixed.csv", SampleOrders.csv(good))
        #expect(try consign.run(config + ["run"]).status == 0)
        let fixed = try Self.rows(consign, "fixed.result.csv")
        let expected = Array(repeating: "duplicate", count: answered.count)
            + Array(repeating: "registered", count: 5 - answered.count)
        #expect(fixed.map { $0[1] } == expected, "\(fixed)")
        #expect(try Self.count(consign) == 5)
    }

    @Test("without a committed part a format error still rejects the whole file and registers nothing")
    func formatErrorInFirstPart() throws {
        let (consign, config) = try Self.spool()
        try consign.drop("early.csv", SampleOrders.csv([SampleOrders.valid("E-1"), "\"E-9;\"broken"]))
        #expect(try consign.run(config + ["run"]).status == 65)
        #expect(consign.list("out/results").filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try Self.count(consign) == 0)
    }
}
