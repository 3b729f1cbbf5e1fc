import ConsignCarriers
import ConsignCore
import ConsignEngine
import ConsignStore
import Foundation
import Testing

@Suite("Registering shipments for orders")
struct RegistrationTests {
    @Test("a valid order is registered, accepted by the sandbox carrier and raises shipment:create")
    func registersValidOrder() throws {
        let fixture = try EngineFixture()
        guard case .registered(let record) = try fixture.register(EngineFixture.order("2024000001", cod: "1290.50"))
        else { Issue.record("not registered"); return }

        let stored = try fixture.engine.shipment(guid: record.shipment.guid).shipment
        #expect(stored.status == .created)
        #expect(stored.carrierCode == "ppl")
        #expect(stored.recipient.phone == "+420601123456")
        #expect(stored.recipient.countryCode == "CZ")
        #expect(stored.cod == Money(Decimal(string: "1290.50")!, "CZK"))
        #expect(stored.variableSymbol == "2024000001")
        #expect(stored.history.map(\.toStatus) == [.requested, .created])
        let tracking = try #require(stored.packages.first?.trackingNumber)
        #expect(TrackingNumber.isValid(tracking, carrierCode: "ppl"))
        let label = try #require(stored.packages.first?.labelZpl)
        #expect(label.hasPrefix("^XA") && label.contains("^FD\(tracking)^FS"))
        // The sandbox label is rendered on demand: the row holds none, and every read renders the same one.
        let row = try #require(try fixture.engine.store.shipment(guid: record.shipment.guid))
        #expect(row.shipment.packages.first?.labelZpl == nil)
        #expect(try fixture.engine.shipment(guid: record.shipment.guid).shipment.packages.first?.labelZpl == label)
        let listed = try fixture.engine.shipments(ShipmentQuery(orderCode: "2024000001")).items
        #expect(listed.first?.shipment.packages.first?.labelZpl == label)

        let events = try fixture.events()
        #expect(events.map(\.event) == [.create])
        #expect(events.first?.sequence == 1)
        #expect(events.first?.eventInstance == stored.guid)
    }

    @Test("an order with an active shipment is a duplicate with the existing GUID")
    func duplicateOrder() throws {
        let fixture = try EngineFixture()
        guard case .registered(let first) = try fixture.register(EngineFixture.order("A1")) else {
            Issue.record("not registered"); return
        }
        guard case .duplicate(let second) = try fixture.register(EngineFixture.order("A1")) else {
            Issue.record("not a duplicate"); return
        }
        #expect(second.shipment.guid == first.shipment.guid)
        #expect(try fixture.engine.shipments(ShipmentQuery()).totalCount == 1)
    }

    @Test("invalid orders are rejected with every problem and its field, and nothing is stored", arguments: [
        (EngineFixture.order("B1", zip: "1100"), "recipient.zip"),
        (EngineFixture.order("B2", weight: "45"), "packages[0].weight"),
        (EngineFixture.order("B3", cod: "250000"), "cod"),
        (EngineFixture.order("B4", method: "Osobní odběr na prodejně"), "shippingMethod"),
        (EngineFixture.order("B5", method: "Zásilkovna - výdejní místo"), "pickupPointId"),
        (EngineFixture.order("B6", weight: "-5"), "weight"),
        (Self.withPackages("B7", [40, 2]), "packages[0].weight"),
        (Self.withPackages("B8", [2, -1]), "packages[1].weight"),
        (Self.with("B9") { $0.width = -30 }, "width"),
        (Self.with("B10") { $0.declaredValue = -5000 }, "value"),
        (Self.with("B11") { $0.orderCode = String(repeating: "9", count: 65) }, "orderCode"),
        (Self.with("B12") { $0.orderCode = "B12\u{202E}21" }, "orderCode"),
        (Self.with("B13") { $0.orderCode = "B1\u{200B}3" }, "orderCode"),
        (Self.with("B14") { $0.orderCode = "B1\u{1}4" }, "orderCode"),
        (Self.with("B15") { $0.orderCode = "B1\t5" }, "orderCode"),
        (Self.with("B16") { $0.orderCode = "B1\r\n6" }, "orderCode"),
        (Self.with("B17") { $0.orderCode = "\u{1}B17" }, "orderCode"),
        (Self.with("B18") { $0.orderCode = "D" + String(repeating: "\u{301}", count: 100) }, "orderCode"),
        (Self.with("B19") { $0.orderCode = "B1\u{2028}9" }, "orderCode"),
        (Self.with("B20") { $0.orderCode = "B2\u{3164}0" }, "orderCode"),
        (Self.with("B21") { $0.orderCode = "B2\u{FE0F}1" }, "orderCode"),
        (Self.with("B22") { $0.orderCode = "B2\u{A0}2" }, "orderCode"),
        (Self.with("B23") { $0.orderCode = "B2\u{3000}3" }, "orderCode"),
        (Self.with("B24") { $0.orderCode = "B24\u{2800}" }, "orderCode"),
        (Self.abroad("B25", "Magyarország", zip: "1037", currency: nil), "cod.currencyCode"),
        (Self.abroad("B26", "Slovensko", zip: "811 01", currency: nil), "cod.currencyCode"),
        (Self.with("B27") { $0.declaredValue = Decimal(string: "1290.505") }, "value"),
        (EngineFixture.order("B28", method: "PPL", pickupPoint: "12345"), "pickupPointId"),
    ])
    func rejectsInvalidOrders(order: OrderRecord, field: String) throws {
        let fixture = try EngineFixture()
        guard case .rejected(let problems) = try fixture.register(order) else {
            Issue.record("not rejected"); return
        }
        #expect(problems.contains { $0.instance == field }, "\(problems)")
        #expect(try fixture.engine.shipments(ShipmentQuery()).totalCount == 0)
        #expect(try fixture.events().isEmpty)
    }

