import CLibXML2
import ConsignCore
import ConsignFormats
import Glibc

/// libxml2 error codes Consign tells apart (`xmlParserErrors`).
private enum LibXMLCode {
    static let documentEmpty = Int32(XML_ERR_DOCUMENT_EMPTY.rawValue)
    static let documentEnd = Int32(XML_ERR_DOCUMENT_END.rawValue)
}

/// Hears one parse's SAX events. Subclassed by the reader's walkers; the calls come from
/// libxml2's callbacks during `SAXParser.parseMore()`, on the thread that called it.
class SAXListener {
    /// An element starts: its interned local name, its namespace URI, its attributes.
    func startElement(_ name: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                      attributes: SAXAttributes) {}
    /// The innermost open element ends.
    func endElement() {}
    /// Text (or CDATA) inside the innermost open element; one text may come in several calls.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    /// The next record the listener finished, in file order; nil when none is waiting (or the
    /// listener makes none).
    func takeFinished() -> OrderRecord? { nil }
}

/// The attributes of one start tag as libxml2's SAX2 hands them over: five pointers per
/// attribute (local name, prefix, URI, value start, value end). Valid during the callback only.
struct SAXAttributes {
    let entries: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of attribute `name` (interned, without a namespace) without surrounding
    /// whitespace; nil when absent or blank.
    func value(of name: UnsafePointer<xmlChar>) -> String? {
        raw(name).flatMap(Self.text)
    }

