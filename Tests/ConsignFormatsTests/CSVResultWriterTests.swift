import ConsignCore
import ConsignFormats
import ConsignSupport
import Foundation
import Testing

@Suite("CSV result writer")
struct CSVResultWriterTests {
    static let registered = ResultRow(
        orderCode: "2024000101", location: SourceLocation(line: 2), outcome: .registered,
        guid: "9d5f1c2e-0000-4000-8000-000000000001", carrierCode: "ppl", serviceCode: "home_delivery",
        status: "registered", trackingNumbers: ["PPL123", "PPL124"], trackingUrl: "https://track.example/PPL123")
    static let rejected = ResultRow(
        orderCode: "=HYPERLINK(\"http://evil\")", location: SourceLocation(line: 3), outcome: .rejected,
        errorCode: "shipment-validation-failed", field: "recipient.phone",
        message: "Telefon chybí; \"Žluťoučký\" kůň\nřádek 2")

    /// Writes rows with a writer for `dialect` into a file and returns its path and bytes.
    func write(_ rows: [ResultRow], dialect: FileDialect,
               folder: TempFolder) throws -> (CSVResultWriter, String, [UInt8]) {
        let writer = CSVResultWriter(dialect: dialect)
        var bytes: [UInt8] = []
        let emit: (UnsafeBufferPointer<UInt8>) throws -> Void = { chunk in bytes += chunk }
        try writer.begin(emit: emit)
        for row in rows { try writer.write(row, emit: emit) }
        try writer.finish(emit: emit)
        return (writer, try folder.write(bytes, name: "result.csv"), bytes)
    }

    @Test("round-trips through the tokenizer in the input's dialect", arguments: [
        FileDialect(format: .shoptetCSV, encoding: .windows1250, encodingEvidence: .controlBytes,
                    separator: UInt8(ascii: ";"), lineEnding: .crlf),
        FileDialect(format: .consignCSV, encoding: .utf8, encodingEvidence: .byteOrderMark,
                    separator: UInt8(ascii: ","), lineEnding: .lf, hasByteOrderMark: true),
        FileDialect(format: .consignCSV, encoding: .iso8859_2, encodingEvidence: .distinctiveLetters,
                    separator: UInt8(ascii: ";"), lineEnding: .cr),
    ])
    func roundTrip(dialect: FileDialect) throws {
        let folder = try TempFolder()
        let (_, path, bytes) = try write([Self.registered, Self.rejected], dialect: dialect, folder: folder)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) == dialect.hasByteOrderMark)

        let tokenizer = try CSVTokenizer(path: path, fileName: "result.csv")
        #expect(tokenizer.separator == dialect.separator)
        var rows: [[String]] = []
        while try tokenizer.nextRecord() { rows.append((0..<tokenizer.fieldCount).map { tokenizer.string(at: $0) }) }
        #expect(tokenizer.lineEnding == dialect.lineEnding)
        #expect(rows.first == CSVResultWriter.columnNames)
        #expect(rows.count == 3)
        #expect(rows[1] == ["2024000101", "registered", "9d5f1c2e-0000-4000-8000-000000000001", "ppl",
                            "home_delivery", "registered", "PPL123 PPL124", "https://track.example/PPL123", "", "", ""])
        #expect(rows[2][0] == "'=HYPERLINK(\"http://evil\")")
        #expect(rows[2][9] == "recipient.phone")
        #expect(rows[2][10] == "Telefon chybí; \"Žluťoučký\" kůň\nřádek 2")
    }

    @Test("neutralises spreadsheet formulas", arguments: [
        ("=1+1", "'=1+1"), ("+420 601 123 456", "'+420 601 123 456"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("safe", "safe"), ("a=b", "a=b"), ("", ""),
        ("'=1", "''=1"), ("''+5", "'''+5"), ("'abc", "'abc"), ("'", "'"), ("'a=b", "'a=b"),
    ])
    func neutralises(input: String, expected: String) {
        #expect(SpreadsheetFormula.neutralised(input) == expected)
    }

    @Test("the reading rule gives back every value: strip one leading ' where the 's are followed by a formula lead")
    func neutralisingIsReversible() {
        let alphabet: [Character] = ["'", "=", "+", "-", "@", "\t", "a", " "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let value = String((0..<Int.random(in: 0...5, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            })
            let written = SpreadsheetFormula.neutralised(value)
            let afterQuotes = written.drop { $0 == "'" }
            let readBack = written.hasPrefix("'") && afterQuotes.first.map { "=+-@\t\r".contains($0) } == true
                ? String(written.dropFirst()) : written
            #expect(readBack == value, "\(value.debugDescription) written \(written.debugDescription)")
            // What a spreadsheet sees first is never a formula lead.
            #expect(written.first.map { "=+-@\t\r".contains($0) } != true, "\(value.debugDescription)")
        }
    }

    @Test("escapes fields for other CSV writers", arguments: [
        ("plain", ";", "plain"), ("a;b", ";", "\"a;b\""), ("a,b", ";", "a,b"), ("a,b", ",", "\"a,b\""),
        ("say \"hi\"", ";", "\"say \"\"hi\"\"\""), ("two\nlines", ";", "\"two\nlines\""), ("=cmd", ";", "'=cmd"),
        (" padded", ";", "\" padded\""),
    ])
    func escapes(input: String, separator: Character, expected: String) {
        #expect(CSVField.escape(input, separator: separator) == expected)
    }

    @Test("doubles every quote wherever it stands, copying the runs between them", arguments: [
        "", "\"", "\"\"", "a\"b", "\"a", "a\"", "no quotes at all", "ž\"ž\"\"ž",
        String(repeating: "x\"", count: 300),
    ])
    func doublesQuotes(input: String) {
        var line = ByteBuffer(capacity: 16)
        line.append(0x41)
        Array(input.utf8).withUnsafeBufferPointer { CSVField.appendDoublingQuotes($0, to: &line) }
        #expect(line.array == [0x41] + Array(input.replacingOccurrences(of: "\"", with: "\"\"").utf8))
    }

    @Test("reports characters the encoding cannot hold", arguments: [
        (TextEncoding.windows1250, "Søren — 5 €, Győr", Set<Character>(["ø"])),
        (TextEncoding.iso8859_2, "Søren — 5 €, Győr", Set<Character>(["ø", "—", "€"])),
        (TextEncoding.utf8, "Søren — 5 €, Győr", Set<Character>()),
    ])
    func transliterates(encoding: TextEncoding, message: String, lost: Set<Character>) throws {
        let dialect = FileDialect(format: .consignCSV, encoding: encoding, encodingEvidence: .configured,
                                  separator: UInt8(ascii: ";"))
        let row = ResultRow(orderCode: "X", location: SourceLocation(line: 2), outcome: .rejected, message: message)
        let folder = try TempFolder()
        let (writer, path, _) = try write([row], dialect: dialect, folder: folder)
        #expect(writer.transliterated == lost)

        let tokenizer = try CSVTokenizer(path: path, fileName: "result.csv",
                                         options: ReaderOptions(pinnedEncoding: encoding == .utf8 ? nil : encoding))
        _ = try tokenizer.nextRecord()
        _ = try tokenizer.nextRecord()
        let written = tokenizer.string(at: 10)
        #expect(written.contains("Győr"))
        #expect(lost.allSatisfy { !written.contains($0) })
    }
}
