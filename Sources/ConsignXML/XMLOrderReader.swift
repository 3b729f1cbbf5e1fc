import CLibXML2
import ConsignCore
import ConsignFormats

/// A streaming `OrderReader` over one XML file in one of Consign's XML formats.
final class XMLOrderReader: OrderReader {
    let dialect: FileDialect
    private var walker: OrderWalker?

    /// Creates a reader over `stream`, which stands on the root element; orders are the
    /// elements named `orderElement` in `namespace` at any depth below it.
    init(stream: XMLStreamReader, dialect: FileDialect, orderElement: String, namespace: NamespaceRule,
         assembler: any OrderAssembler) {
        self.dialect = dialect
        walker = OrderWalker(stream: stream, orderElement: orderElement, namespace: namespace, assembler: assembler)
    }

    func next() throws(FormatError) -> OrderRecord? {
        guard var walker = walker.take() else { return nil }
        defer { self.walker = walker }
        return try walker.next()
    }
}
