import ConsignCore
import ConsignFormats
import Foundation
import Testing

@Suite("CSV sample files")
struct SampleFileTests {
    /// A sample in samples/ and what reading it must give.
    struct Sample: CustomTestStringConvertible, Sendable {
        let file: String
        let format: OrderFormat
        let encoding: TextEncoding
        let separator: Character
        let lineEnding: LineEnding
        let hasByteOrderMark: Bool
        var testDescription: String { file }
    }

    static let samples = [
        Sample(file: "consign-orders-cp1250.csv", format: .consignCSV, encoding: .windows1250, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: false),
        Sample(file: "consign-orders-iso8859-2.csv", format: .consignCSV, encoding: .iso8859_2, separator: ",",
               lineEnding: .lf, hasByteOrderMark: false),
        Sample(file: "shoptet-orders-cp1250.csv", format: .shoptetCSV, encoding: .windows1250, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: false),
        Sample(file: "shoptet-orders-utf8-bom.csv", format: .shoptetCSV, encoding: .utf8, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: true),
    ]

    @Test("reads every sample with its orders, dialect and diacritics", arguments: samples)
    func reads(_ sample: Sample) throws {
        let path = samplesFolder + "/" + sample.file
        let opened = try CSVOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions())
        let reader = try #require(opened)
        let records = try readAll(reader)

        #expect(reader.dialect.format == sample.format)
        #expect(reader.dialect.encoding == sample.encoding)
        #expect(reader.dialect.separator == sample.separator.asciiValue)
        #expect(reader.dialect.lineEnding == sample.lineEnding)
        #expect(reader.dialect.hasByteOrderMark == sample.hasByteOrderMark)

        #expect(records.count == 20)
        #expect(Set(records.map(\.orderCode)).count == 20)
        #expect(records.allSatisfy { $0.issues.isEmpty })
        let byCode = Dictionary(uniqueKeysWithValues: records.map { ($0.orderCode, $0) })
        #expect(byCode["2024000101"]?.recipient.name == "Jan Šťastný")
        #expect(byCode["2024000102"]?.recipient.name == "Jana Žluťoučká")
        #expect(byCode["2024000107"]?.recipient.city == "Košice")
        #expect(byCode["2024000110"]?.recipient.city == "Győr")
        #expect(byCode["2024000113"]?.recipient.city == "Łódź")
        #expect(byCode["2024000114"]?.recipient.city == "Kraków")
        #expect(byCode["2024000101"]?.note == "Prosím nezvonit;" + (sample.lineEnding == .crlf ? "\r\n" : "\n")
            + "nechat u sousedů")
    }

    @Test("COD, pickup points and weights come through from the samples", arguments: samples)
    func orderDetails(_ sample: Sample) throws {
        let path = samplesFolder + "/" + sample.file
        let reader = try #require(try CSVOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions()))
        let byCode = Dictionary(uniqueKeysWithValues: try readAll(reader).map { ($0.orderCode, $0) })

        let first = try #require(byCode["2024000101"])
        #expect(first.isCashOnDelivery)
        #expect(first.codAmount == Decimal(string: "1290.50"))
        #expect(first.currency == "CZK")
        #expect(first.weight == Decimal(string: "1.25"))

        let pickup = try #require(byCode["2024000107"])
        #expect(pickup.pickupPointId == "9823")
        #expect(pickup.isCashOnDelivery)
        #expect(pickup.currency == "EUR")

        let packeta = try #require(byCode["2024000102"])
        #expect(packeta.recipient.city == "Brno")
        #expect(packeta.recipient.zip == "602 00")
        #expect(packeta.pickupPointId == "4711")

        let hungarian = try #require(byCode["2024000110"])
        #expect(hungarian.codAmount == 12990)
        #expect(hungarian.recipient.phone == "06 20 123 4567")
        #expect(byCode["2024000111"]?.isCashOnDelivery == false)
    }
}