    /// A valid order changed by `change`.
    static func with(_ code: String, _ change: (inout OrderRecord) -> Void) -> OrderRecord {
        var order = EngineFixture.order(code)
        change(&order)
        return order
    }

    /// A valid COD order to `country` by Packeta home delivery, its COD in `currency` (nil: not given).
    static func abroad(_ code: String, _ country: String, zip: String, currency: String?) -> OrderRecord {
        var order = EngineFixture.order(code, method: "Zásilkovna - doručení na adresu", zip: zip, cod: "150")
        order.recipient.country = country
        order.recipient.phone = "+36 20 123 4567"
        order.currency = currency
        return order
    }

    @Test("a shipping name the mapping does not know is one problem, not two")
    func unknownMethodOnce() throws {
        let fixture = try EngineFixture()
        guard case .rejected(let problems) = try fixture.register(EngineFixture.order("M-1", method: "Teleport"))
        else { Issue.record("not rejected"); return }
        #expect(problems.map(\.code) == [.invalidShipping], "\(problems)")
    }

    @Test("a COD amount the reader refused is reported once, by the reader")
    func refusedCODOnce() throws {
        let fixture = try EngineFixture()
        var order = EngineFixture.order("COD-1", cod: "1")
        order.codAmount = nil
        order.issues = [FieldIssue(field: "cod", message: "'1.290' could mean 1290 or 1.290")]
        guard case .rejected(let problems) = try fixture.register(order) else { Issue.record("not rejected"); return }
        #expect(problems.filter { $0.instance == "cod" }.count == 1, "\(problems)")
    }

    @Test("a COD without a currency is taken in the default one at home; each amount keeps its own currency")
    func currencies() throws {
        let fixture = try EngineFixture()
        var home = EngineFixture.order("CUR-1", cod: "150")
        home.currency = nil
        home.declaredValue = 900
        guard case .registered(let local) = try fixture.register(home) else { Issue.record("not registered"); return }
        #expect(local.shipment.cod == Money(150, "CZK"))
        #expect(local.shipment.value == Money(900, "CZK"))

        var mixed = Self.abroad("CUR-2", "Magyarország", zip: "1037", currency: "EUR")
        mixed.codCurrency = "HUF"
        mixed.codAmount = 15000
        mixed.declaredValue = 40
        guard case .registered(let abroad) = try fixture.register(mixed) else { Issue.record("not registered"); return }
        #expect(abroad.shipment.cod == Money(15000, "HUF"))
        #expect(abroad.shipment.value == Money(40, "EUR"))
    }

    /// A valid order whose packages give their own weights (as XML files do).
    static func withPackages(_ code: String, _ weights: [Decimal]) -> OrderRecord {
        with(code) {
            $0.packageCount = weights.count
            $0.packageWeights = weights
            $0.weight = weights.reduce(0, +)
        }
    }

    @Test("order codes of up to 64 characters, accented ones too, are accepted", arguments: [
        String(repeating: "9", count: 64), "Ž-2024/0001", "objednávka 12", "주문-123", "注文123",
        "\u{A0}2024/77\u{A0}",
    ])
    func acceptedCodes(code: String) throws {
        let fixture = try EngineFixture()
        guard case .registered = try fixture.register(Self.with(code) { $0.orderCode = code }) else {
            Issue.record("not registered"); return
        }
    }

