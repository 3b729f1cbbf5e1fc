import CLibXML2
import ConsignCore
import ConsignFormats

/// The root element of an XML file, as far as the format is decided by it.
struct XMLRoot {
    /// Local name.
    var name: String
    /// Namespace URI, if any.
    var namespace: String?
    /// The `version` attribute (read by Consign XML).
    var version: String?
    /// Line of the root's start tag.
    var line: Int
}

/// Decides the format from the root element: local name plus namespace URI, never a prefix.
enum XMLRootFormat {
    /// The format of a file with `root`; `.unknownFormat` lists what Consign reads.
    static func format(of root: XMLRoot, fileName: String) throws(FormatError) -> OrderFormat {
        switch (root.name, root.namespace) {
        case ("consign-orders", nil):
            try checkVersion(root, fileName: fileName)
            return .consignXML
        case ("ORDERS", nil):
            return .shoptetXML
        case ("MoneyData", nil):
            return .moneyS3
        case ("dataPack", let uri?) where NamespaceRule.pohoda("data").uris.contains(uri):
            return .pohodaDataPack
        case ("responsePack", let uri?) where NamespaceRule.pohoda("response").uris.contains(uri):
            return .pohodaResponsePack
        default:
            let known = OrderFormat.allCases.map(\.displayName).joined(separator: ", ")
            let shown = root.namespace.map { "{\($0)}\(root.name)" } ?? root.name
            throw FormatError(.unknownFormat, file: fileName, location: SourceLocation(line: root.line),
                              "the root element <\(shown)> is not one Consign reads; Consign reads: \(known)")
        }
    }

    private static func checkVersion(_ root: XMLRoot, fileName: String) throws(FormatError) {
        guard let version = root.version, version != "1" else { return }
        throw FormatError(.unknownFormat, file: fileName, location: SourceLocation(line: root.line),
                          "Consign XML version \(version) is not supported (this Consign reads version 1)")
    }
}

/// Hears a file's events until the root element starts, decides the format from it, and hands
/// the parse (the root's own start included) to the walker `makeWalker` gives for that format.
final class RootProbe: SAXListener {
    private unowned(unsafe) let parser: SAXParser
    private let makeWalker: (OrderFormat, XMLRoot) -> SAXListener
    private let version: UnsafePointer<xmlChar>?
    /// The format, once the root has started.
    private(set) var format: OrderFormat?

    init(parser: SAXParser, makeWalker: @escaping (OrderFormat, XMLRoot) -> SAXListener) {
        self.parser = parser
        self.makeWalker = makeWalker
        self.version = parser.intern("version")
    }

    override func startElement(_ name: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                                attributes: SAXAttributes) {
        let root = XMLRoot(name: String(cString: name), namespace: namespace.map { String(cString: $0) },
                           version: version.flatMap { attributes.value(of: $0) }, line: parser.line)
        do {
            let format = try XMLRootFormat.format(of: root, fileName: parser.fileName)
            self.format = format
            let walker = makeWalker(format, root)
            parser.listener = walker
            walker.startElement(name, namespace: namespace, attributes: attributes)
        } catch {
            parser.fail(error)
        }
    }
}
