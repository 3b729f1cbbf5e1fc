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
        if let page = detected.encoding.codePage {
            try XMLEncodingScan.check(path: path, fileName: fileName, page: page)
        }

        let parser = try SAXParser(path: path, fileName: fileName, encoding: detected.encoding, limits: options,
                                   listener: SAXListener())
        let (format, nextFinished) = try parseToRoot(parser)
        let dialect = FileDialect(format: format, encoding: detected.encoding,
                                  encodingEvidence: detected.evidence, lineEnding: prologue.lineEnding,
                                  hasByteOrderMark: prologue.hasByteOrderMark)
        return XMLOrderReader(parser: parser, dialect: dialect, nextFinished: nextFinished)
    }

    /// Parses until the root element starts and hands the parse to the walker of the root's format:
    /// that format, and the function that takes the walker's finished orders.
    private static func parseToRoot(
        _ parser: SAXParser
    ) throws(FormatError) -> (OrderFormat, () -> OrderRecord?) {
        var source: (() -> OrderRecord?)?
        // Unowned: the parser owns the probe until the walker replaces it.
        let probe = RootProbe(parser: parser) { [unowned parser] format in
            let (walker, next) = makeWalker(format, parser: parser)
            source = next
            return walker
        }
        parser.listener = probe
        while true {
            if let format = probe.format, let source { return (format, source) }
            if let failure = parser.failure { throw failure }
            if parser.isFinished {
                throw FormatError(.empty, file: parser.fileName, "the XML file has no root element")
            }
            parser.parseMore()
        }
    }

    /// The walker for `format`'s orders and the function that takes its finished orders.
    private static func makeWalker(_ format: OrderFormat,
                                   parser: SAXParser) -> (SAXListener, () -> OrderRecord?) {
        switch format {
        case .pohodaDataPack:
            walker(parser, "order", .pohoda("order"), PohodaOrderAssembler())
        case .pohodaResponsePack:
            walker(parser, "order", .pohoda("list"), PohodaOrderAssembler())
        case .moneyS3:
            walker(parser, "ObjPrij", .any, MoneyOrderAssembler())
        case .shoptetXML:
            walker(parser, "ORDER", .any, ShoptetOrderAssembler())
        default:
            walker(parser, "order", .any, ConsignOrderAssembler())
        }
    }

    private static func walker<Assembler: OrderAssembler>(
        _ parser: SAXParser, _ orderElement: String, _ namespace: NamespaceRule, _ assembler: Assembler
    ) -> (SAXListener, () -> OrderRecord?) {
        let walker = OrderWalker(parser: parser, orderElement: orderElement, namespace: namespace, assembler: assembler)
        return (walker, { [unowned walker] in walker.takeOrder() })
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
}
