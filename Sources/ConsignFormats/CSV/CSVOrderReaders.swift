import ConsignCore
import Glibc

/// The entry point for CSV input: opens a file and picks the reader its header calls for.
public enum CSVOrderReaders {
    /// Opens `path` as CSV.
    ///
    /// Returns nil when the file is not CSV-like at all (its text starts with `<`, so the caller
    /// can try the XML readers). Throws `.empty` for an empty or header-only file, `.malformed`
    /// for binary data, `.unknownFormat` (listing the formats Consign reads) for a header that
    /// matches no CSV format, and the tokenizer's errors.
    public static func open(path: String, fileName: String,
                            options: ReaderOptions) throws(FormatError) -> (any OrderReader)? {
        if try startsLikeXML(path: path, fileName: fileName) { return nil }

        let (tokenizer, header) = try CSVTokenizer.openingHeader(path: path, fileName: fileName, options: options)
        switch CSVFormatSniffer.detect(headerFields: header.names) {
        case .shoptetCSV: return try ShoptetCSVReader(tokenizer: tokenizer, header: header)
        case .consignCSV: return try ConsignCSVReader(tokenizer: tokenizer, header: header)
        default:
            if header.looksLikeData { throw CSVTokenizer.noHeaderRow(fileName: fileName) }
            throw unknownFormat(fileName: fileName)
        }
    }

    private static func unknownFormat(fileName: String) -> FormatError {
        let known = OrderFormat.allCases.map(\.displayName).joined(separator: ", ")
        return FormatError(.unknownFormat, file: fileName, location: SourceLocation(line: 1),
                           "the header row matches no format Consign reads (\(known))")
    }

    /// True when the first non-blank character after an optional BOM is `<`.
    private static func startsLikeXML(path: String, fileName: String) throws(FormatError) -> Bool {
        let source = try FileByteSource(path: path, fileName: fileName)
        var head = [UInt8](repeating: 0, count: 512)
        let count = try source.read(into: &head, at: 0, count: head.count)
        var bytes = head[0..<count]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }
        return first == UInt8(ascii: "<")
    }
}
