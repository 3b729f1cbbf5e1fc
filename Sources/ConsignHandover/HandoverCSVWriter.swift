import ConsignCore
import Foundation

/// Writes a handover protocol as CSV for spreadsheets: UTF-8 with BOM, `;` separator, CRLF.
///
/// Text taken from orders is neutralised against formula injection (a leading `'` before
/// `=`, `+`, `-`, `@`, tab or CR); numbers Consign formats itself are written as they are.
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
        var text = line(Self.columns.map(Self.quoted))
        for (offset, parcel) in batch.parcels.enumerated() {
            text += line(fields(of: parcel, row: offset + 1))
        }
        return Self.byteOrderMark + Array(text.utf8)
    }

    /// One row's fields, escaped and quoted.
    func fields(of parcel: HandoverParcel, row: Int) -> [String] {
        let text = [
            parcel.trackingNumber, parcel.orderCode, parcel.variableSymbol ?? "", parcel.recipientName,
            parcel.zip, parcel.city, parcel.countryCode, parcel.serviceCode,
        ].map { Self.quoted(Self.neutralised($0)) }

        let numbers = [
            parcel.piecesText, parcel.weight.fixed(decimals: 3),
            parcel.cod?.formattedValue ?? "", parcel.cod?.currencyCode ?? "",
            parcel.declaredValue?.formattedValue ?? "", parcel.declaredValue?.currencyCode ?? "",
        ].map(Self.quoted)

        return [String(row)] + text + numbers
    }

    private func line(_ fields: [String]) -> String {
        fields.joined(separator: ";") + "\r\n"
    }

    /// `value` with a leading `'` when a spreadsheet would read it as a formula.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else {
            return value
        }
        return "'" + value
    }

    /// `value` in double quotes with inner quotes doubled, when it holds `;`, `"`, CR or LF.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { [";", "\"", "\r", "\n"].contains($0) }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
