import ConsignCore
import ConsignSupport
import Foundation
import Testing

/// The model's big values keep their fields in one shared object (`CopyOnWrite`); these tests
/// hold them to what they were as plain structs: copies that change alone, equality and hashing
/// of every field, and the same JSON keys.
@Suite("Values kept copy-on-write behave as plain structs")
struct CopyOnWriteValueTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func shipment() -> Shipment {
        Shipment(
            guid: "0190f5c2-7a3b-7c1d-8e2f-0123456789ab", orderCode: "2024000123",
            sender: Address(name: "Sklad", city: "Brno", countryCode: "CZ"),
            recipient: Address(
                name: "Jan Novák", street: "Dlouhá 12", city: "Praha", zip: "110 00", countryCode: "CZ"),
            status: .created, carrierCode: "ppl", serviceCode: "ppl-home-delivery",
            packages: [Package(weight: 1.5, trackingNumber: "12345678901")], createdAt: now, updatedAt: now)
    }

    @Test("a changed copy leaves the original, down to a field of its address and a parcel")
    func copiesChangeAlone() throws {
        let original = shipment()
        var copy = original
        copy.recipient.name = "Eva Malá"
        copy.packages[0].trackingNumber = "99999999999"
        try copy.move(to: .closed, at: now.addingTimeInterval(60))

        #expect(original.recipient.name == "Jan Novák")
        #expect(original.packages[0].trackingNumber == "12345678901")
        #expect(original.status == .created && original.history.isEmpty)
        #expect(copy.recipient.name == "Eva Malá" && copy.status == .closed && copy.history.count == 1)
        #expect(copy != original)
    }

    @Test("equal values are equal and hash alike whether they share their fields or not")
    func equalityAndHashing() {
        let one = shipment()
        let shared = one
        let rebuilt = shipment()
        #expect(one == shared && one == rebuilt)
        #expect(one.hashValue == rebuilt.hashValue)

        var other = rebuilt
        other.recipient.zip = "110 01"
        #expect(other != one)
        #expect(Set([one, shared, rebuilt, other]).count == 2)
    }

    @Test("JSON has the keys the stored properties had, nil ones left out, and reads back equal")
    func codableKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(shipment())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.keys.sorted() == [
            "carrierCode", "createdAt", "guid", "history", "orderCode", "packages", "recipient", "sender",
            "serviceCode", "shipmentType", "status", "updatedAt",
        ])
        let recipient = try #require(object["recipient"] as? [String: Any])
        #expect(recipient.keys.sorted() == ["city", "countryCode", "name", "street", "zip"])
        #expect(try JSONDecoder().decode(Shipment.self, from: data) == shipment())
    }

    @Test("a record built field by field is its own value after a copy")
    func orderRecordCopies() {
        var record = OrderRecord(orderCode: "A-1", location: SourceLocation(line: 3))
        record.recipient.city = "Brno"
        let before = record
        record.recipient.city = "Ostrava"
        record.issues.append(FieldIssue(field: "zip", message: "empty"))
        #expect(before.recipient.city == "Brno" && before.issues.isEmpty)
        #expect(record.recipient.city == "Ostrava" && record.issues.count == 1)
    }

    @Test("a value prints its fields, as the plain struct did (test failures show them)")
    func printsItsFields() {
        let address = Address(name: "Jan", city: "Brno")
        #expect(String(describing: address)
            == #"Address(name: Optional("Jan"), company: nil, street: nil, city: Optional("Brno"), zip: nil, "#
            + #"countryCode: nil, phone: nil, email: nil)"#)
        #expect(String(describing: shipment()).hasPrefix(#"Shipment(guid: "0190f5c2-7a3b-7c1d-8e2f-0123456789ab""#))
    }

    @Test("CopyOnWrite copies its box only when a shared value changes")
    func boxIsCopiedOnlyWhenShared() {
        var first = CopyOnWrite([1, 2, 3])
        let second = first
        first.value.append(4)
        #expect(second.value == [1, 2, 3] && first.value == [1, 2, 3, 4])
        #expect(first != second)
        let third = first
        #expect(third == first)
    }
}
