import ConsignCore
@testable import ConsignFormats
import Foundation
import Testing

/// A record that starts with the bytes of the one before takes those fields from it
/// (`RecordTemplate`); here every record, line and error must come out as the scanner alone gives
/// them, on rows built to repeat their first fields as Shoptet's item rows do.
@Suite("CSV rows that repeat the row before")
struct CSVRecordTemplateTests {
    /// Field texts as written: quoted with separators, line breaks of every kind and doubled
    /// quotes, blanks around quotes, plain, empty, a quote inside a plain field.
    static let pieces = ["\"a;b\"", "\"l\nm\"", "\"l\r\nm\"", "\"l\rm\"", "\"q\"\"q\"", "\"x\"  ", " \"y\"", "plain",
                         "", "\"\"", "5\" disk", "\"Praha 1\"", "12,5", "\t\"t\"\t", "\"ž\""]
    static let endings = ["\n", "\r\n", "\r", ";\n", ";\r\n"]

    @Test("gives every record, line and field the scanner alone gives", arguments: 0..<6)
    func sameAsScanning(seed: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let folder = try TempFolder()
        for round in 0..<25 {
            // Some files cross many 64 KiB chunks, so that templates meet refills.
            let text = Self.randomFile(rows: round % 5 == 0 ? 4000 : 40, using: &generator)
            let path = try folder.write(Array(text.utf8), name: "f\(seed)-\(round).csv")
            let reused = Self.records(path, reusing: true)
            let scanned = Self.records(path, reusing: false)
            #expect(reused == scanned, "\(text.prefix(600).debugDescription)")
        }
    }

    @Test("the errors of broken rows after repeated ones are the scanner's", arguments: [
        "\"x\"y", "\"unclosed", "\"a\" b",
    ])
    func sameErrors(broken: String) throws {
        let row = "\"1\";\"Jan\";\"l\nm\";\"a\"\"b\";x"
        let text = "c;d;e;f;g\n" + row + "\n" + row + "\n" + "\"1\";\"Jan\";\"l\nm\";" + broken + ";x\n" + row + "\n"
        let folder = try TempFolder()
        let path = try folder.write(text)
        let reused = Self.records(path, reusing: true)
        #expect(reused == Self.records(path, reusing: false))
        #expect(reused.last?.hasPrefix("error") == true, "\(reused)")
    }

    @Test("a row equal to the one before up to a field's middle scans that field")
    func differsInsideField() throws {
        let text = "a;b;c\n\"same\";\"field one\";\"end\"\n\"same\";\"field two\";\"end\"\n\"same\";\"field\";\"x\"\n"
        let folder = try TempFolder()
        let records = Self.records(try folder.write(text), reusing: true)
        #expect(records.map { $0.components(separatedBy: " [")[0] }
                    == ["1 @0 a|b|c", "2 @6 same|field one|end", "3 @31 same|field two|end", "4 @56 same|field|x"])
    }

    /// Rows in groups that share their first fields, as an order's item rows do.
    static func randomFile(rows: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        var text = "c1;c2;c3;c4;c5;c6;c7\n"
        var written = 0
        while written < rows {
            let shared = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let own = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                    pieces.randomElement(using: &generator)!
                }
                text += (shared + own).joined(separator: ";") + endings.randomElement(using: &generator)!
                written += 1
            }
        }
        return text
    }

    /// Each record as "line fields…" (with its offset and whether it is unterminated), then the
    /// error that ended the reading, if any.
    static func records(_ path: String, reusing: Bool) -> [String] {
        var out: [String] = []
        do {
            let tokenizer = try CSVTokenizer(path: path, fileName: "orders.csv")
            tokenizer.reusesFields = reusing
            while try tokenizer.nextRecord() {
                let fields = (0..<tokenizer.fieldCount).map { tokenizer.string(at: $0) }
                // The ranges too: both tokenizers fill and move their buffers alike.
                let line = "\(tokenizer.recordLine) @\(tokenizer.recordOffset) " + fields.joined(separator: "|")
                    + " \(tokenizer.fieldRanges)" + (tokenizer.recordIsUnterminated ? " (unterminated)" : "")
                out.append(line)
            }
        } catch {
            out.append("error \(error.code) \(String(describing: error.location)) \(error.message)")
        }
        return out
    }
}
