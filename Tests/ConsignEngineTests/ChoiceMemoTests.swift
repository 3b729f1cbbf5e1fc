import ConsignCarriers
import ConsignCore
import ConsignSupport
import Foundation
import Testing

@testable import ConsignEngine

/// `OrderPreparer` remembers the carrier services it chose and what a carrier beside a shipping
/// method came to. A preparer that has prepared many other orders must choose, and report,
/// exactly what a fresh one does.
@Suite("Carrier service choices remembered across orders")
struct ChoiceMemoTests {
    static let methods = [
        "PPL", "DPD", "GLS", "Zásilkovna - výdejní místo", "Zásilkovna - doručení na adresu", "Balíkovna",
        "Česká pošta - Balík Do ruky", "Česká pošta - Balík Na poštu", "MPL", "Teleport", "", "PPL Parcelshop",
    ]
    static let places: [(country: String, zip: String)] = [
        ("Česká republika", "110 00"), ("CZ", "602 00"), ("Slovensko", "811 01"), ("HU", "1037"),
        ("Deutschland", "26133"), ("Polska", "00-940"), ("Atlantis", "12345"),
    ]

    /// What a preparation decided: the carrier service, or the problems found.
    static func decision(_ prepared: PreparedOrder) -> String {
        let choice = prepared.choice.map { "\($0.carrier.code)/\($0.service.code)" } ?? "none"
        let problems = prepared.problems.map { "\($0.instance): \($0.message)" }.sorted()
        return choice + " " + problems.joined(separator: "|")
    }

    @Test("random orders prepared by one preparer decide what a fresh preparer decides for each")
    func sharedAgreesWithFresh() throws {
        let fixture = try EngineFixture()
        let shared = fixture.engine.preparer
        for index in 0..<400 {
            var order = EngineFixture.order("C\(index)", method: Self.methods.randomElement()!)
            let place = Self.places.randomElement()!
            order.recipient.country = place.country
            order.recipient.zip = place.zip
            order.pickupPointId = Bool.random() ? "4711" : nil
            order.serviceCode = [nil, "home_delivery", "pickup_point", "express"].randomElement()!
            // A carrier beside the method, by code, id or in capitals: remembered per pair too.
            order.carrierCode = [nil, nil, "ppl", "110", "PACKETA", "cpost", "gls", "xyz"].randomElement()!
            let fresh = OrderPreparer(catalogue: shared.catalogue, gateway: shared.gateway, clock: shared.clock,
                                      settings: shared.settings)
            let expected = Self.decision(fresh.prepare(order))
            #expect(Self.decision(shared.prepare(order)) == expected, "order \(index)")
        }
    }
}
