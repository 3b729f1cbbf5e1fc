import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation

/// A fresh temporary folder per test, removed when the value is dropped.
final class TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("consign-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` and returns the path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes `text` in `encoding` (Python-free: our own code pages) and returns the path.
    func write(_ name: String, text: String, encoding: TextEncoding = .utf8) throws -> String {
        var lossy = Set<Character>()
        return try write(name, bytes: encoding.encode(text, lossy: &lossy))
    }
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Opens `path` and reads every order; throws what the reader throws.
func readAll(_ path: String, options: ReaderOptions = ReaderOptions()) throws(FormatError) -> [OrderRecord] {
    guard let reader = try XMLOrderReaders.open(path: path, fileName: URL(fileURLWithPath: path).lastPathComponent,
                                                options: options) else {
        throw FormatError(.unknownFormat, file: path, "test: the file was not recognised as XML")
    }
    var records: [OrderRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// The error code `body` throws, or nil when it does not throw.
func formatErrorCode(_ body: () throws(FormatError) -> Void) -> FormatError.Code? {
    do {
        try body()
        return nil
    } catch {
        return error.code
    }
}
