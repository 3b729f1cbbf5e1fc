import ConsignCore
import Foundation

/// One column of the parcel table: a bilingual heading, a width in points and an alignment.
struct TableColumn: Sendable {
    /// Czech heading (first line).
    var czech: String
    /// English heading (second line).
    var english: String
    /// Width in points, padding included.
    var width: Double
    /// Right for numbers, left for text.
    var isRightAligned: Bool = false

    /// The columns in order; their widths add up to the 535 pt between the A4 margins.
    static let all: [TableColumn] = [
        TableColumn(czech: "Č.", english: "No.", width: 24, isRightAligned: true),
        TableColumn(czech: "Číslo zásilky", english: "Tracking no.", width: 68),
        TableColumn(czech: "Objednávka", english: "Order", width: 50),
        TableColumn(czech: "VS", english: "VS", width: 45),
        TableColumn(czech: "Příjemce", english: "Recipient", width: 74),
        TableColumn(czech: "PSČ", english: "ZIP", width: 28),
        TableColumn(czech: "Obec", english: "City", width: 60),
        TableColumn(czech: "Země", english: "Ctry", width: 24),
        TableColumn(czech: "Služba", english: "Service", width: 44),
        TableColumn(czech: "Kusy", english: "Pieces", width: 30),
        TableColumn(czech: "Váha kg", english: "Weight", width: 34, isRightAligned: true),
        TableColumn(czech: "Dobírka", english: "COD", width: 54, isRightAligned: true),
    ]

    /// The texts of one parcel's row, one per column of `all`; weights and COD amounts go through `numbers`,
    /// which a renderer shares between all rows of a protocol.
    static func cells(of parcel: HandoverParcel, row: Int, numbers: DecimalTexts = DecimalTexts()) -> [String] {
        [
            String(row), parcel.trackingNumber, parcel.orderCode, parcel.variableSymbol ?? "",
            parcel.recipientName, parcel.zip, parcel.city, parcel.countryCode,
            parcel.serviceName ?? parcel.serviceCode, parcel.piecesText,
            parcel.weight.map { numbers.fixed($0, decimals: 3) } ?? "",
            parcel.cod.map { ProtocolText.money($0, numbers: numbers) } ?? "",
        ]
    }
}
