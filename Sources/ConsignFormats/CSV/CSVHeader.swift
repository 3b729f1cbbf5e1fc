import ConsignCore
/// The header row of a CSV file: column names and where they are, looked up case-insensitively.
public struct CSVHeader: Sendable {
    /// The names as written, in file order.
    public let names: [String]
    /// Fields a data row must have: up to the last non-empty name (a trailing `;` adds none).
    public let requiredFieldCount: Int
    private let indexByName: [String: Int]

    /// The first column name that appears twice (case-insensitive), if any.
    public let repeatedName: String?

    /// True when the row reads like an order rather than column names: a "name" with an `@`
    /// (an e-mail) or with digits and no letter (an order code, a price, a date). A `#` column
    /// or an empty one is not data. Asked only of a row that is no known header: a real header
    /// may have an extra column named `21 %` or `2024`.
    public var looksLikeData: Bool {
        names.contains { name in
            let scalars = name.unicodeScalars
            return name.contains("@")
                || (scalars.contains { $0.properties.numericType != nil }
                    && !scalars.contains(where: \.properties.isAlphabetic))
        }
    }

    /// Creates a header from the names in the first row.
    public init(names: [String]) {
        self.names = names
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            let key = name.lowercased()
            if indexByName[key] == nil { indexByName[key] = index }
        }
        self.indexByName = indexByName
        var seen: Set<String> = []
        repeatedName = names.first { name in
            !name.isEmpty && !seen.insert(name.lowercased()).inserted
        }
        requiredFieldCount = (names.lastIndex(where: { !$0.isEmpty }) ?? -1) + 1
    }

    /// The index of the first column named like any of `names`, ignoring case.
    public func index(of names: String...) -> Int? {
        index(ofAny: names)
    }

    /// The index of the first column named like any of `names`, ignoring case.
    public func index(ofAny names: [String]) -> Int? {
        for name in names {
            if let index = indexByName[name.lowercased()] { return index }
        }
        return nil
    }

    /// True when a column named `name` exists.
    public func contains(_ name: String) -> Bool {
        indexByName[name.lowercased()] != nil
    }

    /// Reads the current record of `tokenizer` as a header.
    static func read(from tokenizer: CSVTokenizer) -> CSVHeader {
        CSVHeader(names: (0..<tokenizer.fieldCount).map { tokenizer.string(at: $0) })
    }
}

extension CSVTokenizer {
    /// Opens `path` and reads its header row: an empty file is `.empty`, a column named twice
    /// `.malformed` (which one holds the value would be a guess).
    static func openingHeader(path: String, fileName: String,
                              options: ReaderOptions) throws(FormatError) -> (CSVTokenizer, CSVHeader) {
        let tokenizer = try CSVTokenizer(path: path, fileName: fileName, options: options)
        guard try tokenizer.nextRecord() else { throw FormatError(.empty, file: fileName, "empty file") }
        let header = CSVHeader.read(from: tokenizer)
        // A repeated "name" in a line of data: said so, without the names' text (they name a person).
        if header.repeatedName != nil && header.looksLikeData { throw noHeaderRow(fileName: fileName) }
        if let repeated = header.repeatedName {
            throw FormatError(.malformed, file: fileName, location: SourceLocation(line: 1),
                              "column \"\(repeated)\" appears more than once in the header; which one holds the "
                              + "value would be a guess")
        }
        return (tokenizer, header)
    }

    /// The error for a first line that is an order, not column names (`CSVHeader.looksLikeData`).
    static func noHeaderRow(fileName: String) -> FormatError {
        FormatError(.malformed, file: fileName, location: SourceLocation(line: 1),
                    "line 1 looks like an order, not a header row (it has numbers or an e-mail where column "
                    + "names go); add the header row the ERP's export format starts with")
    }

    /// Checks that `header` has `column`, then steps onto the first row after it; a header
    /// without rows is `.empty`.
    func stepToFirstRow(after header: CSVHeader, requiring column: String) throws(FormatError) {
        guard header.contains(column) else {
            throw FormatError(.missingColumn, file: fileName, location: SourceLocation(line: 1),
                              "the header has no column '\(column)'")
        }
        guard try nextRecord() else { throw FormatError(.empty, file: fileName, "header only, no orders") }
    }
}