    /// The value of attribute `name` (interned, without a namespace) as libxml2 gives it.
    func raw(_ name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8>? {
        guard let entries else { return nil }
        for index in 0..<count {
            let entry = entries + 5 * index
            guard entry[0] == name, entry[1] == nil, let start = entry[3], let end = entry[4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// The length of a raw value once its ampersands are back (each `&#38;` is one byte).
    static func decodedCount(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
        raw.count - 4 * raw.reduce(0) { $0 + ($1 == ampersand ? 1 : 0) }
    }

    /// A raw value without surrounding whitespace; nil when blank.
    static func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        let value = raw.contains(ampersand) ? trimmedRestoringAmpersands(raw) : XMLText.trimmed(raw)
        return value.isEmpty ? nil : value
    }

    private static let ampersand = UInt8(ascii: "&")

    /// The trimmed value with its ampersands back. libxml2 leaves every `&` of an attribute value
    /// (from `&amp;`, `&#38;` or `&#x26;`) as `&#38;`, for a tree builder to parse again; no other
    /// entity can be declared here, the DTD being refused, so each `&` starts one such five-byte run.
    static func trimmedRestoringAmpersands(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var restored: [UInt8] = []
        restored.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            restored.append(bytes[index])
            index += bytes[index] == ampersand ? 5 : 1
        }
        return restored.withUnsafeBufferPointer { XMLText.trimmed($0) }
    }
}

/// The owner of one libxml2 push parser (SAX2) over one file descriptor: feeds the file to it a
/// block at a time, hands its events to `listener`, and turns libxml2's errors and hostile
/// constructs into one `FormatError`. Never builds a tree.
///
/// After the first failure the listener hears nothing more, and no more of the file is parsed:
/// whatever the listener finished before it stays valid (the orders before a broken element).
/// Not thread-safe; used by one order reader on one thread at a time.
final class SAXParser {
    /// The parser options: no network, no entity substitution, no DTD loading, no huge mode.
    static let parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
        | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOBLANKS.rawValue)
    /// Bytes fed to the parser per call: the orders finished in one block wait in the reader's
    /// queue, so the block bounds that queue.
    static let blockSize = 64 << 10

    let fileName: String
    let encoding: TextEncoding
    let limits: ReaderOptions
    /// Who hears the events; replaced once by the root probe with the format's walker (from
    /// inside the probe's own event). A listener replaced is kept until the parser goes, so
    /// that `heard` may call it without a retain: a retain and a release of the listener at
    /// every event were a fifth (Consign XML) to a third (POHODA) of a file's reference counting.
    var listener: SAXListener {
        didSet {
            replaced.append(oldValue)
            heard = Unmanaged.passUnretained(listener)
        }
    }
    private var heard: Unmanaged<SAXListener>
    private var replaced: [SAXListener] = []
    /// The first failure: the listener's, libxml2's, or a read error. Set, the parse is over.
    private(set) var failure: FormatError?
    /// True once the end of the file was parsed (or the parse failed).
    private(set) var isFinished = false
    /// The local names of the open elements, the root first (at an element's start, its own last).
    private(set) var openNames: [UnsafePointer<xmlChar>] = []
    private let context: xmlParserCtxtPtr
    private let descriptor: Int32
    private let block = UnsafeMutableRawBufferPointer.allocate(byteCount: SAXParser.blockSize, alignment: 16)
    private let errors = ParserErrorSink()
    /// True once events are ignored: after a failure, or an error libxml2 reported and recovered
    /// from (the parse goes on to the end of the block, unheard). A flag: tested at every event.
    private var isStopped = false
    private var sawElement = false
    /// True during the call that tells libxml2 the file has ended: it then parses what it held
    /// back because it never ended, so a start tag heard in that call was cut.
    private var isFinalCall = false
    private var isFirstBlock = true
    private var cutStartTag: String?
    private var silencedThread: pthread_t?

    /// Opens `path` for parsing as `encoding`; the descriptor is closed in `deinit`.
    init(path: String, fileName: String, encoding: TextEncoding, limits: ReaderOptions,
         listener: SAXListener) throws(FormatError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FormatError(.unreadable, file: fileName, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        consign_xml_silence_generic_errors()
        _ = CodePageHandlers.registered
        var handler = Self.handler()
        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil) else {
            close(descriptor)
            throw FormatError(.unreadable, file: fileName, "libxml2 could not create a parser for the file")
        }
        // As libxml2's own reader sets up a file of a known encoding: the encoding given wins
        // over the declaration (the sniffer already checked they agree).
        xmlCtxtResetPush(context, nil, 0, nil, Self.libxmlName(of: encoding))
        xmlCtxtUseOptions(context, Self.parserOptions)
        self.fileName = fileName
        self.encoding = encoding
        self.limits = limits
        self.listener = listener
        heard = Unmanaged.passUnretained(listener)
        self.context = context
        self.descriptor = descriptor
        context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        xmlFreeParserCtxt(context)
        close(descriptor)
        block.deallocate()
    }

    /// Parses the next block of the file (the end of the document at the end of the file).
    /// Failures are kept in `failure`, not thrown, so that what was finished before them is read first.
    func parseMore() {
        guard !isFinished else { return }
        silenceGenericErrorsOnThisThread()
        var count: Int
        repeat {
            count = read(descriptor, block.baseAddress, block.count)
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            fail(FormatError(.unreadable, file: fileName, "cannot read the file: \(String(cString: strerror(errno)))"))
            return
        }
        isFinalCall = count == 0
        let skipped = skippedByteOrderMark(count)
        let start = block.baseAddress?.advanced(by: skipped).assumingMemoryBound(to: CChar.self)
        let status = xmlParseChunk(context, start, Int32(count - skipped), isFinalCall ? 1 : 0)
        if isFinalCall { isFinished = true }
        if failure == nil, let error = errors.first { failure = libxmlFailure(error) }
        if failure == nil, status != 0 { failure = unexplainedFailure() }
        if failure != nil { isFinished = true }
    }

    /// The length of a UTF-8 byte-order mark at the start of the file, when this is the first
    /// block (0 otherwise). libxml2 skips one only if it has the file's first bytes when the
    /// encoding is set, and the encoding is set before any (the sniffer already decided it; a
    /// mark with another encoding is refused there).
    private func skippedByteOrderMark(_ count: Int) -> Int {
        defer { isFirstBlock = false }
        guard isFirstBlock, encoding == .utf8, count >= 3, let bytes = block.baseAddress else { return 0 }
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        return (0..<3).allSatisfy { bytes.load(fromByteOffset: $0, as: UInt8.self) == mark[$0] } ? 3 : 0
    }

    /// Stops the parse with `error` (the first failure wins); the listener hears nothing more.
    func fail(_ error: FormatError) {
        if failure == nil { failure = error }
        isFinished = true
        isStopped = true
    }

    /// The line the parser stands on (1-based).
    var line: Int { Int(xmlSAX2GetLineNumber(context)) }

    /// Interns `name` in the parser's dictionary, so it compares by pointer with the names of
    /// elements and attributes.
    func intern(_ name: String) -> UnsafePointer<xmlChar>? {
        name.withCString { text in
            text.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) {
                xmlDictLookup(context.pointee.dict, $0, -1)
            }
        }
    }

    // MARK: - Events

    fileprivate func start(_ name: UnsafePointer<xmlChar>, _ namespace: UnsafePointer<xmlChar>?,
                           _ attributes: SAXAttributes) {
        guard !isStopped else { return }
        if isFinalCall {
            // A whole start tag is parsed before the end of the file is told; this one never ended.
            cutStartTag = String(cString: name)
            isStopped = true
            return
        }
        sawElement = true
        if openNames.count >= limits.maxDepth {
            fail(FormatError(.limitExceeded, file: fileName, location: SourceLocation(line: line),
                             "elements are nested deeper than \(limits.maxDepth) levels"))
            return
        }
        openNames.append(name)
        heard._withUnsafeGuaranteedRef { $0.startElement(name, namespace: namespace, attributes: attributes) }
    }

