import ConsignCore
import ConsignFormats
import Foundation
import Testing

/// A fresh temporary folder per test, removed when the value goes away.
final class TempFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "consign-formats-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `bytes` to a file called `name` and returns its path.
    func write(_ bytes: [UInt8], name: String = "orders.csv") throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Writes `text` encoded as `encoding`.
    func write(_ text: String, encoding: TextEncoding = .utf8, name: String = "orders.csv") throws -> String {
        var lossy = Set<Character>()
        return try write(encoding.encode(text, lossy: &lossy), name: name)
    }
}

/// Reads every order of `reader`.
func readAll(_ reader: any OrderReader) throws -> [OrderRecord] {
    var records: [OrderRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// Every record of a file as decoded strings, with the line each starts on.
func tokenize(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> [(line: Int, fields: [String])] {
    let tokenizer = try CSVTokenizer(path: path, fileName: "orders.csv", options: options)
    var records: [(line: Int, fields: [String])] = []
    while try tokenizer.nextRecord() {
        records.append((tokenizer.recordLine, (0..<tokenizer.fieldCount).map { tokenizer.string(at: $0) }))
    }
    return records
}

/// The error tokenizing `bytes` (written to a fresh file) throws; the test fails when none is.
func tokenizingError(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> FormatError? {
    let folder = try TempFolder()
    let path = try folder.write(bytes)
    return #expect(throws: FormatError.self, sourceLocation: sourceLocation) { _ = try tokenize(path).count }
}

/// The folder with the sample inputs (`samples/` at the package root).
let samplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("samples").path
