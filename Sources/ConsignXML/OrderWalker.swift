import CLibXML2
import ConsignCore
import ConsignFormats

/// Finds each order element among a file's SAX events, walks its subtree against the format's
/// compiled paths and hands the values to the format's assembler. Finished orders wait in a
/// queue (those of one parsed block at most) until the reader takes them.
///
/// Generic over the assembler, so the per-element calls into it are direct.
final class OrderWalker<Assembler: OrderAssembler>: SAXListener {
    // The parser owns its listener, so it outlives the walker; unchecked, as it is read per event.
    private unowned(unsafe) let parser: SAXParser
    private let paths: ElementPaths
    private let maxFieldBytes: Int
    private var assembler: Assembler
    private let orderName: UnsafePointer<xmlChar>
    private let orderNameText: String
    private let orderNamespace: NamespaceRule
    // The order namespace is compiled under the empty prefix, which sorts first: rule 1.
    private let orderNamespaceIndex = 1
    /// Inside an order: the compiled path position of each open element (`ElementPaths.none`: not
    /// read); empty outside.
    private var stack: [Int32] = []
    private var text = TextBuffer()
    private var textLength = 0
    private var orderCount = 0
    /// Order elements met inside the current order (read as nothing; the order is refused).
    private var nestedOrders = 0
    private var elementPrefix = ElementPrefix()
    private var finished: [OrderRecord?] = []
    /// Each rule's path, for the issues that name it.
    private let rulePaths: [String]
    /// Per rule, the number of the order it last delivered a value in: a second value in the same
    /// order, outside a repeated group, is a repeated element.
    private var lastOrderOfRule: [Int]
    /// Per element position, the number of the order it was last open in: a container (an
    /// element holding read elements, not a group) opened twice in one order is repeated.
    private var lastOrderOfPosition: [Int]
    /// Open group elements (items, packages) of the current order.
    private var groupDepth = 0
    /// Inside a group, the stack index of a text field holding markup (`<NAME>Hrnek <b>modrý</b>
    /// </NAME>`): its descendants' text joins its own; -1 when none.
    private var markupHost = -1
    /// What the current order's structure hides (markup inside a field, a repeated element); added
    /// to its record when it ends, so that it is refused rather than read with part of a field.
    private var structureIssues: [FieldIssue] = []
    private var taken = 0

    /// Creates a walker for `parser`'s file: orders are the elements named `orderElement` in
    /// `namespace` at any depth below the root.
    init(parser: SAXParser, orderElement: String, namespace: NamespaceRule, assembler: Assembler) {
        self.parser = parser
        self.assembler = assembler
        self.paths = ElementPaths(Assembler.layout, namespaces: Assembler.namespaces.merging(["": namespace]) { $1 },
                                  intern: parser.intern)
        self.orderName = parser.intern(orderElement)!
        self.orderNameText = orderElement
        self.orderNamespace = namespace
        self.maxFieldBytes = parser.limits.maxFieldBytes
        self.rulePaths = Assembler.layout.map(\.path)
        self.lastOrderOfRule = Array(repeating: 0, count: Assembler.layout.count)
        self.lastOrderOfPosition = Array(repeating: 0, count: paths.positionCount)
    }

    /// The next finished order, in file order; nil when the queue is empty.
    override func takeFinished() -> OrderRecord? {
        guard taken < finished.count else { return nil }
        let record = finished[taken].take()
        taken += 1
        if taken == finished.count {
            finished.removeAll(keepingCapacity: true)
            taken = 0
        }
        return record
    }

