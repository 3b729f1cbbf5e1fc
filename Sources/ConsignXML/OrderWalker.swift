import CLibXML2
import ConsignCore
import ConsignFormats

/// The walk over one file's nodes, kept in a struct so that the per-node work mutates local
/// state (no dynamic exclusivity checks on class properties): finds each order element, walks its
/// subtree against the format's compiled paths and hands the values to the format's assembler.
struct OrderWalker {
    private let stream: XMLStreamReader
    private let paths: ElementPaths
    private var assembler: any OrderAssembler
    private let orderName: UnsafePointer<xmlChar>
    private let orderNamespace: NamespaceRule
    // The order namespace is compiled under the empty prefix, which sorts first: rule 1.
    private let orderNamespaceIndex = 1
    private var ancestors: [UnsafePointer<xmlChar>] = []
    private var stack: [PathNode?] = []
    private var text: [UInt8] = []
    private var orderCount = 0
    private var pendingElement = false

    /// Creates a reader over `stream`, which stands on the root element; orders are the
    /// elements named `orderElement` in `namespace` at any depth below it.
    init(stream: XMLStreamReader, orderElement: String, namespace: NamespaceRule,
         assembler: any OrderAssembler) {
        self.stream = stream
        self.assembler = assembler
        let kind = type(of: assembler)
        self.paths = ElementPaths(kind.layout, namespaces: kind.namespaces.merging(["": namespace]) { $1 },
                                  stream: stream)
        self.orderName = stream.intern(orderElement)!
        self.orderNamespace = namespace
        self.pendingElement = true
        text.reserveCapacity(256)
    }

    mutating func next() throws(FormatError) -> OrderRecord? {
        while true {
            guard try findOrderStart() else { return nil }
            try readOrderBody()
            if let record = assembler.finish() { return record }
        }
    }

    /// Advances to the next order element's start and begins a record; false at the end.
    private mutating func findOrderStart() throws(FormatError) -> Bool {
        while true {
            if !pendingElement {
                guard let kind = try stream.read() else { return false }
                if kind == XMLNodeKind.endElement { _ = ancestors.popLast() }
                if kind == XMLNodeKind.text || kind == XMLNodeKind.cdata { try checkTextLength() }
                guard kind == XMLNodeKind.element else { continue }
            }
            pendingElement = false
            let depth = stream.depth
            if ancestors.count > depth { ancestors.removeLast(ancestors.count - depth) }
            if isOrderElement() {
                beginOrder()
                return true
            }
            if !stream.isEmptyElement, let name = stream.localName { ancestors.append(name) }
        }
    }

    private func isOrderElement() -> Bool {
        guard stream.localName == orderName else { return false }
        return orderNamespace.uris.isEmpty || paths.namespace(stream.namespaceURI, matches: orderNamespaceIndex)
    }

    private mutating func beginOrder() {
        orderCount += 1
        var names = ancestors.map { String(cString: $0) }
        names.append("\(String(cString: orderName))[\(orderCount)]")
        assembler.begin(at: SourceLocation(line: stream.line, element: names.joined(separator: "/")))
        stack.removeAll(keepingCapacity: true)
        stack.append(paths.root)
        readAttributes(of: paths.root)
    }

    /// Reads nodes until the order element ends, delivering values and group events.
    private mutating func readOrderBody() throws(FormatError) {
        if stream.isEmptyElement { return }
        while let kind = try stream.read() {
            switch kind {
            case XMLNodeKind.element:
                enterElement()
            case XMLNodeKind.text, XMLNodeKind.cdata, XMLNodeKind.significantWhitespace:
                try collectText()
            case XMLNodeKind.endElement:
                leaveElement()
                if stack.isEmpty { return }
            default:
                continue
            }
        }
        throw FormatError(.malformed, file: stream.fileName, location: SourceLocation(line: stream.line),
                          "the file ends inside an order")
    }

    private mutating func enterElement() {
        let node = stack.last.flatMap { $0 }.flatMap { paths.match($0, stream: stream) }
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        if let node {
            if let group = node.groupRule { assembler.open(rule: group) }
            readAttributes(of: node)
        }
        stack.append(node)
        if stream.isEmptyElement { leaveElement() }
    }

    private mutating func leaveElement() {
        guard let node = stack.removeLast() else { return }
        if let rule = node.textRule {
            let value = text.withUnsafeBufferPointer { XMLText.trimmed($0) }
            if !value.isEmpty { assembler.receive(value, rule: rule) }
            if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        }
        if let group = node.groupRule { assembler.close(rule: group) }
    }

    private mutating func readAttributes(of node: PathNode) {
        for (name, rule) in node.attributes {
            if let value = stream.attribute(name) { assembler.receive(value, rule: rule) }
        }
    }

    /// Appends the current text node to the buffer when the enclosing element is read.
    private mutating func collectText() throws(FormatError) {
        let length = try checkTextLength()
        guard let node = stack.last, node?.textRule != nil, let value = stream.value else { return }
        if text.count + length > stream.limits.maxFieldBytes { throw textTooLong() }
        text.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
    }

    @discardableResult
    private func checkTextLength() throws(FormatError) -> Int {
        guard let value = stream.value else { return 0 }
        let length = Int(xmlStrlen(value))
        if length > stream.limits.maxFieldBytes { throw textTooLong() }
        return length
    }

    private func textTooLong() -> FormatError {
        FormatError(.limitExceeded, file: stream.fileName, location: SourceLocation(line: stream.line),
                    "an element's text is longer than \(stream.limits.maxFieldBytes) bytes")
    }
}
