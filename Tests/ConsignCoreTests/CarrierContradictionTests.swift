import Foundation
import Testing

@testable import ConsignCore

@Suite("A carrier column that contradicts the shipping method")
struct CarrierContradictionTests {
    func order(method: String?, carrier: String?) -> OrderRecord {
        var order = OrderRecord(orderCode: "C-1", location: SourceLocation(line: 2))
        order.shippingMethod = method
        order.carrierCode = carrier
        order.recipient = RawAddress(name: "Jan Novák", street: "Dlouhá 12", city: "Praha", zip: "110 00",
                                     country: "CZ", phone: "+420601123456", email: "jan@example.cz")
        order.currency = "CZK"
        return order
    }

    @Test("refuses the order on carrier, naming both", arguments: [
        ("Zásilkovna - výdejní místo", "ppl", "packeta"),
        ("PPL", "PACKETA", "ppl"),
        ("Balíkovna", "dpd", "cpost"),
    ])
    func refuses(method: String, carrier: String, methodCarrier: String) {
        let normalizer = OrderNormalizer(defaultCurrency: "CZK", shippingMethods: ShippingMethodMapping())
        let problems = normalizer.normalize(order(method: method, carrier: carrier)).problems
        let problem = problems.first { $0.instance == "carrier" }
        #expect(problem?.code == .invalidShipping)
        #expect(problem?.message.contains("\"\(carrier.lowercased())\"") == true)
        #expect(problem?.message.contains(method) == true)
        #expect(problem?.message.contains(methodCarrier) == true)
    }

    @Test("lets an agreeing, an empty or an unknown method stand beside the carrier", arguments: [
        ("PPL", "ppl"), ("ppl", "PPL"), ("", "ppl"), ("Osobní odběr na prodejně Kolín", "gls"),
    ] as [(String?, String?)])
    func agrees(method: String?, carrier: String?) {
        let normalizer = OrderNormalizer(defaultCurrency: "CZK", shippingMethods: ShippingMethodMapping())
        let normalized = normalizer.normalize(order(method: method, carrier: carrier))
        #expect(!normalized.problems.contains { $0.instance == "carrier" }, "\(normalized.problems)")
        #expect(normalized.draft.carrierCode == carrier?.lowercased())
    }
}
