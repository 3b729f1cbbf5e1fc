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
        var description: String { file }
    }

    static let samples: [Sample] = [
        Sample(file: "consign-orders.xml", format: .consignXML, encoding: .utf8, count: 23,
               name: "Łukasz Wójcik", city: "Łódź"),
        Sample(file: "shoptet-orders.xml", format: .shoptetXML, encoding: .utf8, count: 23,
               name: "Kovács Ágnes", city: "Győr"),
        Sample(file: "pohoda-datapack-cp1250.xml", format: .pohodaDataPack, encoding: .windows1250, count: 23,
               name: "Jiří Šťastný", city: "Žďár nad Sázavou"),
        Sample(file: "pohoda-responsepack.xml", format: .pohodaResponsePack, encoding: .utf8, count: 23,
               name: "Ľubomír Šťastný", city: "Košice"),
        Sample(file: "money-s3-orders.xml", format: .moneyS3, encoding: .windows1250, count: 23,
               name: "Szőke Bálint", city: "Győr"),
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
    }
}
