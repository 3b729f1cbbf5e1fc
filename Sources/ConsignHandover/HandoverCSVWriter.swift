import ConsignCore
import ConsignSupport
import Foundation

/// Writes a handover protocol as CSV for spreadsheets: UTF-8 with BOM, `;` separator, CRLF.
///
/// Text taken from orders is neutralised against formula injection (`SpreadsheetFormula`);
/// numbers Consign formats itself are written as they are.
public struct HandoverCSVWriter: Sendable {
    /// The column headings, in order.
    public static let columns = [
        "row", "trackingNumber", "orderCode", "variableSymbol", "recipientName", "zip", "city",
        "countryCode", "service", "pieces", "weightKg", "codAmount", "codCurrency",
        "declaredValue", "declaredValueCurrency",
    ]

    /// The UTF-8 byte order mark that makes Excel read the file as UTF-8.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Creates a writer.
    public init() {}

    /// The whole protocol as bytes; the caller writes them atomically.
    public func write(_ batch: HandoverBatch) -> [UInt8] {
        var bytes = Self.byteOrderMark
        bytes.reserveCapacity(256 + 128 * batch.parcels.count)
        append(line: Self.columns.map(Self.quoted), to: &bytes)
        let numbers = DecimalTexts()
        for (offset, parcel) in batch.parcels.enumerated() {
            append(line: fields(of: parcel, row: offset + 1, numbers: numbers), to: &bytes)
        }
        return bytes
    }

    /// One row's fields, escaped and quoted.
    func fields(of parcel: HandoverParcel, row: Int) -> [String] {
        fields(of: parcel, row: row, numbers: DecimalTexts())
    }

    /// One row's fields, with amounts and weights formatted through `numbers`.
    private func fields(of parcel: HandoverParcel, row: Int, numbers: DecimalTexts) -> [String] {
        let text = [
            parcel.trackingNumber, parcel.orderCode, parcel.variableSymbol ?? "", parcel.recipientName,
            parcel.zip, parcel.city, parcel.countryCode, parcel.serviceCode,
        ].map { Self.quoted(SpreadsheetFormula.neutralised($0)) }

        let numbers = [
            parcel.piecesText, parcel.weight.map { numbers.fixed($0, decimals: 3) } ?? "",
            parcel.cod.map { numbers.fixed($0.value, decimals: 2) } ?? "", parcel.cod?.currencyCode ?? "",
            parcel.declaredValue.map { numbers.fixed($0.value, decimals: 2) } ?? "",
            parcel.declaredValue?.currencyCode ?? "",
        ].map(Self.quoted)

        return [String(row)] + text + numbers
    }

    /// Appends `fields` joined by `;` and a CRLF.
    private func append(line fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            bytes.append(contentsOf: field.utf8)
        }
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    /// `value` in double quotes with inner quotes doubled, when it holds `;`, `"`, CR or LF.
    ///
    /// Scans UTF-8 bytes: those four are ASCII, and no byte of a multi-byte character is ASCII.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { quoteTriggers.contains($0) }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// First bytes that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, CR.
    /// Bytes that make a field need quotes: `;`, `"`, CR, LF.
    private static let quoteTriggers: Set<UInt8> = [0x3B, 0x22, 0x0D, 0x0A]
}
