import ConsignCore

/// Reads Shoptet's CSV order export: one row per order item, rows of one order in a row.
///
/// Streams: an order is emitted when the `code` changes or the file ends, so only one order's
/// rows are ever held. Rows of one order that are not adjacent become two orders.
public final class ShoptetCSVReader: OrderReader {
    private let tokenizer: CSVTokenizer
    private let header: CSVHeader
    private let columns: ShoptetColumns
    private var hasPendingRecord: Bool
    /// Where the rows start and how they split, for a pass proving that orders are not split
    /// (`OrderRunScan`); nil without a code column.
    public let orderRunLayout: OrderRunScan.Layout?
    /// Orders read so far, and whether every one of them had a payment (billing) row.
    private var ordersRead = 0
    private var everyOrderHadPaymentRow = true
    /// The last line of the order just read when its code was unusable (see `isUsableCode`).
    private var unusableCodeBefore: Int?
    /// Whether the pending row's code is usable, judged when that row ended the order before it.
    private var pendingCodeIsUsable: Bool?

    /// Opens `path` as a Shoptet export; throws `.missingColumn`, `.empty` or a tokenizer error.
    public convenience init(path: String, fileName: String, options: ReaderOptions = ReaderOptions())
        throws(FormatError) {
        let (tokenizer, header) = try CSVTokenizer.openingHeader(path: path, fileName: fileName, options: options)
        try self.init(tokenizer: tokenizer, header: header)
    }

    /// Wraps a tokenizer positioned on the header row (read as `header`).
    init(tokenizer: CSVTokenizer, header: CSVHeader) throws(FormatError) {
        try tokenizer.stepToFirstRow(after: header, requiring: "code")
        self.tokenizer = tokenizer
        self.header = header
        columns = ShoptetColumns(header)
        hasPendingRecord = true
        orderRunLayout = columns.code.map {
            OrderRunScan.Layout(separator: tokenizer.separator, codeColumn: $0, firstRowOffset: tokenizer.recordOffset)
        }
    }

    /// The input's shape (the encoding may be refined while reading; see docs/formats/CSV.md).
    public var dialect: FileDialect {
        tokenizer.dialect(format: .shoptetCSV)
    }

    /// The next order: all adjacent rows with the same `code`.
    public func next() throws(FormatError) -> OrderRecord? {
        guard hasPendingRecord, let codeColumn = columns.code else { return nil }
        let columns = self.columns
        let header = self.header
        // Built in place: a builder returned out of the closure was copied whole (its order's
        // texts retained and released once more).
        var builder: ShoptetOrderBuilder?
        let judged = pendingCodeIsUsable
        let (code, isPlainCode, isUsable) = tokenizer.withCurrentRecord { view in
            let values = CSVValues(record: view)
            builder = ShoptetOrderBuilder(columns: columns)
            builder?.start(firstRow: values)
            builder?.addItem(values, header: header)
            return (view.bytes(at: codeColumn), view.isPlainASCII(codeColumn),
                    judged ?? Self.isUsableCode(view, codeColumn))
        }

        var nextIsUsable = true
        while true {
            hasPendingRecord = try tokenizer.nextRecord()
            guard hasPendingRecord else { break }
            let isSameOrder = tokenizer.withCurrentRecord { view in
                // Two plain ASCII codes (nearly all) that differ in bytes are two orders.
                guard view.field(codeColumn, equals: code)
                    || (!(isPlainCode && view.isPlainASCII(codeColumn))
                        && Self.isSameCode(view.string(at: codeColumn), builder?.record.orderCode ?? ""))
                else {
                    nextIsUsable = Self.isUsableCode(view, codeColumn)
                    return false
                }
                builder?.addItem(CSVValues(record: view), header: header)
                return true
            }
            if !isSameOrder { break }
        }
        pendingCodeIsUsable = nextIsUsable
        checkPaymentRow(of: &builder)
        checkNeighbours(of: &builder, isUsable: isUsable, nextIsUsable: nextIsUsable)
        return builder?.finish()
    }

    /// A row without a usable code cannot be told apart from this order's own rows: the order is
    /// not registered when such a row comes right before or after its rows.
    private func checkNeighbours(of builder: inout ShoptetOrderBuilder?, isUsable: Bool, nextIsUsable: Bool) {
        if isUsable, let line = unusableCodeBefore { builder?.noteUnusableCode(atLine: line, isAfter: false) }
        unusableCodeBefore = isUsable ? nil : builder?.lastLine
        if isUsable && !nextIsUsable { builder?.noteUnusableCode(atLine: tokenizer.recordLine, isAfter: true) }
    }

    /// True when the code of the row in `view` can name an order: not empty, no invisible
    /// characters (`OrderNormalizer.codeProblem`). Plain ASCII codes are judged on their bytes.
    static func isUsableCode(_ view: CSVRecordView, _ column: Int) -> Bool {
        if view.isPrintableASCIICode(column, limit: OrderNormalizer.maximumCodeLength) { return true }
        let code = OrderNormalizer.canonicalCode(view.string(at: column))
        return !code.isEmpty && OrderNormalizer.codeProblem(code) == nil
    }

    /// A file cut at a line break looks whole: its last order lacking the payment row that every
    /// earlier order has is the sign (the row that says cash on delivery may be the one lost).
    private func checkPaymentRow(of builder: inout ShoptetOrderBuilder?) {
        guard let hasPaymentRow = builder?.hasPaymentRow else { return }
        if !hasPendingRecord && !hasPaymentRow && ordersRead > 0 && everyOrderHadPaymentRow {
            builder?.noteMissingPaymentRowAtEnd()
        }
        ordersRead += 1
        everyOrderHadPaymentRow = everyOrderHadPaymentRow && hasPaymentRow
    }

    /// True when two codes whose bytes differ name one order all the same: a trailing no-break
    /// space or BOM, or `Ž` composed one way and the other (the store trims and composes codes).
    /// Looked at once per order, where the next order starts.
    static func isSameCode(_ next: String, _ first: String) -> Bool {
        !first.isEmpty && OrderNormalizer.canonicalCode(next) == OrderNormalizer.canonicalCode(first)
    }
}
