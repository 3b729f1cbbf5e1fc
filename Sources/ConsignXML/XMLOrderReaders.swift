import CLibXML2
import ConsignCore
import ConsignFormats
import Glibc

/// Opens XML order files: sniffs the encoding, checks the prolog, and picks the format's reader
/// by the root element's local name and namespace URI.
public enum XMLOrderReaders {
    /// Opens `path` as one of the XML formats Consign reads.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - fileName: the name used in errors (not the full path).
    ///   - options: pinned encoding and the size and depth limits.
    /// - Returns: a streaming reader standing before the first order, or nil when the file does
    ///   not start like XML (after a BOM and whitespace, a `<`), so the caller can try CSV.
    /// - Throws: `.unknownFormat` for XML with a root Consign does not read, `.encodingMismatch`,
    ///   `.forbiddenConstruct` for a DOCTYPE, `.malformed`, `.limitExceeded`, `.unreadable`.
    public static func open(path: String, fileName: String,
                            options: ReaderOptions) throws(FormatError) -> (any OrderReader)? {
        let sample = try readSample(path: path, fileName: fileName)
        guard let prologue = XMLPrologue(sample: sample) else { return nil }
        if prologue.hasDoctype {
            throw FormatError(.forbiddenConstruct, file: fileName, "DOCTYPE is not accepted (entities and DTDs are "
                                + "never expanded; export the file without a document type declaration)")
        }
        let detected = try detectEncoding(sample, prologue: prologue, fileName: fileName, options: options)
        if detected.encoding != .utf8 { try XMLEncodingScan.refuseUTF8Lines(path: path, fileName: fileName) }

        let stream = try XMLStreamReader(path: path, fileName: fileName, encoding: detected.encoding, limits: options)
        guard try moveToRoot(stream) else {
            throw FormatError(.empty, file: fileName, "the XML file has no root element")
        }
        let format = try XMLRootFormat.format(of: stream)
        let dialect = FileDialect(format: format, encoding: detected.encoding, encodingEvidence: detected.evidence,
                                  lineEnding: prologue.lineEnding, hasByteOrderMark: prologue.hasByteOrderMark)
        return makeReader(format, stream: stream, dialect: dialect)
    }

    private static func makeReader(_ format: OrderFormat, stream: XMLStreamReader,
                                   dialect: FileDialect) -> any OrderReader {
        switch format {
        case .pohodaDataPack:
            XMLOrderReader(stream: stream, dialect: dialect, orderElement: "order", namespace: .pohoda("order"),
                           assembler: PohodaOrderAssembler())
        case .pohodaResponsePack:
            XMLOrderReader(stream: stream, dialect: dialect, orderElement: "order", namespace: .pohoda("list"),
                           assembler: PohodaOrderAssembler())
        case .moneyS3:
            XMLOrderReader(stream: stream, dialect: dialect, orderElement: "ObjPrij", namespace: .any,
                           assembler: MoneyOrderAssembler())
        case .shoptetXML:
            XMLOrderReader(stream: stream, dialect: dialect, orderElement: "ORDER", namespace: .any,
                           assembler: ShoptetOrderAssembler())
        default:
            XMLOrderReader(stream: stream, dialect: dialect, orderElement: "order", namespace: .any,
                           assembler: ConsignOrderAssembler())
        }
    }

    /// Reads up to `XMLPrologue.sampleSize` bytes from the start of the file.
    private static func readSample(path: String, fileName: String) throws(FormatError) -> [UInt8] {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(fileName, call: "open") }
        defer { close(descriptor) }
        var sample = [UInt8](repeating: 0, count: XMLPrologue.sampleSize)
        var filled = 0
        while filled < sample.count {
            let count = sample.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(filled))
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw unreadable(fileName, call: "pread") }
            if count == 0 { break }
            filled += count
        }
        sample.removeSubrange(filled...)
        return sample
    }

    private static func unreadable(_ fileName: String, call: String) -> FormatError {
        FormatError(.unreadable, file: fileName, "cannot read the file (\(call): \(String(cString: strerror(errno))))")
    }

    private static func detectEncoding(_ sample: [UInt8], prologue: XMLPrologue, fileName: String,
                                       options: ReaderOptions) throws(FormatError) -> DetectedEncoding {
        do {
            return try EncodingDetector.detect(sample: sample, declared: prologue.declaredEncoding,
                                               pinned: options.pinnedEncoding, fallback: .utf8)
        } catch {
            throw FormatError(.encodingMismatch, file: fileName, "\(error)")
        }
    }

    /// Reads until the root element; false when the document has none.
    private static func moveToRoot(_ stream: XMLStreamReader) throws(FormatError) -> Bool {
        while let kind = try stream.read() {
            if kind == XMLNodeKind.element { return true }
        }
        return false
    }
}
