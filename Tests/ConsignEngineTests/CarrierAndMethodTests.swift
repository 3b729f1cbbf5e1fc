import ConsignCore
import ConsignEngine
import Foundation
import Testing

/// An order that gives a carrier besides its shipping method, prepared against the bundled
/// catalogue and registered in a real store.
@Suite("A carrier given beside a shipping method")
struct CarrierAndMethodTests {
    static func order(_ code: String = "C-1", method: String, carrier: String, service: String? = nil,
                      point: String? = nil) -> OrderRecord {
        var order = EngineFixture.order(code, method: method, pickupPoint: point)
        order.carrierCode = carrier
        order.serviceCode = service
        return order
    }

    /// The shipment registered for `order`; fails the test when it is not registered.
    static func registered(_ order: OrderRecord, in fixture: EngineFixture) throws -> Shipment {
        let result = try fixture.register(order)
        guard case .registered(let record) = result else {
            Issue.record("not registered: \(result)")
            throw CancellationError()
        }
        return record.shipment
    }

    @Test("another carrier than the method names refuses the order on carrier, naming both", arguments: [
        ("Zásilkovna - výdejní místo", "ppl", "packeta"),
        ("PPL", "PACKETA", "ppl"),
        ("Balíkovna", "dpd", "cpost"),
        ("Zásilkovna - výdejní místo", "110", "packeta"),
    ])
    func refuses(method: String, carrier: String, named: String) throws {
        let fixture = try EngineFixture()
        guard case .rejected(let problems) = try fixture.register(Self.order(method: method, carrier: carrier)) else {
            Issue.record("registered")
            return
        }
        let problem = try #require(problems.first { $0.instance == "carrier" })
        #expect(problem.code == .invalidShipping)
        #expect(problem.message.contains("\"\(carrier)\"") && problem.message.contains(method))
        #expect(problem.message.contains("\(named)'s"))
    }

    @Test("the same carrier, by code or id, in any case, stands; a generic phrase or an unknown name says nothing",
          arguments: [
        ("PPL", "ppl", "ppl"), ("ppl", "PPL", "ppl"), ("Zásilkovna - doručení na adresu", "120", "packeta"),
        ("Doručení do ruky", "dpd", "dpd"), ("Kurýr - doručení do ruky", "gls", "gls"),
        ("Doručení na poštu", "gls", "gls"), ("Osobní odběr na prodejně", "ppl", "ppl"),
    ])
    func stands(method: String, carrier: String, expected: String) throws {
        let shipment = try Self.registered(Self.order(method: method, carrier: carrier), in: EngineFixture())
        #expect(shipment.carrierCode == expected)
    }

    @Test("the same carrier without a service takes the method's: a ParcelShop method is the pickup service")
    func takesTheMethodsService() throws {
        let fixture = try EngineFixture()
        let order = Self.order(method: "PPL ParcelShop", carrier: "ppl", point: "KM10234567")
        let shipment = try Self.registered(order, in: fixture)
        #expect(shipment.serviceCode == "ppl-parcelshop")
        #expect(shipment.pickupPointId == "KM10234567")

        // A service the order gives wins over the method's.
        let home = Self.order("C-2", method: "PPL ParcelShop", carrier: "ppl", service: "home_delivery")
        #expect(try Self.registered(home, in: fixture).serviceCode == "ppl-private")
    }

    @Test("the method's service is taken by the same carrier also when the method names it by no brand word",
          arguments: [("Balík Na poštu", "cpost", "11000", "cpost-np"), ("Na poštu", "cpost", "11000", "cpost-np"),
                      ("Doručení do ruky", "cpost", nil, "cpost-dr")] as [(String, String, String?, String)])
    func takesAGenericMethodsService(method: String, carrier: String, point: String?, service: String) throws {
        let order = Self.order(method: method, carrier: carrier, point: point)
        #expect(try Self.registered(order, in: EngineFixture()).serviceCode == service)
    }

    @Test("a contradiction is the one problem of the carrier: no pickup-point complaint from the field's guess")
    func contradictionAlone() throws {
        let fixture = try EngineFixture()
        let result = try fixture.register(Self.order(method: "Zásilkovna Z-BOX", carrier: "ppl", point: "123456"))
        guard case .rejected(let problems) = result else {
            Issue.record("registered")
            return
        }
        #expect(problems.map(\.instance) == ["carrier"], "\(problems)")
    }

    @Test("an unknown carrier is refused as unknown, not as a contradiction")
    func unknownCarrier() throws {
        let fixture = try EngineFixture()
        let order = Self.order(method: "Zásilkovna", carrier: "ceskaposta")
        guard case .rejected(let problems) = try fixture.register(order) else {
            Issue.record("registered")
            return
        }
        #expect(problems.map(\.message).filter { $0.contains("contradicts") }.isEmpty)
        #expect(problems.contains { $0.message.contains("Unknown carrier") })
    }
}
