import CLibXML2
import ConsignCore
import ConsignFormats
import Glibc

/// libxml2's reader node types that Consign acts on (`xmlReaderTypes`).
enum XMLNodeKind {
    static let element: Int32 = 1
    static let text: Int32 = 3
    static let cdata: Int32 = 4
    static let entityReference: Int32 = 5
    static let entity: Int32 = 6
    static let documentType: Int32 = 10
    static let significantWhitespace: Int32 = 14
    static let endElement: Int32 = 15
    static let endEntity: Int32 = 16
}

/// The owner of one libxml2 `xmlTextReader` over one file descriptor: streams nodes, never
/// builds a DOM, and turns libxml2's errors and hostile constructs into `FormatError`s.
///
/// Not thread-safe (libxml2 reader state); used by one order reader on one thread.
final class XMLStreamReader {
    /// The parser options: no network, no entity substitution, no DTD loading, no huge mode.
    static let parserOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
            | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOBLANKS.rawValue)

    let fileName: String
    let encoding: TextEncoding
    let limits: ReaderOptions
    private let handle: xmlTextReaderPtr
    private let descriptor: Int32
    private let input: BlockInput
    private let errors: ParserErrorSink
    private var silencedThread: pthread_t?

    /// Opens `path` (already checked by the prologue sniffer) decoding it as `encoding`
    /// (`xmlReaderForIO` over a `BlockInput`); the descriptor is closed in `deinit`.
    init(path: String, fileName: String, encoding: TextEncoding, limits: ReaderOptions) throws(FormatError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw FormatError(.unreadable, file: fileName, "cannot open the file: \(reason)")
        }
        consign_xml_silence_generic_errors()
        _ = CodePageHandlers.registered
        let input = BlockInput(descriptor: descriptor)
        let context = Unmanaged.passUnretained(input).toOpaque()
        let reader = xmlReaderForIO(
            { context, target, count in
                Unmanaged<BlockInput>.fromOpaque(context!).takeUnretainedValue().read(into: target, count: count)
            }, nil, context, nil, Self.libxmlName(of: encoding), Self.parserOptions)
        guard let handle = reader else {
            close(descriptor)
            throw FormatError(.unreadable, file: fileName, "libxml2 could not open a reader for the file")
        }
        self.fileName = fileName
        self.encoding = encoding
        self.limits = limits
        self.handle = handle
        self.descriptor = descriptor
        self.input = input
        self.errors = ParserErrorSink()
        let sink = Unmanaged.passUnretained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(handle, { context, error in
            guard let context, let error else { return }
            Unmanaged<ParserErrorSink>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }, sink)
    }

    deinit {
        xmlFreeTextReader(handle)
        close(descriptor)
    }

    /// Advances to the next node (`xmlTextReaderRead`); nil at the end of the document.
    /// Throws on malformed input, DOCTYPE or entities, and nesting deeper than the limit.
    func read() throws(FormatError) -> Int32? {
        silenceGenericErrorsOnThisThread()
        let status = xmlTextReaderRead(handle)
        if let failure = errors.first { throw failure.formatError(file: fileName) }
        if status == 0 { return nil }
        guard status == 1 else { throw unexplainedFailure() }

        let kind = xmlTextReaderNodeType(handle)
        switch kind {
        case XMLNodeKind.element:
            if xmlTextReaderDepth(handle) >= Int32(clamping: limits.maxDepth) {
                throw FormatError(.limitExceeded, file: fileName, location: SourceLocation(line: line),
                                  "elements are nested deeper than \(limits.maxDepth) levels")
            }
        case XMLNodeKind.documentType, XMLNodeKind.entityReference, XMLNodeKind.entity, XMLNodeKind.endEntity:
            throw FormatError(.forbiddenConstruct, file: fileName, location: SourceLocation(line: line),
                              "DOCTYPE is not accepted (entities and DTDs are never expanded)")
        default:
            break
        }
        return kind
    }

    /// The interned local name of the current node (`xmlTextReaderConstLocalName`).
    var localName: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(handle) }

    /// The namespace URI of the current node, interned in the reader's dictionary so the
    /// pointer stays valid and unique for the reader's life (`xmlTextReaderConstNamespaceUri`).
    var namespaceURI: UnsafePointer<xmlChar>? { xmlTextReaderConstNamespaceUri(handle) }

    /// True for `<element/>`, which gets no end-element node (`xmlTextReaderIsEmptyElement`).
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(handle) == 1 }

    /// The current node's value (text content) without copying (`xmlTextReaderConstValue`).
    var value: UnsafePointer<xmlChar>? { xmlTextReaderConstValue(handle) }

    /// The depth of the current node; the root element is 0 (`xmlTextReaderDepth`).
    var depth: Int { Int(xmlTextReaderDepth(handle)) }

    /// The line of the current node in the file (`xmlGetLineNo`), else the parser's line.
    var line: Int {
        if let node = xmlTextReaderCurrentNode(handle) {
            let line = xmlGetLineNo(node)
            if line > 0 { return Int(line) }
        }
        return Int(xmlTextReaderGetParserLineNumber(handle))
    }

    /// Interns `name` in the reader's dictionary, so it compares by pointer with node names
    /// (`xmlTextReaderConstString`).
    func intern(_ name: String) -> UnsafePointer<xmlChar>? {
        name.withCString { text in
            text.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) {
                xmlTextReaderConstString(handle, $0)
            }
        }
    }

    /// The value of attribute `name` of the current element without surrounding whitespace
    /// (`xmlTextReaderGetAttribute`); nil when absent or blank.
    func attribute(_ name: UnsafePointer<xmlChar>) -> String? {
        guard let copy = xmlTextReaderGetAttribute(handle, name) else { return nil }
        defer { consign_xml_free(copy) }
        let bytes = UnsafeBufferPointer(start: copy, count: Int(xmlStrlen(copy)))
        let value = XMLText.trimmed(bytes)
        return value.isEmpty ? nil : value
    }

    /// libxml2 reports iconv failures on its global channel, not the reader's: when it stops
    /// without a message, look for a byte the code page does not define before calling it malformed.
    private func unexplainedFailure() -> FormatError {
        let location = SourceLocation(line: line)
        if let page = encoding.codePage, let (offset, byte) = firstUndefinedByte(in: page) {
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            return FormatError(.encodingMismatch, file: fileName, location: location,
                               "byte \(hex) at offset \(offset) is not defined in the declared encoding "
                                + encoding.rawValue)
        }
        return FormatError(.malformed, file: fileName, location: location,
                           "the XML is malformed (libxml2 stopped without a message)")
    }

    private func firstUndefinedByte(in page: SingleByteCodePage) -> (offset: Int, byte: UInt8)? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { return nil }
            if let index = buffer[..<count].firstIndex(where: { !page.defines($0) }) {
                return (offset + index, buffer[index])
            }
            offset += count
        }
    }

    /// libxml2's generic error channel is per thread, and the file may be read on another
    /// thread than the one that opened it (`OrderPipeline`): silenced once per thread.
    private func silenceGenericErrorsOnThisThread() {
        let current = pthread_self()
        guard silencedThread.map({ pthread_equal($0, current) == 0 }) ?? true else { return }
        consign_xml_silence_generic_errors()
        silencedThread = current
    }

    private static func libxmlName(of encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8: "UTF-8"
        case .windows1250: "WINDOWS-1250"
        case .iso8859_2: "ISO-8859-2"
        case .cp852: "CP852"
        }
    }
}

/// The file as libxml2's reader reads it. It asks for 4,000 bytes at a time, and a `read` system
/// call per 4,000 bytes cost more than copying them: this reads 256 KiB at a time and hands them
/// out. Owned by its `XMLStreamReader`, which outlives the libxml2 reader that calls it.
final class BlockInput {
    private let descriptor: Int32
    private let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
    private var start = 0
    private var end = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        block.deallocate()
    }

    /// Copies up to `count` bytes to `target`: their number, 0 at the end of the file, -1 on an error.
    func read(into target: UnsafeMutablePointer<CChar>?, count: Int32) -> Int32 {
        guard let target, count > 0 else { return 0 }
        if start == end {
            var filled: Int
            repeat {
                filled = Glibc.read(descriptor, block.baseAddress, block.count)
            } while filled < 0 && errno == EINTR
            guard filled > 0 else { return filled < 0 ? -1 : 0 }
            start = 0
            end = filled
        }
        let copied = min(Int(count), end - start)
        UnsafeMutableRawPointer(target).copyMemory(from: block.baseAddress! + start, byteCount: copied)
        start += copied
        return Int32(copied)
    }
}
