@testable import ConsignFormats
import Foundation
import Testing

/// `OrderRunScan` may let a Shoptet export be committed in parts only when no order's rows are
/// split: it must see the records and codes the tokenizer sees, and never call a split file proven.
@Suite("Order run scan")
struct OrderRunScanTests {
    /// One file: its text after the header `code;name;note` and the verdict expected.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rows: String
        let verdict: OrderRunScan.Verdict
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "rising codes, several rows each", rows: "\"1\";\"a\";\"x\"\n\"1\";\"b\";\"\"\n\"2\";\"a\";\"\"\n"
             + "\"10\";\"a\";\"y\"\n", verdict: .together(orders: 3)),
        Case(name: "falling codes",
             rows: "\"30\";a;b\n\"30\";a;b\n\"29\";a;b\n\"3\";a;b\n", verdict: .together(orders: 3)),
        Case(name: "plain fields, CRLF and a lone CR",
             rows: "A1;x;y\r\nA1;x;y\rA2;x;y\r\n", verdict: .together(orders: 2)),
        Case(name: "line breaks, separators and doubled quotes inside quotes",
             rows: "\"1\";\"a;\nb\";\"say \"\"hi\"\"\"\n\"2\";\"\r\n\";\"\"\n", verdict: .together(orders: 2)),
        Case(name: "blank lines and records of empty fields are skipped",
             rows: "\"1\";a;b\n\n;;\n\"\";\"\";\"\"\n\"1\";c;d\n\"2\";a;b\n\n", verdict: .together(orders: 2)),
        Case(name: "a Ctrl-Z at the very end is dropped, as the tokenizer drops it",
             rows: "\"1\";a;b\r\n\"2\";a;b\r\n\u{1A}", verdict: .together(orders: 2)),
        Case(name: "a Ctrl-Z elsewhere is text", rows: "\"1\";a;b\n\u{1A}\"2\";a;b\n",
             verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "spaces around quotes", rows: "  \"1\" ;a;b\n\"2\"\t;a;b\n", verdict: .together(orders: 2)),
        Case(name: "an order split around another", rows: "\"1\";a;b\n\"2\";a;b\n\"1\";a;b\n",
             verdict: .unproven("codes out of order")),
        Case(name: "codes up, then down", rows: "1;a;b\n3;a;b\n2;a;b\n", verdict: .unproven("codes out of order")),
        Case(name: "a code with a space before it",
             rows: "1;a;b\n 2;a;b\n", verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "a code with a trailing space in quotes", rows: "\"1 \";a;b\n",
             verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "a code with a letter beyond ASCII", rows: "\"1\";a;b\n\"2Ž\";a;b\n",
             verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "a code with a doubled quote",
             rows: "\"1\"\"2\";a;b\n", verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "a row without a code", rows: "\"1\";a;b\n;a;b\n", verdict: .unproven("a row without a code")),
        Case(name: "codes of the longest length compared",
             rows: "\"\(String(repeating: "1", count: 128))\";a;b\n\"\(String(repeating: "2", count: 128))\";a;b\n",
             verdict: .together(orders: 2)),
        Case(name: "a code longer than any compared", rows: "\"\(String(repeating: "1", count: 129))\";a;b\n",
             verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "a long plain code", rows: "\(String(repeating: "1", count: 129));a;b\n",
             verdict: .unproven("a code that is not plain ASCII")),
        Case(name: "text after a closing quote",
             rows: "\"1\";a;b\n\"2\";\"a\"x;b\n", verdict: .unproven("text after a closing quote")),
        Case(name: "a quote left open",
             rows: "\"1\";a;b\n\"2\";\"a;b\n", verdict: .unproven("a quoted field is not closed")),
    ]

    @Test("proves rows together only where no order can be split", arguments: cases)
    func verdicts(_ testCase: Case) throws {
        let folder = try TempFolder()
        let path = try folder.write(Array("code;name;note\n\(testCase.rows)".utf8))
        #expect(try Self.scan(path) == testCase.verdict)
    }

    @Test("reads the code behind quoted fields, in any column", arguments: [1, 2, 5])
    func codeBehindQuotedFields(column: Int) throws {
        // Quoted fields before the code run in the scan's fast loop, which must stop at the code.
        func row(_ code: String) -> String {
            (0..<6).map { $0 == column ? "\"\(code)\"" : "\"f\($0)\"" }.joined(separator: ";") + "\n"
        }
        let folder = try TempFolder()
        let header = (0..<6).map { $0 == column ? "code" : "c\($0)" }.joined(separator: ";") + "\n"
        let together = try folder.write(Array((header + row("1") + row("1") + row("2") + row("3")).utf8))
        #expect(try Self.scan(together, codeColumn: column) == .together(orders: 3))
        let split = try folder.write(Array((header + row("1") + row("2") + row("1")).utf8), name: "split.csv")
        #expect(try Self.scan(split, codeColumn: column) == .unproven("codes out of order"))
    }

    @Test("gives the same verdict whatever the chunks the bytes come in")
    func chunksDoNotMatter() {
        let text = Array("\"1\";\"a;\r\nb\"  ;\"x\"\"y\"\r\n\"1\";b;c\r\n  \"2\";;\r\n\"3\";\"\";\"\"".utf8)
        let layout = OrderRunScan.Layout(separator: UInt8(ascii: ";"), codeColumn: 0, firstRowOffset: 0)
        for size in 1...7 {
            var scan = OrderRunScan(layout: layout)
            for start in stride(from: 0, to: text.count, by: size) {
                _ = text[start..<min(start + size, text.count)].withUnsafeBufferPointer { scan.feed($0) }
            }
            #expect(scan.finish() == .together(orders: 3), "chunks of \(size)")
        }
    }

    @Test("reads rows of many short quoted fields alike in chunks of any size, the code in any column",
          arguments: [0, 1, 7, 32])
    func denseRowsInChunks(codeColumn: Int) {
        // Shoptet-like rows of 33 quoted fields, empty or a few bytes, some holding `;`, a line
        // break or a doubled quote, so that a word holds several quotes and fields cross chunks.
        let contents = ["", "", "a", "12,5", "x;y", "l\nm", "q\"\"q", "Praha 1", "\"\"", "ab;", ";"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            var text = ""
            var orders = 0
            for order in 1...Int.random(in: 1...6, using: &generator) {
                orders = order
                // An order's rows repeat its first fields, as Shoptet's item rows do (the pass then
                // takes them from the row before), and differ after a point of their own.
                var fields = (0..<32).map { _ in contents.randomElement(using: &generator)! }
                fields.insert(String(100 + order), at: codeColumn)
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    for column in Int.random(in: 0...33, using: &generator)..<33 where column != codeColumn {
                        fields[column] = contents.randomElement(using: &generator)!
                    }
                    text += fields.map { "\"\($0)\"" }.joined(separator: ";") + (round % 2 == 0 ? ";\n" : "\r\n")
                }
            }
            let bytes = Array(text.utf8)
            let layout = OrderRunScan.Layout(separator: UInt8(ascii: ";"), codeColumn: codeColumn, firstRowOffset: 0)
            for size in [1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 64, bytes.count] {
                var scan = OrderRunScan(layout: layout)
                for start in stride(from: 0, to: bytes.count, by: size) {
                    _ = bytes[start..<min(start + size, bytes.count)].withUnsafeBufferPointer { scan.feed($0) }
                }
                #expect(scan.finish() == .together(orders: orders), "chunks of \(size): \(text.debugDescription)")
            }
        }
    }

    @Test("a row that repeats the row before up to the code of another order is that order's")
    func repeatedRowsSplitAnOrder() {
        // The code last: rows repeat all fields before it. Orders 7, 8, then 7 again: split.
        let layout = OrderRunScan.Layout(separator: UInt8(ascii: ";"), codeColumn: 3, firstRowOffset: 0)
        let rows = ["\"a\";\"b;c\";\"d\"\"e\";\"7\"\n", "\"a\";\"b;c\";\"d\"\"e\";\"7\"\n",
                    "\"a\";\"b;c\";\"d\"\"e\";\"8\"\n", "\"a\";\"b;c\";\"d\"\"e\";\"7\"\n"]
        for (count, expected) in [(3, OrderRunScan.Verdict.together(orders: 2)), (4, .unproven("codes out of order"))] {
            var scan = OrderRunScan(layout: layout)
            _ = Array(rows.prefix(count).joined().utf8).withUnsafeBufferPointer { scan.feed($0) }
            #expect(scan.finish() == expected)
        }
    }

    @Test("a Ctrl-Z that ends a chunk of the file but not the file is read as part of its field")
    func ctrlZAtChunkEnd() throws {
        let header = Array("code;name;note\n".utf8)
        var bytes = header
        var code = 1
        // Rows up to a few bytes before the first chunk's end, then a row whose code ends in a
        // Ctrl-Z that is the chunk's last byte (so the code is not plain), then more rows.
        while bytes.count - header.count < OrderRunScan.chunkSize - 100 {
            bytes += Array("\"\(code)\";a;\"\(String(repeating: "x", count: 40))\"\n".utf8)
            code += 1
        }
        let digits = String(code).count + String(code + 1).count
        let fill = OrderRunScan.chunkSize - 1 - (bytes.count - header.count) - 9 - digits
        bytes += Array("\"\(code)\";a;\"\(String(repeating: "y", count: fill))\"\n".utf8)
        bytes += Array("\"\(code + 1)".utf8) + [0x1A] + Array("\";a;b\n".utf8)
        #expect(bytes[header.count + OrderRunScan.chunkSize - 1] == 0x1A)

        let folder = try TempFolder()
        #expect(try Self.scan(try folder.write(bytes)) == .unproven("a code that is not plain ASCII"))
    }

    @Test("never proves a file whose tokenized rows split an order")
    func agreesWithTheTokenizer() throws {
        let folder = try TempFolder()
        var generator = SystemRandomNumberGenerator()
        var proven = [0, 0, 0]
        for round in 0..<600 {
            // The code first (as Shoptet has it), second or last: fields before it run in the
            // scan's loop over other fields, which must stop right before the code.
            let column = round % 3
            let rows = Self.randomRows(codeColumn: column, using: &generator)
            let header = ["name", "note"].inserted("code", at: column).joined(separator: ";")
            let path = try folder.write(Array((header + "\n" + rows).utf8), name: "f\(round).csv")
            let verdict = try Self.scan(path, codeColumn: column)
            guard case .together(let orders) = verdict else { continue }
            proven[column] += 1
            let runs = try Self.codeRuns(path, codeColumn: column)
            #expect(Set(runs).count == runs.count, "split order proven: \(rows.debugDescription)")
            #expect(runs.count == orders, "runs counted differently: \(rows.debugDescription)")
        }
        // The generator makes most files orderly: a scan that proves nothing would pass above,
        // wherever the code stands.
        #expect(proven.allSatisfy { $0 > 30 }, "proven per code column: \(proven)")
    }

    /// Rows of rising codes with, now and then, what must leave a file unproven or what the
    /// scan must split exactly as the tokenizer does.
    static func randomRows(codeColumn: Int = 0, using generator: inout SystemRandomNumberGenerator) -> String {
        let codePieces = ["\"C\"", "C", " C", "\"C \"", "\" C\"", "  \"C\" "]
        let fieldPieces = ["x", "", "\"\"", "\"a;b\"", "\"l\nm\"", "\"l\r\nm\"", "\"q\"\"q\"", "5\" disk", " ",
                           "\"x\"y"]
        let endings = ["\n", "\r\n", "\r", "\n\n", ";;\n", "\n\"\";\"\"\n"]
        var code = 1
        var text = ""
        for _ in 0..<Int.random(in: 1...12, using: &generator) {
            let roll = Int.random(in: 0..<20, using: &generator)
            if roll == 0 { code = max(1, code - Int.random(in: 1...3, using: &generator)) }
            if roll > 8 { code += 1 }
            let written = roll == 1 ? "" : codePieces[Int.random(in: 0..<12, using: &generator) % 8 % 6]
            var fields = (0..<2).map { _ in fieldPieces.randomElement(using: &generator)! }
            fields.insert(written.replacingOccurrences(of: "C", with: String(code)), at: codeColumn)
            text += fields.joined(separator: ";")
            text += endings[Int.random(in: 0..<18, using: &generator) % 9 % 6]
        }
        return text
    }

    /// The scan of `path` from the first record after its header, as the Shoptet reader sets it.
    static func scan(_ path: String, codeColumn: Int = 0) throws -> OrderRunScan.Verdict {
        let tokenizer = try CSVTokenizer(path: path, fileName: "orders.csv")
        // The reader's error on a row after the first is no concern of the scan's.
        guard try tokenizer.nextRecord(), (try? tokenizer.nextRecord()) == true else { return .together(orders: 0) }
        let layout = OrderRunScan.Layout(separator: tokenizer.separator, codeColumn: codeColumn,
                                         firstRowOffset: tokenizer.recordOffset)
        return OrderRunScan.scan(path: path, layout: layout)
    }

    /// The codes of the tokenizer's rows after the header as runs of equal bytes, up to the first
    /// error (the reader stops there).
    static func codeRuns(_ path: String, codeColumn: Int = 0) throws -> [[UInt8]] {
        let tokenizer = try CSVTokenizer(path: path, fileName: "orders.csv")
        var runs: [[UInt8]] = []
        guard (try? tokenizer.nextRecord()) == true else { return runs }
        while (try? tokenizer.nextRecord()) == true {
            let code = tokenizer.withCurrentRecord { $0.bytes(at: codeColumn) }
            if code != runs.last { runs.append(code) }
        }
        return runs
    }
}

private extension Array {
    /// A copy with `element` inserted at `index`.
    func inserted(_ element: Element, at index: Int) -> [Element] {
        var copy = self
        copy.insert(element, at: index)
        return copy
    }
}
