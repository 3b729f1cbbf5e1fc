import Foundation
import Testing

@Suite("The shipped samples through consign run")
struct SampleFilesTests {
    /// Sample file → its order-code prefix and a city that must arrive with its diacritics.
    static let samples: [(file: String, prefix: String, city: String)] = [
        ("consign-orders-cp1250.csv", "2024001", "Łódź"), ("consign-orders-iso8859-2.csv", "2024002", "Győr"),
        ("shoptet-orders-cp1250.csv", "2024003", "Košice"), ("shoptet-orders-utf8-bom.csv", "2024004", "Łódź"),
        ("consign-orders.xml", "2024005", "Košice"), ("shoptet-orders.xml", "2024006", "Łódź"),
        ("pohoda-datapack-cp1250.xml", "2024007", "Győr"), ("pohoda-responsepack.xml", "2024008", "Košice"),
        ("money-s3-orders.xml", "2024009", "Łódź"),
    ]

    @Test("every valid sample order registers with the right characters; each invalid one is rejected with its field")
    func samples() throws {
        let consign = try ConsignProcess()
        for sample in Self.samples { try consign.dropSample(sample.file) }
        let run = try consign.run(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(consign.list("done").count == Self.samples.count)

        let list = try consign.run(["shipments", "--json", "--items-per-page", "1000"]).json()
        let items = try #require((list["data"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 180)
        let mojibake = ["Ã", "Ĺ", "Â", "Ä\u{8D}", "\u{FFFD}", "Å"]
        for sample in Self.samples {
            let mine = items.filter { ($0["orderCode"] as? String)?.hasPrefix(sample.prefix) == true }
            #expect(mine.count == 20, "\(sample.file)")
            let recipients = mine.compactMap { $0["recipient"] as? [String: Any] }
            let texts = recipients.flatMap { [$0["name"] as? String ?? "", $0["city"] as? String ?? ""] }
            #expect(!texts.contains { text in mojibake.contains { text.contains($0) } }, "\(sample.file)")
            let city = try #require(recipients.first { $0["city"] as? String == sample.city }, "\(sample.file)")
            let guid = try #require(mine.first { ($0["recipient"] as? [String: Any])?["city"] as? String
                == city["city"] as? String }?["guid"] as? String)
            let detail = try consign.run(["shipment", guid, "--json"]).json()
            #expect(((detail["data"] as? [String: Any])?["recipient"] as? [String: Any])?["city"] as? String
                    == sample.city)

            let result = try consign.list("out/results").first { $0.hasPrefix(sample.file.split(separator: ".")[0]) }
            let text = try consign.read("out/results/" + (result ?? ""))
            #expect(text.components(separatedBy: "rejected").count - 1 >= 3, "\(sample.file)")
        }
        let errors = consign.list("error").filter { $0.hasSuffix(".errors.txt") }
        #expect(errors.count == Self.samples.count)
        #expect(try consign.read("error/consign-orders-cp1250.csv.errors.txt").contains("recipient.zip"))
        #expect(try consign.run(["run"]).status == 0)
    }
}
