import ConsignCore
import ConsignEngine
import Testing

@testable import ConsignSpool

@Suite("Result rows of rejected orders")
struct ResultRowTests {
    @Test("each field is named once, in the order its problems came, and every message is kept")
    func fieldsOnce() {
        let order = OrderRecord(orderCode: "R-1", location: SourceLocation(line: 2))
        let problems = [
            CoreError(.validationFailed, "COD amount without a currency.", instance: "cod.currencyCode"),
            CoreError(.validationFailed, "Postal code is too short.", instance: "recipient.zip"),
            CoreError(.validationFailed, "COD in EUR is not collected in CZ.", instance: "cod.currencyCode"),
        ]
        let row = ResultRows.make(order, .rejected(problems))
        #expect(row.field == "cod.currencyCode, recipient.zip")
        #expect(row.message == problems.map(\.message).joined(separator: "; "))
        #expect(row.outcome == .rejected)
    }
}
