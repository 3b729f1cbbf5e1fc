import ConsignCore
import Foundation

/// Typed values from the tokenizer's current record; problems become `FieldIssue`s.
struct CSVValues {
    let record: CSVRecordView

    /// True when column `index` is there and its field holds more than spaces.
    func has(_ index: Int?) -> Bool {
        guard let index else { return false }
        return !record.isEmpty(at: index)
    }

    /// The trimmed text of column `index`; nil when the column is absent or the field empty.
    func text(_ index: Int?) -> String? {
        guard let index, !record.isEmpty(at: index) else { return nil }
        return record.string(at: index)
    }

    /// A decimal with dot or comma and space/NBSP grouping; a bad or (unless allowed) negative
    /// value, or an amount of money (`isMoney`) that reads two ways (`AmountText`), adds an issue
    /// for `field` and gives nil.
    func decimal(_ index: Int?, field: String, allowsNegative: Bool = false, isMoney: Bool = false,
                 issues: inout [FieldIssue]) -> Decimal? {
        guard let index, !record.isEmpty(at: index) else { return nil }
        if isMoney, record.withTrimmedBytes(at: index, AmountText.isAmbiguous) {
            issues.append(FieldIssue(field: field, message: AmountText.ambiguityMessage(record.string(at: index))))
            return nil
        }
        let parsed = record.withTrimmedBytes(at: index) { CSVNumber.parse($0) }
        let value: Decimal
        switch parsed {
        case .number(let number):
            value = number
        case .tooLong:
            let text = record.string(at: index)
            guard !AmountText.exceedsPrecision(text) else {
                issues.append(FieldIssue(field: field, message: AmountText.precisionMessage(text)))
                return nil
            }
            guard let number = Decimal.parse(localized: text) else { fallthrough }
            value = number
        case .notANumber:
            issues.append(FieldIssue(field: field, message: "'\(record.string(at: index))' is not a number"))
            return nil
        }
        if value < 0 && !allowsNegative {
            let raw = record.string(at: index)
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
            if value <= Decimal(Int.max) { return NSDecimalNumber(decimal: value).intValue }
            issues.append(FieldIssue(field: field, message: "\(field) is far too large, got '\(raw)'"))
            return nil
        }
        issues.append(FieldIssue(field: field, message: "\(field) must be a whole number of at least 1, got '\(raw)'"))
        return nil
    }

    /// True when column `index` holds `word`, ignoring ASCII case (compared on bytes).
    func matches(_ index: Int?, _ word: StaticString) -> Bool {
        guard let index else { return false }
        return record.withTrimmedBytes(at: index) { bytes in
            bytes.count == word.utf8CodeUnitCount && Self.startsWith(bytes, word)
        }
    }

    /// True when column `index` starts with `prefix`, ignoring ASCII case (compared on bytes).
    func hasPrefix(_ index: Int?, _ prefix: StaticString) -> Bool {
        guard let index else { return false }
        return record.withTrimmedBytes(at: index) { Self.startsWith($0, prefix) }
    }

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let expected = prefix.utf8Start
        for offset in 0..<count where bytes[offset] | 0x20 != expected[offset] | 0x20 { return false }
        return true
    }

    /// Adds a `row` issue when the record is shorter than the header, or longer with a value
    /// past the last column (an unquoted separator shifted every later field), or, with
    /// `quotedRowsEndWithSeparator` (Shoptet's habit), when a row of quoted fields lost its last
    /// one (see `lostLastField`).
    func checkWidth(header: CSVHeader, issues: inout [FieldIssue], quotedRowsEndWithSeparator: Bool = false) {
        var count = record.fieldCount
        if count > header.names.count, (header.names.count..<count).contains(where: { !record.isEmpty(at: $0) }) {
            let message = "row has \(count) fields, header has \(header.names.count); a value holding the "
                + "separator must be in double quotes"
            issues.append(FieldIssue(field: "row", message: message))
            return
        }
        if quotedRowsEndWithSeparator, lostLastField(header) {
            issues.append(FieldIssue(field: "row", message: shortRow(count: count, of: header.names.count)))
            return
        }
        guard count < header.requiredFieldCount else { return }
        // A trailing separator (Shoptet ends every line with `;`) adds no field worth counting.
        if header.names.count > header.requiredFieldCount, count > 0, record.isEmpty(at: count - 1) { count -= 1 }
        let message = "row has \(count) fields, header has \(header.requiredFieldCount)"
        issues.append(FieldIssue(field: "row", message: message))
    }
}

extension CSVValues {
    /// True when a row of quoted fields ends with a separator right after the header's last named
    /// column, that last field unquoted and empty, where the header goes on with a trailing empty
    /// column: Shoptet quotes every field and ends every row with `;`, so the row lost a field
    /// (cut at the file's end, or one left out, every later field shifted), which the trailing
    /// `;` would hide. An empty last value written `""`, or a row of unquoted fields, may be a
    /// whole row without the trailing `;`, and is read; so is a whole row under a header ending
    /// `;;`.
    private func lostLastField(_ header: CSVHeader) -> Bool {
        let count = record.fieldCount
        return count >= 2 && count == header.requiredFieldCount && count < header.names.count
            && record.isEmpty(at: count - 1) && !record.isQuoted(count - 1) && record.isQuoted(count - 2)
    }

    /// The message for a row of `count` fields ending with a separator where the header has
    /// `columns`, naming its line: the order's own line may be an earlier row.
    private func shortRow(count: Int, of columns: Int) -> String {
        let line = record.line
        guard record.isUnterminated else {
            return "line \(line) has \(count) fields, the header \(columns): a field is missing (the row ends with a "
                + "separator where the header's last column should be)"
        }
        return "the file ends inside line \(line) (\(count) fields of the header's \(columns), no line break): it may "
            + "be cut short; send the whole file again"
    }
}

extension RawAddress {
    /// Puts a separate house number after the street ("Dlouhá" + "12/3a" → "Dlouhá 12/3a")
    /// unless the street already ends with it; the number stays in `houseNumber` too.
    mutating func joinHouseNumber() {
        guard let number = self.houseNumber, !number.isEmpty else { return }
        guard let street = self.street, !street.isEmpty else {
            self.street = number
            return
        }
        // Compared as bytes: String.hasSuffix compares by Unicode character, ten times the cost.
        let tail = street.utf8.suffix(number.utf8.count + 1)
        let endsWithNumber = tail.count > number.utf8.count && tail.first == UInt8(ascii: " ")
            && tail.dropFirst().elementsEqual(number.utf8)
        if endsWithNumber { return }
        self.street = "\(street) \(number)"
    }
}
