import ConsignCore
import Foundation

/// Collects the rows of one Shoptet order (one row per item) into an `OrderRecord`.
struct ShoptetOrderBuilder {
    private let columns: ShoptetColumns
    private(set) var record: OrderRecord
    /// True once a payment (billing) row was added.
    private(set) var hasPaymentRow = false
    /// The line of the last row added.
    private(set) var lastLine: Int
    private var priceToPay: Decimal?
    /// The `weight` column's values: the first, how many rows repeat it before another value,
    /// and the values from that one on (most orders have one value on every row, and an array
    /// of them was an allocation per order).
    private var firstWeight: Decimal?
    private var firstWeightRows = 0
    private var laterWeights: [Decimal] = []
    private var itemWeightSum: Decimal?
    /// The last `weight` text read and its value (nil when it did not parse): an order's rows
    /// repeat it, and parsing it on each row was a tenth of reading a Shoptet order. A bad text
    /// repeated on the order's rows is reported once, not once a row.
    private var lastWeight: (text: ShortText, value: Decimal?)?

    /// An empty order; `start(firstRow:)` reads its first row.
    ///
    /// Made empty and filled in place: Swift 6.3 copies a large struct whole at the end of its
    /// initialiser, and a builder made from its first row was copied with the order's texts
    /// (twenty retains and releases an order).
    init(columns: ShoptetColumns) {
        self.columns = columns
        record = OrderRecord(orderCode: "", location: SourceLocation(line: 0))
        lastLine = 0
    }

