import ConsignCore
import Foundation
import Testing

@Suite("Shipment validator: missing recipient fields and contacts")
struct ShipmentValidatorTests {
    static let carrier = Carrier(id: 1, code: "ppl", name: "PPL", trackingUrlTemplate: "https://t/{trackingNumber}",
                                 services: [])

    static func service(requiresPhone: Bool, requiresEmail: Bool = false) -> CarrierService {
        CarrierService(code: "ppl-private", type: .homeDelivery, countries: ["CZ"], maxWeight: 30,
                       requiresPhone: requiresPhone, requiresEmail: requiresEmail)
    }

    static func draft(_ recipient: Address) -> ShipmentDraft {
        ShipmentDraft(orderCode: "1", recipient: recipient, packages: [Package(weight: 1)])
    }

    static let whole = Address(name: "Jan Novák", street: "Dlouhá 1", city: "Praha", zip: "110 00",
                               countryCode: "CZ", phone: "+420601123456", email: "jan@example.cz")

    @Test("a whole recipient has no problem")
    func whole() {
        #expect(ShipmentValidator.validate(Self.draft(Self.whole), carrier: Self.carrier,
                                           service: Self.service(requiresPhone: true)).isEmpty)
    }

    @Test("every missing address field is named, in order")
    func missingFields() {
        var recipient = Self.whole
        recipient.name = nil
        recipient.zip = nil
        recipient.countryCode = nil
        let problems = ShipmentValidator.validate(Self.draft(recipient), carrier: Self.carrier,
                                                  service: Self.service(requiresPhone: true))
        #expect(problems.map(\.instance) == ["recipient.name", "recipient.zip", "recipient.countryCode"])
        #expect(problems.first?.message == "Invalid recipient of order, missing field: name.")
    }

    @Test("contacts: what the service requires, else at least one of phone and e-mail",
          arguments: [(true, false, "recipient.phone", "PPL requires the recipient's phone."),
                      (false, true, "recipient.email", "PPL requires the recipient's e-mail."),
                      (false, false, "recipient.phone", "Recipient needs a phone or an e-mail.")])
    func contacts(requiresPhone: Bool, requiresEmail: Bool, instance: String, message: String) {
        var recipient = Self.whole
        recipient.phone = nil
        recipient.email = nil
        let problems = ShipmentValidator.validate(
            Self.draft(recipient), carrier: Self.carrier,
            service: Self.service(requiresPhone: requiresPhone, requiresEmail: requiresEmail))
        #expect(problems.map(\.instance) == [instance])
        #expect(problems.map(\.message) == [message])
    }

    @Test("a missing address field does not hide missing contacts")
    func fieldAndContacts() {
        let recipient = Address(street: "Dlouhá 1", city: "Praha", zip: "110 00", countryCode: "CZ")
        let problems = ShipmentValidator.validate(Self.draft(recipient), carrier: Self.carrier,
                                                  service: Self.service(requiresPhone: false))
        #expect(problems.map(\.message) == ["Invalid recipient of order, missing field: name.",
                                             "Recipient needs a phone or an e-mail."])
    }
}
