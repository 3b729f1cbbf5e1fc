import Foundation
import Testing

@testable import ConsignCore

@Suite("Payment names the config declares COD or prepaid")
struct PaymentMethodsTests {
    func order(payment: String, readAsCOD: Bool) -> OrderRecord {
        var order = OrderRecord(orderCode: "P-1", location: SourceLocation(line: 2))
        order.paymentName = payment
        order.isCashOnDelivery = readAsCOD
        order.codAmount = readAsCOD ? 500 : nil
        order.orderTotal = 500
        order.currency = "CZK"
        return order
    }

    @Test("a declared name wins over the built-in rule either way; an undeclared one keeps the reader's answer")
    func declaredNames() {
        var normalizer = OrderNormalizer(defaultCurrency: "CZK", shippingMethods: ShippingMethodMapping())
        normalizer.paymentMethods = [
            OrderNormalizer.paymentMethodKey("Platba u pokladny"): true,
            OrderNormalizer.paymentMethodKey("Dobírka (zaplaceno předem)"): false,
        ]
        let cash = normalizer.normalize(order(payment: "PLATBA u pokladny", readAsCOD: false)).draft
        #expect(cash.cod == Money(500, "CZK"))
        let prepaid = normalizer.normalize(order(payment: "dobírka - zaplaceno předem", readAsCOD: true)).draft
        #expect(prepaid.cod == nil)
        let other = normalizer.normalize(order(payment: "Dobírka", readAsCOD: true)).draft
        #expect(other.cod == Money(500, "CZK"))
    }
}
