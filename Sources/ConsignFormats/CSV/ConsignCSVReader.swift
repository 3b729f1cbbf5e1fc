import ConsignCore
import Foundation

/// Reads Consign's own CSV: a header row of known column names and one row per order.
public final class ConsignCSVReader: OrderReader {
    /// The columns Consign's CSV knows; `orderCode` is required.
    public static let columnNames = [
        "orderCode", "shippingMethod", "carrier", "service", "pickupPointId", "name", "company", "street",
        "houseNumber", "city", "zip", "country", "phone", "email", "weight", "width", "height", "depth",
        "packages", "cod", "codCurrency", "value", "currency", "variableSymbol", "note",
    ]

    private let tokenizer: CSVTokenizer
    private let header: CSVHeader
    private let columns: ConsignColumns
    private var hasPendingRecord: Bool
    /// An error met while stepping past the order `next()` returned last; thrown by the next call,
    /// so that the order before a broken row is still delivered.
    private var pendingError: FormatError?

    /// Opens `path` as Consign CSV; throws `.missingColumn`, `.empty` or a tokenizer error.
    public convenience init(path: String, fileName: String, options: ReaderOptions = ReaderOptions())
        throws(FormatError) {
        let (tokenizer, header) = try CSVTokenizer.openingHeader(path: path, fileName: fileName, options: options)
        try self.init(tokenizer: tokenizer, header: header)
    }

    /// Wraps a tokenizer positioned on the header row (read as `header`).
    init(tokenizer: CSVTokenizer, header: CSVHeader) throws(FormatError) {
        try tokenizer.stepToFirstRow(after: header, requiring: "orderCode")
        self.tokenizer = tokenizer
        self.header = header
        columns = ConsignColumns(header)
        hasPendingRecord = true
    }

    /// The input's shape (the encoding may be refined while reading; see docs/formats/CSV.md).
    public var dialect: FileDialect {
        tokenizer.dialect(format: .consignCSV)
    }

    /// The next order, one per row; a broken row is thrown at its place, after the order before it.
    public func next() throws(FormatError) -> OrderRecord? {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        guard hasPendingRecord else { return nil }
        // Assigned in place: returned out of the closure, the order was copied whole.
        var record: OrderRecord?
        tokenizer.withCurrentRecord { record = makeRecord(CSVValues(record: $0)) }
        do {
            hasPendingRecord = try tokenizer.nextRecord()
        } catch {
            hasPendingRecord = false
            pendingError = error
        }
        return record
    }

    private func makeRecord(_ values: CSVValues) -> OrderRecord {
        var record = OrderRecord(orderCode: values.text(columns.orderCode) ?? "",
                                 location: SourceLocation(line: values.record.line))
        values.checkWidth(header: header, issues: &record.issues)
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order code is empty"))
        }

        record.shippingMethod = values.text(columns.shippingMethod)
        record.carrierCode = values.text(columns.carrier)
        record.serviceCode = values.text(columns.service)
        record.pickupPointId = values.text(columns.pickupPointId)
        record.recipient = address(values)
        record.variableSymbol = values.text(columns.variableSymbol)
        record.note = values.text(columns.note)

        readParcel(values, into: &record)
        readMoney(values, into: &record)
        return record
    }

    private func address(_ values: CSVValues) -> RawAddress {
        var address = RawAddress(
            name: values.text(columns.name), company: values.text(columns.company),
            street: values.text(columns.street), houseNumber: values.text(columns.houseNumber),
            city: values.text(columns.city), zip: values.text(columns.zip),
            country: values.text(columns.country), phone: values.text(columns.phone),
            email: values.text(columns.email))
        address.joinHouseNumber()
        return address
    }

    private func readParcel(_ values: CSVValues, into record: inout OrderRecord) {
        record.weight = values.decimal(columns.weight, field: "weight", issues: &record.issues)
        record.width = values.decimal(columns.width, field: "width", issues: &record.issues)
        record.height = values.decimal(columns.height, field: "height", issues: &record.issues)
        record.depth = values.decimal(columns.depth, field: "depth", issues: &record.issues)
        if let count = values.positiveInteger(columns.packages, field: "packages", issues: &record.issues) {
            record.packageCount = count
        }
    }

    private func readMoney(_ values: CSVValues, into record: inout OrderRecord) {
        record.declaredValue = values.decimal(columns.value, field: "value", isMoney: true, issues: &record.issues)
        let cod = values.decimal(columns.cod, field: "cod", isMoney: true, issues: &record.issues)
        if let cod, cod > 0 {
            record.isCashOnDelivery = true
            record.codAmount = cod
        }
        // Each amount in its own currency: a COD in CZK and a value in EUR are both kept as given.
        record.codCurrency = values.text(columns.codCurrency)?.uppercased()
        record.currency = values.text(columns.currency)?.uppercased()
    }
}
