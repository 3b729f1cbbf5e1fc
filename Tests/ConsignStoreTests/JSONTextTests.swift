import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

@Suite("The hand-written JSON of events, addresses and packages")
struct JSONTextTests {
    static let awkward = [
        "plain", "", "quote \" and backslash \\", "slash / stays", "line\nbreak\r\ttab", "bell \u{7} nul \u{0}",
        "Žluťoučký kůň 🐎", "\u{1F} \u{8} \u{C}",
    ]

    @Test("an event is exactly what JSONSerialization wrote with sorted keys", arguments: awkward)
    func eventMatchesFoundation(note: String) throws {
        let event = ShipmentEvent(
            event: .create, eventInstance: "guid-\(note)", eventCreated: Date(timeIntervalSince1970: 1_700_000_000),
            sequence: 3, orderCode: note, fromStatus: .requested, status: .created,
            trackingNumbers: ["A1", note], note: note)
        let object: [String: Any] = [
            "event": "shipment:create", "eventInstance": "guid-\(note)", "eventCreated": "2023-11-14T22:13:20+0000",
            "sequence": 3, "orderCode": note, "status": "created", "trackingNumbers": ["A1", note],
            "fromStatus": "requested", "note": note,
        ]
        let expected = try JSONSerialization.data(withJSONObject: object,
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
        let written = String(decoding: EncodedEvent(event).bytes, as: UTF8.self)

        #expect(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? NSDictionary == object as NSDictionary)
        #expect(written == String(decoding: expected, as: UTF8.self))
    }

    @Test("an event without a previous status or note writes null for both")
    func eventNulls() throws {
        let event = ShipmentEvent(
            event: .fail, eventInstance: "g", eventCreated: Date(timeIntervalSince1970: 0), sequence: 1,
            orderCode: "1", fromStatus: nil, status: .requestFailed, trackingNumbers: [], note: nil)
        let text = String(decoding: EncodedEvent(event).bytes, as: UTF8.self)
        #expect(text.contains("\"fromStatus\":null,\"note\":null"))
        #expect(text.hasSuffix("\"trackingNumbers\":[]}"))
    }

    @Test("an address reads back with JSONDecoder", arguments: awkward)
    func addressRoundTrip(text: String) throws {
        let address = Address(name: text, company: nil, street: "Dlouhá 1", city: text, zip: "110 00",
                              countryCode: "CZ", phone: nil, email: "a@b.cz")
        let decoded = try JSONDecoder().decode(Address.self, from: Data(JSONText.address(address).utf8))
        #expect(decoded == address)
    }

    @Test("packages read back with JSONDecoder, decimals and labels included")
    func packagesRoundTrip() throws {
        let packages = [
            Package(width: 30, height: Decimal(string: "20.5"), depth: nil, weight: Decimal(string: "1.255"),
                    trackingNumber: "Z123", trackingUrl: "https://t.example/?id=Z123",
                    labelZpl: "^XA\n^FDa\"b^FS\n^XZ"),
            Package(weight: Decimal(string: "0.001")),
        ]
        let decoded = try JSONDecoder().decode([Package].self, from: Data(JSONText.packages(packages).utf8))
        #expect(decoded == packages)
        #expect(JSONText.packages([]) == "[]")
    }
}
