import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

@Suite("Reading stored addresses and packages without JSONDecoder")
struct JSONFlatReaderTests {
    static let texts = JSONTextTests.awkward + ["a\u{2028}b", "\u{10FFFF}", "tab\there"]

    static func legacyEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    @Test("addresses written now and by the old JSONEncoder read back the same as with JSONDecoder",
          arguments: texts)
    func addresses(text: String) throws {
        let address = Address(name: text, company: nil, street: "Dlouhá 1/\(text)", city: "Praha", zip: "110 00",
                              countryCode: "CZ", phone: "+420601123456", email: nil)
        for json in [JSONText.address(address),
                     String(decoding: try Self.legacyEncoder().encode(address), as: UTF8.self)] {
            let fast = try #require(JSONFlatReader.address(json), "\(json)")
            #expect(fast == (try JSONDecoder().decode(Address.self, from: Data(json.utf8))))
            #expect(fast == address)
        }
    }

    @Test("packages with decimals and labels read back the same as with JSONDecoder")
    func packages() throws {
        let packages = [
            Package(width: 30, height: Decimal(string: "20.5"), depth: nil, weight: Decimal(string: "1.255"),
                    trackingNumber: "Z123", trackingUrl: "https://t.example/?id=Z123&a=1",
                    labelZpl: "^XA\n^FO40,30^A0N,60,60^FDPPL \"Ž\" \\ ^FS\n^XZ"),
            Package(weight: Decimal(string: "0.001")), Package(weight: 12), Package(),
        ]
        for json in [JSONText.packages(packages),
                     String(decoding: try Self.legacyEncoder().encode(packages), as: UTF8.self), "[]", " [ ] "] {
            let fast = try #require(JSONFlatReader.packages(json), "\(json)")
            #expect(fast == (try JSONDecoder().decode([Package].self, from: Data(json.utf8))))
        }
    }

    @Test("shapes it does not expect are left to JSONDecoder", arguments: [
        "", "null", "{", "{\"name\":1}", "{\"name\":{\"x\":1}}", "{\"name\":\"a\\q\"}", "{\"name\":\"\\ud800\"}",
        "{\"name\":\"a\"} x", "[{\"weight\":\"1\"}]", "[{\"labelZpl\":2}]", "[1]", "[{}", "{\"name\":\"a\nb\"}",
    ])
    func fallsBack(json: String) {
        #expect(JSONFlatReader.address(json) == nil)
        if json.hasPrefix("[") { #expect(JSONFlatReader.packages(json) == nil) }
    }
}
