import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Table row texts")
struct TableColumnTests {
    /// Weights and amounts that repeat, also written differently (1.5 and 1.50), in two currencies.
    private let parcels = [
        Fixtures.parcel(
            "T1", order: "1", weight: Decimal(string: "1.5")!, cod: Money(Decimal(string: "1290.5")!, "CZK")),
        Fixtures.parcel(
            "T2", order: "2", weight: Decimal(string: "1.50")!, cod: Money(Decimal(string: "1290.50")!, "EUR")),
        Fixtures.parcel("T3", order: "3", weight: Decimal(string: "0.0005")!),
        Fixtures.parcel(
            "T4", order: "4", weight: Decimal(string: "1.5")!, cod: Money(Decimal(string: "1290.5")!, "CZK")),
        Fixtures.parcel("T5", order: "5", weight: 12, cod: Money(Decimal(string: "1290.50")!, "EUR")),
    ]

    @Test("gives every row the same texts with numbers shared between rows as with fresh ones")
    func sharedNumbersChangeNothing() {
        let numbers = DecimalTexts()

        for pass in 0..<2 {
            for (index, parcel) in parcels.enumerated() {
                let row = pass * parcels.count + index + 1
                #expect(
                    TableColumn.cells(of: parcel, row: row, numbers: numbers) == TableColumn.cells(of: parcel, row: row)
                )
            }
        }
    }

    @Test("prints weights with three decimals and COD with two and the currency, one text per column")
    func formatsNumbers() {
        let numbers = DecimalTexts()

        let cells = parcels.enumerated().map { TableColumn.cells(of: $1, row: $0 + 1, numbers: numbers) }

        #expect(cells.map { $0[10] } == ["1.500", "1.500", "0.001", "1.500", "12.000"])
        #expect(cells.map { $0[11] } == ["1290.50 CZK", "1290.50 EUR", "", "1290.50 CZK", "1290.50 EUR"])
        #expect(cells.allSatisfy { $0.count == TableColumn.all.count })
    }

    @Test("formats a decimal as Decimal.fixed does, per precision", arguments: [2, 3])
    func decimalTexts(decimals: Int) {
        let numbers = DecimalTexts()
        let values = ["0", "1.5", "1.50", "0.0049", "0.005", "-2.25", "1234567.891", "1.5"].map { Decimal(string: $0)! }

        for value in values {
            #expect(numbers.fixed(value, decimals: decimals) == value.fixed(decimals: decimals))
        }
    }
}
