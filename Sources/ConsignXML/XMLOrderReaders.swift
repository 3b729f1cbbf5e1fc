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
        let format = try parseToRoot(parser)
        let dialect = FileDialect(format: format, encoding: detected.encoding,
                                  encodingEvidence: detected.evidence, lineEnding: prologue.lineEnding,
                                  hasByteOrderMark: prologue.hasByteOrderMark)
        return XMLOrderReader(parser: parser, dialect: dialect)
    }

    /// Parses until the root element starts and hands the parse to the walker of the root's
    /// format; returns that format.
    private static func parseToRoot(_ parser: SAXParser) throws(FormatError) -> OrderFormat {
        // Unowned: the parser owns the probe until the walker replaces it.
        let probe = RootProbe(parser: parser) { [unowned parser] format, root in
            makeWalker(format, root: root, parser: parser)
        }
        parser.listener = probe
        while true {
            if let format = probe.format { return format }
            if let failure = parser.failure { throw failure }
            if parser.isFinished {
                throw FormatError(.empty, file: parser.fileName, "the XML file has no root element")
            }
            parser.parseMore()
        }
    }

    /// The walker for `format`'s orders. A POHODA file in the Slovak schema (stormware.sk) keeps
    /// its books in euros: amounts without a foreign currency are EUR there, CZK in the Czech one.
    private static func makeWalker(_ format: OrderFormat, root: XMLRoot, parser: SAXParser) -> SAXListener {
        let pohodaCurrency = root.namespace?.hasPrefix("http://www.stormware.sk/") == true ? "EUR" : "CZK"
        switch format {
        case .pohodaDataPack:
            return OrderWalker(parser: parser, orderElement: "order", namespace: .pohoda("order"),
                               assembler: PohodaOrderAssembler(homeCurrency: pohodaCurrency))
        case .pohodaResponsePack:
            return OrderWalker(parser: parser, orderElement: "order", namespace: .pohoda("list"),
                               assembler: PohodaOrderAssembler(homeCurrency: pohodaCurrency))
        case .moneyS3:
            return OrderWalker(parser: parser, orderElement: "ObjPrij", namespace: .any,
                               assembler: MoneyOrderAssembler())
        case .shoptetXML:
            return OrderWalker(parser: parser, orderElement: "ORDER", namespace: .any,
                               assembler: ShoptetOrderAssembler())
        default:
            return OrderWalker(parser: parser, orderElement: "order", namespace: .any,
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
            throw error.formatError(file: fileName, sample: sample)
        }
    }
}
