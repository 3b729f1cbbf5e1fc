import ConsignCore
@testable import ConsignFormats
import Foundation
import Testing

@Suite("CSV tokenizer")
struct CSVTokenizerTests {
    /// One tokenizer case: raw bytes in, records (line, fields) out.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let records: [[String]]
        let lines: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF line endings", bytes: Array("a;b\n1;2\n".utf8), records: [["a", "b"], ["1", "2"]],
             lines: [1, 2]),
        Case(name: "CRLF line endings", bytes: Array("a;b\r\n1;2\r\n".utf8), records: [["a", "b"], ["1", "2"]],
             lines: [1, 2]),
        Case(name: "CR-only line endings", bytes: Array("a;b\r1;2\r3;4".utf8),
             records: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 2, 3]),
        Case(name: "no newline at the end", bytes: Array("a;b\n1;2".utf8), records: [["a", "b"], ["1", "2"]],
             lines: [1, 2]),
        Case(name: "UTF-8 BOM is not part of the first field", bytes: [0xEF, 0xBB, 0xBF] + Array("a;b\n1;2\n".utf8),
             records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "quoted separator and doubled quote", bytes: Array("a;b\n\"x;y\";\"say \"\"hi\"\"\"\n".utf8),
             records: [["a", "b"], ["x;y", "say \"hi\""]], lines: [1, 2]),
        Case(name: "CRLF inside quotes keeps the line count", bytes: Array("a;b\r\n\"l1\r\nl2\";2\r\nz;3\r\n".utf8),
             records: [["a", "b"], ["l1\r\nl2", "2"], ["z", "3"]], lines: [1, 2, 4]),
        Case(name: "trailing separator gives an empty last field",
             bytes: Array("\"a\";\"b\";\r\n\"1\";\"2\";\r\n".utf8),
             records: [["a", "b", ""], ["1", "2", ""]], lines: [1, 2]),
        Case(name: "blank lines are skipped but counted", bytes: Array("a;b\n\n1;2\n\r\n3;4\n".utf8),
             records: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 3, 5]),
        Case(name: "Ctrl-Z at the end is ignored", bytes: Array("a;b\r\n1;2\r\n".utf8) + [0x1A],
             records: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        Case(name: "comma separator wins when it is more frequent", bytes: Array("a,b,c;d\n1,2,3;4\n".utf8),
             records: [["a", "b", "c;d"], ["1", "2", "3;4"]], lines: [1, 2]),
        Case(name: "spaces around quoted fields are tolerated", bytes: Array("a, b\n\"x\" , \"y, z\"\n".utf8),
             records: [["a", "b"], ["x", "y, z"]], lines: [1, 2]),
        Case(name: "a quote inside a plain field is kept", bytes: Array("a;b\n5\" disk;2\n".utf8),
             records: [["a", "b"], ["5\" disk", "2"]], lines: [1, 2]),
        Case(name: "ragged row keeps its fields", bytes: Array("a;b;c\n1\n".utf8), records: [["a", "b", "c"], ["1"]],
             lines: [1, 2]),
    ]

    @Test("tokenizes edge cases into the expected records and lines", arguments: cases)
    func tokenizes(_ testCase: Case) throws {
        let folder = try TempFolder()
        let records = try tokenize(try folder.write(testCase.bytes))
        #expect(records.map(\.fields) == testCase.records)
        #expect(records.map(\.line) == testCase.lines)
    }

    /// One failing input: the error code and line expected.
    struct Failure: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let code: FormatError.Code
        let line: Int?
        var maxFieldBytes = 1 << 20
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "unclosed quote names the line where the field started",
                bytes: Array("a;b\n1;2\n3;\"never\nclosed\n".utf8), code: .malformed, line: 3),
        Failure(name: "text after a closing quote", bytes: Array("a;b\n\"1\"x;2\n".utf8), code: .malformed, line: 2),
        Failure(name: "field over the limit", bytes: Array("a;b\n1;\(String(repeating: "x", count: 100))\n".utf8),
                code: .limitExceeded, line: 2, maxFieldBytes: 50),
        Failure(name: "empty file", bytes: [], code: .empty, line: nil),
        Failure(name: "only blank lines and Ctrl-Z", bytes: Array("\r\n\r\n".utf8) + [0x1A], code: .empty, line: nil),
        Failure(name: "binary data with NUL bytes (a whole-file verdict, no line)",
                bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
                code: .malformed, line: nil),
        Failure(name: "a NUL byte past the first 64 KiB names its line",
                bytes: Array(("a;b\n" + String(repeating: "1234;5678\n", count: 20_000) + "9;").utf8) + [0, 0x0A],
                code: .malformed, line: 20_002),
        Failure(name: "an XLSX workbook named .csv", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00],
                code: .malformed, line: nil),
    ]

    @Test("rejects broken input with a file-level error", arguments: failures)
    func rejects(_ failure: Failure) throws {
        let folder = try TempFolder()
        let path = try folder.write(failure.bytes)
        let options = ReaderOptions(maxFieldBytes: failure.maxFieldBytes)
        let error = #expect(throws: FormatError.self) { try tokenize(path, options: options) }
        #expect(error?.code == failure.code)
        #expect(error?.location?.line == failure.line)
    }

    @Test("binary files say so in the message")
    func binaryMessage() throws {
        let folder = try TempFolder()
        let path = try folder.write([0x41, 0x3B, 0x42, 0x0A, 0x00, 0x01, 0x02])
        let error = #expect(throws: FormatError.self) { try tokenize(path) }
        #expect(error?.message.contains("binary data, not CSV") == true)
    }

    @Test("records spanning many 64 KiB chunks stream with correct lines and fields")
    func streamsAcrossChunks() throws {
        var text = "code;remark\r\n"
        for index in 1...20_000 {
            text += "\(index);\"line one \(index)\r\nline two; \"\"quoted\"\"\"\r\n"
        }
        let folder = try TempFolder()
        let path = try folder.write(text)
        let tokenizer = try CSVTokenizer(path: path, fileName: "big.csv")
        #expect(try tokenizer.nextRecord())
        var count = 0
        while try tokenizer.nextRecord() {
            count += 1
            #expect(tokenizer.recordLine == 2 * count)
            #expect(tokenizer.string(at: 0) == String(count))
            if tokenizer.string(at: 1) != "line one \(count)\r\nline two; \"quoted\"" {
                Issue.record("record \(count) decoded as \(tokenizer.string(at: 1))")
                break
            }
        }
        #expect(count == 20_000)
        #expect(tokenizer.lineEnding == .crlf)
    }

    @Test("records of hundreds of fields, quoted and plain, keep every field (the span list grows)")
    func wideRecords() throws {
        let header = (0..<300).map { "c\($0)" }.joined(separator: ";")
        let quoted = (0..<300).map { "\"q\($0)\nx\"" }.joined(separator: ";")
        let plain = (0..<150).map { "p\($0)" }.joined(separator: ";")
        let folder = try TempFolder()
        let records = try tokenize(try folder.write(header + "\r\n" + quoted + "\r\n" + plain + "\r\n"))
        #expect(records.map(\.fields.count) == [300, 300, 150])
        #expect(records.dropFirst().first?.fields == (0..<300).map { "q\($0)\nx" })
        #expect(records.last?.fields == (0..<150).map { "p\($0)" })
        #expect(records.map(\.line) == [1, 2, 303])
    }

    @Test("a field longer than one chunk is read whole")
    func longField() throws {
        let long = String(repeating: "ž", count: 100_000)
        let folder = try TempFolder()
        let path = try folder.write("a;b\n1;\"\(long)\"\n")
        let records = try tokenize(path)
        #expect(records.last?.fields[1] == long)
    }

    @Test("records the line ending of the file", arguments: [
        ("a\r\n1\r\n", LineEnding.crlf), ("a\n1\n", LineEnding.lf), ("a\r1\r", LineEnding.cr),
    ])
    func lineEnding(text: String, expected: LineEnding) throws {
        let folder = try TempFolder()
        let tokenizer = try CSVTokenizer(path: try folder.write(text), fileName: "orders.csv")
        #expect(try tokenizer.nextRecord())
        #expect(tokenizer.lineEnding == expected)
    }

    @Test("a missing file is unreadable")
    func missingFile() throws {
        let folder = try TempFolder()
        let error = #expect(throws: FormatError.self) {
            try CSVTokenizer(path: folder.path + "/nope.csv", fileName: "nope.csv")
        }
        #expect(error?.code == .unreadable)
    }
}
