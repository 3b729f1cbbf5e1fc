import ConsignCore
import Foundation

/// Typed values from the tokenizer's current record; problems become `FieldIssue`s.
struct CSVValues {
    let tokenizer: CSVTokenizer

    /// The trimmed text of column `index`; nil when the column is absent or the field empty.
    func text(_ index: Int?) -> String? {
        guard let index, !tokenizer.isEmpty(at: index) else { return nil }
        return tokenizer.string(at: index)
    }

    /// A decimal with dot or comma and space/NBSP grouping; a bad or (unless allowed) negative
    /// value adds an issue for `field` and gives nil.
    func decimal(_ index: Int?, field: String, allowsNegative: Bool = false,
                 issues: inout [FieldIssue]) -> Decimal? {
        guard let raw = text(index) else { return nil }
        guard let value = Decimal.parse(localized: raw) else {
            issues.append(FieldIssue(field: field, message: "'\(raw)' is not a number"))
            return nil
        }
        if value < 0 && !allowsNegative {
            issues.append(FieldIssue(field: field, message: "\(field) must not be negative, got '\(raw)'"))
            return nil
        }
        return value
    }

    /// A whole number of at least 1; anything else adds an issue and gives nil.
    func positiveInteger(_ index: Int?, field: String, issues: inout [FieldIssue]) -> Int? {
        guard let raw = text(index) else { return nil }
        if let value = Int(raw), value >= 1 { return value }
        if let value = Decimal.parse(localized: raw), value >= 1, value == value.rounded(scale: 0) {
            return NSDecimalNumber(decimal: value).intValue
        }
        issues.append(FieldIssue(field: field, message: "\(field) must be a whole number of at least 1, got '\(raw)'"))
        return nil
    }

    /// Adds a `row` issue when the record is shorter than the header.
    func checkWidth(header: CSVHeader, issues: inout [FieldIssue]) {
        var count = tokenizer.fieldCount
        guard count < header.requiredFieldCount else { return }
        // A trailing separator (Shoptet ends every line with `;`) adds no field worth counting.
        if header.names.count > header.requiredFieldCount, count > 0, tokenizer.isEmpty(at: count - 1) { count -= 1 }
        issues.append(FieldIssue(field: "row", message: "row has \(count) fields, header has \(header.requiredFieldCount)"))
    }
}

extension RawAddress {
    /// Puts a separate house number after the street ("Dlouhá" + "12/3a" → "Dlouhá 12/3a")
    /// unless the street already ends with it; the number stays in `houseNumber` too.
    mutating func joinHouseNumber() {
        guard let number = houseNumber, !number.isEmpty else { return }
        guard let street, !street.isEmpty else {
            self.street = number
            return
        }
        if !street.hasSuffix(" " + number) { self.street = street + " " + number }
    }
}
