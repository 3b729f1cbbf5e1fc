import ConsignCore
import ConsignEngine
import Testing

@testable import ConsignSpool

@Suite("Result rows of rejected orders")
struct ResultRowTests {
    @Test("each field is named once, in the order its problems came; the messages join without doubled stops")
    func fieldsOnce() {
        let order = OrderRecord(orderCode: "R-1", location: SourceLocation(line: 2))
        let problems = [
            CoreError(.validationFailed, "COD amount without a currency.", instance: "cod.currencyCode"),
            CoreError(.validationFailed, "Postal code is too short.", instance: "recipient.zip"),
            CoreError(.validationFailed, "COD in EUR is not collected in CZ.", instance: "cod.currencyCode"),
        ]
        let row = ResultRows.make(order, .rejected(problems))
        #expect(row.field == "cod.currencyCode, recipient.zip")
        #expect(row.message
            == "COD amount without a currency; Postal code is too short; COD in EUR is not collected in CZ.")
        #expect(row.outcome == .rejected)
    }

    @Test("the report's subject counts shipments in Czech plurals", arguments: [
        (1, "zásilka"), (2, "zásilky"), (4, "zásilky"), (5, "zásilek"), (0, "zásilek"), (21, "zásilek"),
    ])
    func czechPlural(count: Int, word: String) {
        #expect(czechShipments(count) == word)
    }
}