    fileprivate func end() {
        guard !isStopped, !openNames.isEmpty else { return }
        openNames.removeLast()
        heard._withUnsafeGuaranteedRef { $0.endElement() }
    }

    fileprivate func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !isStopped else { return }
        heard._withUnsafeGuaranteedRef { $0.characters(bytes) }
    }

    fileprivate func documentType() {
        guard !isStopped else { return }
        fail(FormatError(.forbiddenConstruct, file: fileName, location: SourceLocation(line: line),
                         "DOCTYPE is not accepted (entities and DTDs are never expanded)"))
    }

    fileprivate func record(_ error: xmlError) {
        errors.record(error)
        if errors.first != nil { isStopped = true }
    }

    // MARK: - Failures

    /// libxml2's error, said plainly where its own words mislead. A file without any start tag
    /// has no root ("Document is empty", says libxml2, or "Extra content at the end of the
    /// document"). An error of the last call (the end of the file told) that stands on the
    /// file's last line is about its end: the file was cut short inside a tag or an element
    /// ("Extra content…" again, or "expected '>'"). An error further up is libxml2's own: the
    /// parse only got there at the end (a bare `&` waits for its `;` to the end of the file).
    private func libxmlFailure(_ error: ParserErrorSink.Failure) -> FormatError {
        let nothingStarted = !sawElement && cutStartTag == nil
        if nothingStarted, error.code == LibXMLCode.documentEmpty || error.code == LibXMLCode.documentEnd,
           !fileHasStartTag() {
            return FormatError(.empty, file: fileName, "the XML file has no root element")
        }
        guard isFinished, error.line >= lastLine() else { return error.formatError(file: fileName) }
        let place = cutStartTag.map { "the start tag of <\($0)>" }
            ?? openNames.last.map { "element <\(String(cString: $0))>" } ?? "a tag"
        return FormatError(.malformed, file: fileName, location: SourceLocation(line: error.line),
                           "the file ends inside \(place): it was cut short or not written to the end "
                            + "(libxml2: \(error.message))")
    }

    /// True when a `<` followed by a letter, `_` or `:` (the start of an element, not of a
    /// declaration, comment or instruction) is anywhere in the file: for an error only.
    private func fileHasStartTag() -> Bool {
        var found = false
        var previous: UInt8 = 0
        readAgain { bytes in
            for byte in bytes {
                if previous == UInt8(ascii: "<"), Self.startsName(byte) {
                    found = true
                    return false
                }
                previous = byte
            }
            return true
        }
        return found
    }

    private static func startsName(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// Reads the whole file again from its start, a block at a time, until `body` returns false.
    private func readAgain(_ body: (ArraySlice<UInt8>) -> Bool) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0, body(buffer[..<count]) else { return }
            offset += count
        }
    }

    /// The line of the file's last byte that is not whitespace (a file cut after a line feed
    /// still ends on the line of its last text), read again: for an error only.
    private func lastLine() -> Int {
        var line = 1
        var lastText = 1
        readAgain { bytes in
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                } else if !XMLText.isSpace(byte) {
                    lastText = line
                }
            }
            return true
        }
        return lastText
    }

    /// libxml2 stopped without a message (it reports a failed decoding on its global channel,
    /// not the parser's). A byte the code page leaves undefined, the usual cause, was refused
    /// before parsing (`XMLEncodingScan`), so what is left is said as it is.
    private func unexplainedFailure() -> FormatError {
        FormatError(.malformed, file: fileName, location: SourceLocation(line: line),
                    "the XML is malformed (libxml2 stopped without a message)")
    }

    /// libxml2's generic error channel is per thread, and the file may be parsed on another
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

    /// The SAX2 callbacks: elements, text and CDATA (delivered as text, `XML_PARSE_NOCDATA`), the
    /// start of a DOCTYPE (refused), and structured errors. Nothing else is heard, so no tree,
    /// entity table or DTD is ever built.
    private static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, name, _, namespace, _, _, attributeCount, _, attributes in
            guard let context, let name else { return }
            let attributes = SAXAttributes(entries: attributes, count: Int(attributeCount))
            withParser(context) { $0.start(name, namespace, attributes) }
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            withParser(context) { $0.end() }
        }
        handler.characters = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            withParser(context) { $0.text(UnsafeBufferPointer(start: bytes, count: Int(count))) }
        }
        handler.internalSubset = { context, _, _, _ in
            guard let context else { return }
            withParser(context) { $0.documentType() }
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            withParser(context) { $0.record(error.pointee) }
        }
        return handler
    }
}

/// Calls `body` with the parser a callback's context points to (`userData`, set by `SAXParser.init`).
/// The parser outlives its parse, so no retain and release per event (a tenth of a callback's cost).
private func withParser(_ context: UnsafeMutableRawPointer, _ body: (SAXParser) -> Void) {
    Unmanaged<SAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
}
