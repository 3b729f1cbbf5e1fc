import ConsignCore
import Foundation

/// The texts of a protocol's table rows, with each distinct weight and COD amount formatted once.
///
/// Formatting a `Decimal` costs more than drawing its text, and a batch repeats few distinct
/// weights and amounts, so one renderer pass keeps what it has formatted. Not thread-safe.
final class RowTexts {
    private var weights: [Decimal: String] = [:]
    private var amounts: [Money: String] = [:]

    /// The texts of `parcel`'s row, one per column of `TableColumn.all`: what `TableColumn.cells` gives.
    func cells(of parcel: HandoverParcel, row: Int) -> [String] {
        TableColumn.cells(of: parcel, row: row, weight: weight(parcel.weight), cod: parcel.cod.map(amount) ?? "")
    }

    private func weight(_ value: Decimal) -> String {
        if let text = weights[value] { return text }
        let text = TableColumn.weightText(value)
        weights[value] = text
        return text
    }

    private func amount(_ money: Money) -> String {
        if let text = amounts[money] { return text }
        let text = ProtocolText.money(money)
        amounts[money] = text
        return text
    }
}
