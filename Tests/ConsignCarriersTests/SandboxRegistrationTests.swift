@testable import ConsignCarriers
import ConsignCore
import Foundation
import Testing

@Suite("The sandbox carrier network registers shipments")
struct SandboxRegistrationTests {
    let network = SandboxCarrierNetwork()

    /// The labels of a registered shipment, rendered on demand as the engine asks for them.
    func labels(
        _ shipment: Shipment, _ packages: [Package], _ carrier: Carrier, _ service: CarrierService
    ) -> [String?] {
        var registered = shipment
        registered.packages = packages
        return packages.indices.map {
            network.label(for: registered, carrier: carrier, service: service, piece: $0 + 1)
        }
    }

    @Test("a zip whose digits are all 9s is not served: the byte scan agrees with the Character rule",
          arguments: ["999 99", "99999", "9", "99 9A9", "", "   ", "ABC", "1999", "999 98", "٩٩٩", "999 ٩",
                      "999\u{00A0}99", "99½", "９９", "SW1A 9ZZ"])
    func notServed(zip: String) {
        let digits = zip.filter(\.isNumber)
        let byDefinition = !digits.isEmpty && digits.allSatisfy { $0 == "9" }
        #expect(SandboxCarrierNetwork.isNotServed(zip: zip) == byDefinition)
    }

    @Test("accepts every carrier and service with valid tracking numbers, URLs and labels")
    func acceptsEveryService() throws {
        for carrier in try Fixtures.catalogue().carriers {
            for service in carrier.services {
                let shipment = Fixtures.shipment(carrier: carrier, service: service, packageCount: 2)
                guard case .accepted(let packages) = network.register(shipment, carrier: carrier, service: service,
                                                                      at: Fixtures.morning)
                else {
                    Issue.record("\(service.code) was rejected")
                    continue
                }
                #expect(packages.count == 2)
                #expect(packages.allSatisfy { $0.labelZpl == nil })  // rendered on demand, never stored
                let labels = labels(shipment, packages, carrier, service)
                for (package, label) in zip(packages, labels) {
                    let number = try #require(package.trackingNumber)
                    #expect(TrackingNumber.isValid(number, carrierCode: carrier.code), "\(service.code) \(number)")
                    #expect(package.trackingUrl == carrier.trackingUrl(for: number))
                    #expect(label?.contains(number) == true)
                    #expect(package.weight == 1.5)
                }
                #expect(packages[0].trackingNumber != packages[1].trackingNumber)
            }
        }
    }

    @Test("prints a ZPL label with carrier, recipient, order, barcode, COD and piece count")
    func printsLabel() throws {
        let carrier = try #require(try Fixtures.catalogue().carrier("ppl"))
        let service = try #require(carrier.service(ofType: .homeDelivery))
        let shipment = Fixtures.shipment(carrier: carrier, service: service, packageCount: 3,
                                         cod: Money(1290.5, "czk"))
        guard case .accepted(let packages) = network.register(shipment, carrier: carrier, service: service,
                                                              at: Fixtures.morning)
        else { Issue.record("rejected"); return }

        let label = try #require(labels(shipment, packages, carrier, service)[1])
        let number = try #require(packages[1].trackingNumber)
        #expect(label.hasPrefix("^XA"))
        #expect(label.hasSuffix("^XZ"))
        for fragment in ["PPL", "110 00 Praha", "CZ", "Order 2026000123", "^BC", "^FD\(number)^FS", "2/3",
                         "2026-12-04"] {
            #expect(label.contains(fragment), "\(fragment)")
        }
        // COD is printed on the first piece only.
        let all = labels(shipment, packages, carrier, service)
        #expect(all.map { $0?.contains("COD 1290.50 CZK") == true } == [true, false, false])
    }

    @Test("keeps ZPL command characters out of field data")
    func escapesFieldData() throws {
        let carrier = try #require(try Fixtures.catalogue().carrier("gls"))
        let service = try #require(carrier.service(ofType: .homeDelivery))
        var shipment = Fixtures.shipment(carrier: carrier, service: service)
        shipment.recipient.name = "Evil ^XZ~JA name"
        guard case .accepted(let packages) = network.register(shipment, carrier: carrier, service: service,
                                                              at: Fixtures.morning)
        else { Issue.record("rejected"); return }
        let label = try #require(labels(shipment, packages, carrier, service)[0])
        #expect(label.components(separatedBy: "^XZ").count == 2)
        #expect(!label.contains("~JA"))
    }

