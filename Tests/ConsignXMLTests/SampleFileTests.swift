import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation
import Testing

@Suite("The XML samples in samples/")
struct SampleFileTests {
    struct Sample: Sendable, CustomStringConvertible {
        var file: String
        var format: OrderFormat
        var encoding: TextEncoding
        var count: Int
        var name: String
        var city: String
        /// The digit that sets the file's range of order codes (2024005xxx, 2024006xxx, ...).
        var series: String
        /// Whether the format has a place for a pickup point id (POHODA and Money S3 have none).
        var carriesPickupPoints: Bool
        var description: String { file }

        /// The file's order code ending in `suffix` ("117" → "2024005117" in series 5).
        func code(_ suffix: String) -> String { "202400" + series + suffix }
    }

    static let samples: [Sample] = [
        Sample(file: "consign-orders.xml", format: .consignXML, encoding: .utf8, count: 23,
               name: "Łukasz Wójcik", city: "Łódź", series: "5", carriesPickupPoints: true),
        Sample(file: "shoptet-orders.xml", format: .shoptetXML, encoding: .utf8, count: 23,
               name: "Kovács Ágnes", city: "Győr", series: "6", carriesPickupPoints: true),
        Sample(file: "pohoda-datapack-cp1250.xml", format: .pohodaDataPack, encoding: .windows1250, count: 23,
               name: "Jiří Šťastný", city: "Žďár nad Sázavou", series: "7", carriesPickupPoints: false),
        Sample(file: "pohoda-responsepack.xml", format: .pohodaResponsePack, encoding: .utf8, count: 23,
               name: "Ľubomír Šťastný", city: "Košice", series: "8", carriesPickupPoints: false),
        Sample(file: "money-s3-orders.xml", format: .moneyS3, encoding: .windows1250, count: 23,
               name: "Szőke Bálint", city: "Győr", series: "9", carriesPickupPoints: false),
    ]

    @Test("each sample is detected, decoded and read completely", arguments: samples)
    func readsSample(_ sample: Sample) throws {
        let path = repositoryRoot.appendingPathComponent("samples/\(sample.file)").path
        let reader = try #require(try XMLOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions()))
        var records: [OrderRecord] = []
        while let record = try reader.next() { records.append(record) }

        #expect(reader.dialect.format == sample.format)
        #expect(reader.dialect.encoding == sample.encoding)
        #expect(records.count == sample.count)
        #expect(records.contains { $0.recipient.name == sample.name })
        #expect(records.contains { $0.recipient.city == sample.city })
        #expect(records.allSatisfy { $0.issues.isEmpty && !$0.orderCode.isEmpty })
        #expect(records.filter(\.isCashOnDelivery).allSatisfy { ($0.codAmount ?? 0) > 0 })
        #expect(Set(records.map(\.orderCode)).count == records.count)
        #expect(records.allSatisfy { $0.orderCode.hasPrefix(sample.code("")) })
    }

    @Test("pickup points come through where the format has them, else the order is a home delivery",
          arguments: samples)
    func pickupPoints(_ sample: Sample) throws {
        let path = repositoryRoot.appendingPathComponent("samples/\(sample.file)").path
        let reader = try #require(try XMLOrderReaders.open(path: path, fileName: sample.file, options: ReaderOptions()))
        var byCode: [String: OrderRecord] = [:]
        while let record = try reader.next() { byCode[record.orderCode] = record }

        let polish = try #require(byCode[sample.code("117")])
        #expect(polish.recipient.city == "Łódź")
        #expect(polish.isCashOnDelivery && polish.currency == "PLN")
        #expect(polish.codAmount == Decimal(string: "79.98"))
        if sample.carriesPickupPoints {
            #expect(polish.pickupPointId == "11033")
            #expect(byCode[sample.code("102")]?.pickupPointId == "12345")
        } else {
            #expect(polish.pickupPointId == nil && polish.shippingMethod == "DPD")
            #expect(byCode.values.allSatisfy { $0.pickupPointId == nil })
        }
    }
}