    override func startElement(_ name: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                                attributes: SAXAttributes) {
        textLength = 0
        if stack.isEmpty {
            if name == orderName, isOrderNamespace(namespace) { beginOrder(attributes) }
            return
        }
        if name == orderName, isOrderNamespace(namespace) { nestedOrders += 1 }
        let parent = stack[stack.count - 1]
        var position = ElementPaths.none
        if parent != ElementPaths.none {
            let parentText = paths.position(parent).textRule
            if parentText >= 0, markupHost < 0 { markup(name, inside: parentText) }
            position = paths.match(parent, name: name, namespace: namespace)
        }
        if markupHost < 0 { text.clear() }
        if position != ElementPaths.none {
            let rules = paths.position(position)
            if rules.groupRule >= 0 {
                groupDepth += 1
                assembler.open(rule: Int(rules.groupRule))
            } else if rules.textRule < 0 {
                noteContainer(position, name)
            }
            readAttributes(of: position, attributes)
        }
        stack.append(position)
    }

    override func endElement() {
        textLength = 0
        guard !stack.isEmpty else { return }
        leaveElement()
        guard stack.isEmpty, let record = assembler.finish() else { return }
        // Appended first and changed in place: a record changed on its way in was copied whole.
        finished.append(record)
        if !structureIssues.isEmpty { finished[finished.count - 1]?.issues += structureIssues }
        if nestedOrders > 0 {
            finished[finished.count - 1]?.issues.append(FieldIssue(
                field: "order", message: "an <\(orderNameText)> element inside this order is not read; "
                    + "export each order on its own"))
        }
    }

    /// Text a format reads is kept (up to the field limit); other text is only counted against
    /// the limit, and whitespace there is not counted (an export's indentation between elements,
    /// however long, is no element's text).
    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let top = stack.last, markupHost >= 0 || (top != ElementPaths.none && paths.position(top).textRule >= 0)
        else {
            if XMLText.isBlank(bytes) { return }
            textLength += bytes.count
            if textLength > maxFieldBytes { textTooLong() }
            return
        }
        textLength += bytes.count
        if textLength > maxFieldBytes || text.count + bytes.count > maxFieldBytes { return textTooLong() }
        text.append(bytes)
    }

    private func isOrderNamespace(_ namespace: UnsafePointer<xmlChar>?) -> Bool {
        orderNamespace.uris.isEmpty || paths.namespace(namespace, matches: orderNamespaceIndex)
    }

    private func beginOrder(_ attributes: SAXAttributes) {
        orderCount += 1
        nestedOrders = 0
        groupDepth = 0
        markupHost = -1
        structureIssues.removeAll()
        // The parser's open elements end with this order's own.
        let element = elementPrefix.path(above: parser.openNames.dropLast(), to: orderNameText, number: orderCount)
        assembler.begin(at: SourceLocation(line: parser.line, element: element))
        stack.removeAll(keepingCapacity: true)
        stack.append(ElementPaths.root)
        readAttributes(of: ElementPaths.root, attributes)
    }

    private func leaveElement() {
        let index = stack.removeLast()
        if stack.count == markupHost { markupHost = -1 }
        guard index != ElementPaths.none else { return }
        let position = paths.position(index)
        if position.textRule >= 0 {
            let value = XMLText.trimmed(text.bytes)
            if !value.isEmpty {
                noteValue(of: position.textRule)
                assembler.receive(value, rule: Int(position.textRule))
            }
            text.clear()
        }
        if position.groupRule >= 0 {
            groupDepth -= 1
            assembler.close(rule: Int(position.groupRule))
        }
    }

    /// An element inside a field the format reads as text. Inside a group (an item's name) its
    /// text joins the field's (`Hrnek modrý`): items are many and mostly products nobody reads.
    /// At the order's level (`<street>Krátká<br/>5</street>`) the order is refused instead: the
    /// words would run together or part of a field would be lost.
    private func markup(_ name: UnsafePointer<xmlChar>, inside rule: Int32) {
        if groupDepth > 0 {
            markupHost = stack.count - 1
            return
        }
        let field = rulePaths[Int(rule)]
        addStructureIssue(field, "the element <\(String(cString: name))> inside <\(field)> is not read: a field "
            + "must be plain text, so part of it would be lost")
    }

    /// Notes that container `position` opened; a second time in this order outside a repeated
    /// group (two `<recipient>`s, two `<TOTAL_PRICE>`s) would merge their fields.
    private func noteContainer(_ position: Int32, _ name: UnsafePointer<xmlChar>) {
        if isRepeated(&lastOrderOfPosition[Int(position)]) { addRepeatIssue(String(cString: name)) }
    }

    /// Notes a value of rule `rule`; a second one in this order outside a repeated group means an
    /// element given twice (`<cod>100</cod><cod>5000</cod>`), and which one is meant cannot be told.
    private func noteValue(of rule: Int32) {
        if isRepeated(&lastOrderOfRule[Int(rule)]) { addRepeatIssue(rulePaths[Int(rule)]) }
    }

    /// True when something last seen in order `lastOrder` is seen again in this order outside a
    /// group; notes this order as the last one otherwise.
    private func isRepeated(_ lastOrder: inout Int) -> Bool {
        guard groupDepth == 0 else { return false }
        guard lastOrder == orderCount else {
            lastOrder = orderCount
            return false
        }
        return true
    }

    private func addRepeatIssue(_ field: String) {
        addStructureIssue(field, "<\(field)> is given more than once in this order; give it once")
    }

    /// Adds an issue for `field` to the current order's, unless it already has one.
    private func addStructureIssue(_ field: String, _ message: String) {
        guard !structureIssues.contains(where: { $0.field == field }) else { return }
        structureIssues.append(FieldIssue(field: field, message: message))
    }

    private func readAttributes(of position: Int32, _ attributes: SAXAttributes) {
        for attribute in paths.attributes(of: position) {
            guard let raw = attributes.raw(attribute.name) else { continue }
            if raw.count > maxFieldBytes, SAXAttributes.decodedCount(raw) > maxFieldBytes { return textTooLong() }
            if let value = SAXAttributes.text(raw) {
                noteValue(of: attribute.rule)
                assembler.receive(value, rule: Int(attribute.rule))
            }
        }
    }

    private func textTooLong() {
        parser.fail(FormatError(.limitExceeded, file: parser.fileName, location: SourceLocation(line: parser.line),
                                "an element's text or attribute is longer than \(maxFieldBytes) bytes"))
    }
}