    @Test("rejects carrier-side problems naming the field", arguments: [
        ("packeta", ServiceType.pickupPoint, nil as String?, "110 00", "pickupPointId"),
        ("packeta", .pickupPoint, "  ", "110 00", "pickupPointId"),
        ("packeta", .locker, "Z-123", "110 00", "pickupPointId"),
        ("ppl", .pickupPoint, "KX123", "110 00", "pickupPointId"),
        ("cpost", .postOffice, "1100", "110 00", "pickupPointId"),
        ("cpost", .pickupPoint, "1100000", "110 00", "pickupPointId"),
        ("dpd", .pickupPoint, "SK-12X", "110 00", "pickupPointId"),
        ("gls", .pickupPoint, "CZ-12", "110 00", "pickupPointId"),
        ("mpl", .locker, "PP 12", "1037", "pickupPointId"),
        ("ppl", .homeDelivery, nil, "999 99", "recipient.zip"),
        ("mpl", .homeDelivery, nil, "9999", "recipient.zip"),
    ])
    func rejects(carrierCode: String, type: ServiceType, pointId: String?, zip: String, instance: String) throws {
        let carrier = try #require(try Fixtures.catalogue().carrier(carrierCode))
        let service = try #require(carrier.service(ofType: type))
        var shipment = Fixtures.shipment(carrier: carrier, service: service, zip: zip)
        shipment.pickupPointId = pointId
        let reply = network.register(shipment, carrier: carrier, service: service, at: Fixtures.morning)
        guard case .rejected(let message, let field) = reply else {
            Issue.record("accepted: \(reply)")
            return
        }
        #expect(field == instance)
        #expect(instance != "recipient.zip" || message == "address not serviceable")
    }

    @Test("accepts the pickup point id shapes of each carrier", arguments: [
        ("ppl", "KM1234"), ("ppl", "1234"), ("dpd", "CZ1234"), ("dpd", "1234"), ("cpost", "123456"),
        ("gls", "12345"), ("gls", "HU1234X"), ("mpl", "PP1234"), ("packeta", "1"),
    ])
    func acceptsPickupPointShapes(carrierCode: String, pointId: String) {
        #expect(SandboxCarrierNetwork.isPickupPointId(pointId, carrierCode: carrierCode))
    }

    @Test("rejects a shipment without packages")
    func rejectsEmptyShipment() throws {
        let carrier = try #require(try Fixtures.catalogue().carrier("dpd"))
        let service = try #require(carrier.service(ofType: .homeDelivery))
        var shipment = Fixtures.shipment(carrier: carrier, service: service)
        shipment.packages = []
        #expect(network.register(shipment, carrier: carrier, service: service, at: Fixtures.morning)
                == .rejected(message: "shipment has no packages", instance: "packages"))
    }

    @Test("numbers parcels from consecutive serials: the same serial gives the same number, no number twice")
    func numbersFromSerials() throws {
        let carrier = try #require(try Fixtures.catalogue().carrier("packeta"))
        let service = try #require(carrier.service(ofType: .pickupPoint))
        let shipment = Fixtures.shipment(carrier: carrier, service: service, packageCount: 2)
        let first = SandboxCarrierNetwork(serials: SandboxSerials(next: 41))
            .register(shipment, carrier: carrier, service: service, at: Fixtures.morning)
        let again = SandboxCarrierNetwork(serials: SandboxSerials(next: 41))
            .register(shipment, carrier: carrier, service: service, at: Fixtures.morning)
        #expect(first == again)
        guard case .accepted(let packages) = first else { Issue.record("rejected"); return }
        #expect(packages.map(\.trackingNumber) == ["Z0000000041", "Z0000000042"])

        let serials = SandboxSerials(next: 999_999_990)
        let network = SandboxCarrierNetwork(serials: serials)
        var numbers: [String] = []
        for _ in 0..<20 {
            guard case .accepted(let packages) = network.register(shipment, carrier: carrier, service: service,
                                                                  at: Fixtures.morning)
            else { Issue.record("rejected"); return }
            numbers += packages.compactMap(\.trackingNumber)
        }
        #expect(Set(numbers).count == 40)
        #expect(serials.next == 1_000_000_030)
    }

    @Test("a refused shipment takes no serial")
    func refusalTakesNoSerial() throws {
        let carrier = try #require(try Fixtures.catalogue().carrier("dpd"))
        let service = try #require(carrier.service(ofType: .homeDelivery))
        var shipment = Fixtures.shipment(carrier: carrier, service: service)
        shipment.packages = []
        let serials = SandboxSerials(next: 7)
        _ = SandboxCarrierNetwork(serials: serials).register(shipment, carrier: carrier, service: service,
                                                             at: Fixtures.morning)
        #expect(serials.next == 7)
    }

    @Test("a counter resumes from the stored value, or starts fresh below 10⁹ when there is none or it is bad",
          arguments: [nil, "", "abc", "-5", "+5", " 5", "12345678901234567890123", "18446744073709551614",
                      "9223372036854775808"])
    func resumes(stored: String?) {
        #expect(SandboxSerials.resuming("123456").next == 123_456)
        #expect(SandboxSerials.resuming("1000000000000000059").next == 1_000_000_000_000_000_059)
        #expect(SandboxSerials.resuming("9223372036854775807").next == 9_223_372_036_854_775_807)
        #expect(SandboxSerials.resuming(stored).next < 1_000_000_000)
    }
}