    /// Starts the order from its first row: the order columns are read once, here.
    mutating func start(firstRow values: CSVValues) {
        record.orderCode = values.text(columns.code) ?? ""
        record.location = SourceLocation(line: values.record.line)
        lastLine = values.record.line
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order code is empty"))
        }
        Self.fill(&record.recipient, from: values, columns)
        record.currency = values.text(columns.currency)?.uppercased()
        record.note = values.text(columns.remark)
        record.pickupPointId = columns.pickupPointIds.lazy.compactMap { values.text($0) }.first
        record.orderTotal = values.decimal(columns.totalPrice, field: "totalPriceWithVat", isMoney: true,
                                           issues: &record.issues)
        priceToPay = values.decimal(columns.priceToPay, field: "priceToPay", isMoney: true, issues: &record.issues)
    }

    /// The delivery address: its place (street, house number, city, zip) as one block from the
    /// delivery columns when any of street, city or zip is there, else from the billing ones (a
    /// delivery city with the billing street and zip is an address that does not exist), and the
    /// company and country with it; the name falls back to the billing column when empty.
    /// Written into the order's empty address in place (a `RawAddress` made and then stored was
    /// copied with its texts).
    private static func fill(_ address: inout RawAddress, from values: CSVValues, _ columns: ShoptetColumns) {
        func pick(_ pair: ShoptetColumns.Pair) -> String? {
            values.text(pair.delivery) ?? values.text(pair.billing)
        }
        let hasDeliveryPlace = values.has(columns.street.delivery) || values.has(columns.city.delivery)
            || values.has(columns.zip.delivery)
        func place(_ pair: ShoptetColumns.Pair) -> String? {
            values.text(hasDeliveryPlace ? pair.delivery : pair.billing)
        }
        address.name = pick(columns.name)
        // The company goes with the place: the billing firm is not at a delivery address of its own.
        address.company = place(columns.company)
        address.street = place(columns.street)
        address.houseNumber = place(columns.houseNumber)
        address.city = place(columns.city)
        address.zip = place(columns.zip)
        address.phone = values.text(columns.phone)
        address.email = values.text(columns.email)
        address.joinHouseNumber()
        address.country = place(columns.countryCode) ?? place(columns.countryName)
        if address.country == nil, hasDeliveryPlace {
            let billing = values.text(columns.countryCode.billing) ?? values.text(columns.countryName.billing)
            let samePlace = [columns.street, columns.city, columns.zip].allSatisfy {
                values.text($0.delivery) == values.text($0.billing)
            }
            address.country = DeliveryCountry.resolve(zip: address.zip, other: billing, home: nil, samePlace: samePlace)
        }
    }

    /// Adds one item row (the first row too): shipping, billing (payment) or product.
    mutating func addItem(_ values: CSVValues, header: CSVHeader) {
        values.checkWidth(header: header, issues: &record.issues, quotedRowsEndWithSeparator: true)
        lastLine = values.record.line
        if let weight = weight(values) { addWeight(weight) }

        if values.matches(columns.itemType, "shipping") || values.hasPrefix(columns.itemCode, "SHIPPING") {
            if let name = values.text(columns.itemName) { record.noteShippingItem(name) }
        } else if values.matches(columns.itemType, "billing") || values.hasPrefix(columns.itemCode, "BILLING") {
            hasPaymentRow = true
            if let name = values.text(columns.itemName) {
                record.paymentName = record.paymentName ?? name
                if CashOnDeliveryName.matches(name) { record.isCashOnDelivery = true }
            }
        } else {
            addItemWeight(values)
        }
    }

    /// The row's `weight`, parsed unless its text is the one parsed last.
    private mutating func weight(_ values: CSVValues) -> Decimal? {
        guard let column = columns.weight else { return nil }
        let text = values.record.withTrimmedBytes(at: column) { ShortText($0) }
        if let text, let last = lastWeight, last.text == text { return last.value }
        let weight = values.decimal(column, field: "weight", issues: &record.issues)
        if let text { lastWeight = (text, weight) }
        return weight
    }

    private mutating func addWeight(_ weight: Decimal) {
        if firstWeight == nil { firstWeight = weight }
        if laterWeights.isEmpty && weight == firstWeight {
            firstWeightRows += 1
        } else {
            laterWeights.append(weight)
        }
    }

    private mutating func addItemWeight(_ values: CSVValues) {
        guard let weight = values.decimal(columns.itemWeight, field: "weight", issues: &record.issues) else { return }
        let amount = values.decimal(columns.itemAmount, field: "itemAmount", issues: &record.issues) ?? 1
        itemWeightSum = (itemWeightSum ?? 0) + weight * amount
    }

    /// Notes that the file ends after this order's rows without its payment row, which every
    /// order before it had: the file was likely cut at a line break, and the order's cash on
    /// delivery (its payment row) may be what was lost.
    mutating func noteMissingPaymentRowAtEnd() {
        let message = "the file ends after line \(lastLine) without this order's payment row (type billing, or "
            + "an item code starting BILLING), which every order before it has: it may be cut short; send the "
            + "whole file again"
        record.issues.append(FieldIssue(field: "row", message: message))
    }

    /// Notes that the row at `line`, just before or after this order's rows, has no usable order
    /// code (empty, or holding an invisible character): it may be one of this order's rows (its
    /// payment row, say), so the order is not registered without it.
    mutating func noteUnusableCode(atLine line: Int, isAfter: Bool) {
        let place = isAfter ? "the row after this order's rows" : "the row before this order's rows"
        let message = "\(place) (line \(line)) has no usable order code, so it may be a row of this order (its "
            + "payment row, say); correct that row's code in the ERP and send the file again"
        record.issues.append(FieldIssue(field: "row", message: message))
    }

    /// The finished order: COD amount and weight settled. The record is swapped out, not copied
    /// (a copy retained and released each of its texts); the builder is done with.
    mutating func finish() -> OrderRecord {
        if record.isCashOnDelivery { record.codAmount = priceToPay ?? record.orderTotal }
        // A payment name the config declares COD takes the order's total; the price to pay stands in.
        if record.orderTotal == nil { record.orderTotal = priceToPay }
        record.weight = orderWeight ?? itemWeightSum
        var finished = OrderRecord(orderCode: "", location: record.location)
        swap(&finished, &record)
        return finished
    }

    /// The `weight` column: the same value on every row is the order's weight (an order column
    /// repeated); differing values are item weights and are summed.
    private var orderWeight: Decimal? {
        guard let firstWeight else { return nil }
        if laterWeights.isEmpty { return firstWeight }
        return firstWeight * Decimal(firstWeightRows) + laterWeights.reduce(0, +)
    }
}

/// A field's bytes when they are at most 16, kept inline to be compared without an allocation.
struct ShortText: Equatable {
    private var words: (UInt64, UInt64) = (0, 0)
    private let count: Int

    /// Nil for more than 16 bytes.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 16 else { return nil }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = bytes.baseAddress { raw.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
    }

    static func == (lhs: ShortText, rhs: ShortText) -> Bool {
        lhs.count == rhs.count && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
    }
}
