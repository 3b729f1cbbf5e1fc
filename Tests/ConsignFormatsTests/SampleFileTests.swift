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
        /// The digit that sets the file's range of order codes (2024001xxx, 2024002xxx, ...).
        let series: String
        /// Whether the file has a column for every pickup point, not only Zásilkovna's.
        let carriesEveryPickupPoint: Bool
        var testDescription: String { file }

        /// The file's order code ending in `suffix` ("101" → "2024001101" in series 1).
        func code(_ suffix: String) -> String { "202400" + series + suffix }
    }

    static let samples = [
        Sample(file: "consign-orders-cp1250.csv", format: .consignCSV, encoding: .windows1250, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: false, series: "1", carriesEveryPickupPoint: true),
        Sample(file: "consign-orders-iso8859-2.csv", format: .consignCSV, encoding: .iso8859_2, separator: ",",
               lineEnding: .lf, hasByteOrderMark: false, series: "2", carriesEveryPickupPoint: true),
        Sample(file: "shoptet-orders-cp1250.csv", format: .shoptetCSV, encoding: .windows1250, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: false, series: "3", carriesEveryPickupPoint: false),
        Sample(file: "shoptet-orders-utf8-bom.csv", format: .shoptetCSV, encoding: .utf8, separator: ";",
               lineEnding: .crlf, hasByteOrderMark: true, series: "4", carriesEveryPickupPoint: true),
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

        #expect(records.count == 23)
        #expect(Set(records.map(\.orderCode)).count == 23)
        #expect(records.allSatisfy { $0.orderCode.hasPrefix(sample.code("")) })
        #expect(records.allSatisfy { $0.issues.isEmpty })
        let byCode = Dictionary(uniqueKeysWithValues: records.map { ($0.orderCode, $0) })
        #expect(byCode[sample.code("101")]?.recipient.name == "Jan Šťastný")
        #expect(byCode[sample.code("102")]?.recipient.name == "Jana Žluťoučká")
        #expect(byCode[sample.code("107")]?.recipient.city == "Košice")
        #expect(byCode[sample.code("110")]?.recipient.city == "Győr")
        #expect(byCode[sample.code("113")]?.recipient.city == "Łódź")
        #expect(byCode[sample.code("114")]?.recipient.city == "Kraków")
        #expect(byCode[sample.code("120")]?.recipient.city == "Poznań")
        #expect(byCode[sample.code("101")]?.note == "Prosím nezvonit;" + (sample.lineEnding == .crlf ? "\r\n" : "\n")
            + "nechat u sousedů")
    }

    @Test("COD, pickup points and weights come through from the samples", arguments: samples)
    func orderDetails(_ sample: Sample) throws {
        let path = samplesFolder + "/" + sample.file
        let reader = try #require(try CSVOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions()))
        let byCode = Dictionary(uniqueKeysWithValues: try readAll(reader).map { ($0.orderCode, $0) })

        let first = try #require(byCode[sample.code("101")])
        #expect(first.isCashOnDelivery)
        #expect(first.codAmount == Decimal(string: "1290.50"))
        #expect(first.currency == "CZK")
        #expect(first.weight == Decimal(string: "1.25"))

        let pickup = try #require(byCode[sample.code("107")])
        #expect(pickup.pickupPointId == "9823")
        #expect(pickup.isCashOnDelivery)
        #expect(pickup.currency == "EUR")

        let packeta = try #require(byCode[sample.code("102")])
        #expect(packeta.recipient.city == "Brno")
        #expect(packeta.recipient.zip == "602 00")
        #expect(packeta.pickupPointId == "4711")

        let hungarian = try #require(byCode[sample.code("110")])
        #expect(hungarian.codAmount == 12990)
        #expect(hungarian.recipient.phone == "06 20 123 4567")
        #expect(byCode[sample.code("111")]?.isCashOnDelivery == false)

        let polish = try #require(byCode[sample.code("120")])
        #expect(polish.isCashOnDelivery)
        #expect(polish.codAmount == Decimal(string: "259.00"))
        #expect(polish.currency == "PLN")
    }

    @Test("DPD Pickup keeps its point where the file has a column for it, else it is DPD home delivery",
          arguments: samples)
    func otherPickupPoints(_ sample: Sample) throws {
        let path = samplesFolder + "/" + sample.file
        let reader = try #require(try CSVOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions()))
        let byCode = Dictionary(uniqueKeysWithValues: try readAll(reader).map { ($0.orderCode, $0) })

        let czech = try #require(byCode[sample.code("105")])
        let polish = try #require(byCode[sample.code("113")])
        if sample.carriesEveryPickupPoint {
            #expect(czech.pickupPointId == "CZ10452")
            #expect(polish.pickupPointId == "11033")
        } else {
            #expect(czech.pickupPointId == nil && czech.shippingMethod == "DPD")
            #expect(polish.pickupPointId == nil && polish.shippingMethod == "DPD")
        }
        #expect(polish.isCashOnDelivery && polish.currency == "PLN")
    }
}