/// The element path of an order (`ORDERS/ORDER[3]`). The part above the order is made once for
/// a run of orders under the same elements instead of once per order.
private struct ElementPrefix {
    private var names: [UnsafePointer<xmlChar>] = []
    private var prefix: [UInt8] = []

    mutating func path(above ancestors: ArraySlice<UnsafePointer<xmlChar>>, to name: String, number: Int) -> String {
        if !ancestors.elementsEqual(names) {
            names = Array(ancestors)
            prefix = Array(ancestors.map { String(cString: $0) + "/" }.joined().utf8)
        }
        let digits = String(number)
        let count = prefix.count + name.utf8.count + digits.utf8.count + 2
        return String(unsafeUninitializedCapacity: count) { target in
            var end = target.initialize(fromContentsOf: prefix)
            end += UnsafeMutableBufferPointer(rebasing: target[end...]).initialize(fromContentsOf: name.utf8)
            target[end] = UInt8(ascii: "[")
            end += 1
            end += UnsafeMutableBufferPointer(rebasing: target[end...]).initialize(fromContentsOf: digits.utf8)
            target[end] = UInt8(ascii: "]")
            return end + 1
        }
    }
}

/// The text of the element being read, in a buffer of its own that grows as needed and is
/// never shrunk: appended per SAX call, cleared per element.
private struct TextBuffer: ~Copyable {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256
    private(set) var count = 0

    deinit {
        storage.deallocate()
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    mutating func clear() {
        count = 0
    }

    mutating func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress else { return }
        if count + more.count > capacity {
            let grown = max(capacity * 2, count + more.count)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.initialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity = grown
        }
        (storage + count).initialize(from: source, count: more.count)
        count += more.count
    }
}