    @Test("white space and a BOM around an order code are not part of it", arguments: [
        "\u{FEFF}T-1", " T-1\t", "\r\nT-1 ", "\u{00A0}T-1",
    ])
    func trimmedCodes(code: String) throws {
        let fixture = try EngineFixture()
        guard case .registered(let record) = try fixture.register(Self.with(code) { $0.orderCode = code }) else {
            Issue.record("not registered"); return
        }
        #expect(record.shipment.orderCode == "T-1")
    }

    @Test("each package keeps its own weight; a size of 0 means not given")
    func ownWeights() throws {
        let fixture = try EngineFixture()
        let order = Self.with("W1") {
            $0.packageCount = 2
            $0.packageWeights = [Decimal(string: "20.5"), 1]
            $0.weight = Decimal(string: "21.5")
            $0.width = 0
        }
        guard case .registered(let record) = try fixture.register(order) else { Issue.record("not registered"); return }
        #expect(record.shipment.packages.map(\.weight) == [Decimal(string: "20.5"), 1])
        #expect(record.shipment.packages.allSatisfy { $0.width == nil })
    }

    @Test("a total weight shared between parcels loses no gram: equal grams, the rest on the first; none is 0 kg",
          arguments: [
        ("1", 99, "0.02", "0.01"), ("10", 3, "3.334", "3.333"), ("12", 3, "4", "4"), ("0.005", 2, "0.003", "0.002"),
        ("0.002", 3, "0.002", nil), ("0.0001", 2, nil, nil), ("0.0004", 1, nil, nil),
    ])
    func sharedWeight(total: String, parcels: Int, first: String?, each: String?) throws {
        let fixture = try EngineFixture()
        var order = EngineFixture.order("S-\(parcels)", method: "DPD", weight: total)
        order.packageCount = parcels
        guard case .registered(let record) = try fixture.register(order) else { Issue.record("not registered"); return }
        let weights = record.shipment.packages.map(\.weight)
        #expect(weights.count == parcels)
        #expect(weights.first == first.flatMap { Decimal(string: $0) })
        #expect(weights.dropFirst().allSatisfy { $0 == each.flatMap { Decimal(string: $0) } })
        // Nothing lost but what whole grams cannot hold.
        #expect(Decimal.exactSum(weights.compactMap { $0 }) == Decimal(string: total)!.rounded(scale: 3))
    }

    @Test("a recipient with neither phone nor e-mail is rejected on recipient.phone")
    func needsContact() throws {
        let fixture = try EngineFixture()
        var order = EngineFixture.order("C1")
        order.recipient.phone = nil
        order.recipient.email = nil
        guard case .rejected(let problems) = try fixture.register(order) else { Issue.record("not rejected"); return }
        #expect(problems.map(\.instance).contains("recipient.phone"))
        #expect(problems.allSatisfy { $0.code == .validationFailed })
    }

    @Test("a carrier-side refusal is stored as request_failed with shipment:fail")
    func carrierRejection() throws {
        let fixture = try EngineFixture()
        let order = EngineFixture.order("D1", method: "Zásilkovna - výdejní místo", pickupPoint: "not-a-branch")
        guard case .carrierRejected(let record, let problem) = try fixture.register(order) else {
            Issue.record("not refused by the carrier"); return
        }
        #expect(record.shipment.status == .requestFailed)
        #expect(problem.instance == "pickupPointId")
        #expect(try fixture.events().map(\.event) == [.fail])
        // A refused shipment is not active: the corrected order can be registered.
        let fixed = EngineFixture.order("D1", method: "Zásilkovna - výdejní místo", pickupPoint: "12345")
        guard case .registered = try fixture.register(fixed) else { Issue.record("not registered"); return }
    }

    @Test("shipping options for a known order list reasons for the services that do not fit")
    func optionsForOrder() throws {
        let fixture = try EngineFixture()
        _ = try fixture.register(EngineFixture.order("E1", weight: "25"))
        let options = try fixture.engine.shippingOptions(orderCode: "E1")
        let packetaPoint = try #require(options.first { $0.carrierCode == "packeta" && $0.serviceType == .pickupPoint })
        #expect(!packetaPoint.isEligible)
        #expect(packetaPoint.reasons.contains { $0.code == .overweight })
        #expect(options.contains { $0.carrierCode == "ppl" && $0.serviceType == .homeDelivery && $0.isEligible })
        #expect(throws: EngineError.self) { try fixture.engine.shippingOptions(orderCode: "nope") }
    }
}
