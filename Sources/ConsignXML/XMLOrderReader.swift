import CLibXML2
import ConsignCore
import ConsignFormats

/// A streaming `OrderReader` over one XML file in one of Consign's XML formats: parses the file a
/// block at a time and hands out the orders its walker finished, in file order.
///
/// A failure is thrown once every order finished before it has been read, so the orders before
/// a broken element are read, and none after it.
final class XMLOrderReader: OrderReader {
    let dialect: FileDialect
    private let parser: SAXParser

    /// Creates a reader over `parser`, whose listener is already the format's walker.
    init(parser: SAXParser, dialect: FileDialect) {
        self.parser = parser
        self.dialect = dialect
    }

    func next() throws(FormatError) -> OrderRecord? {
        while true {
            if let record = parser.listener.takeFinished() { return record }
            if let failure = parser.failure { throw failure }
            if parser.isFinished { return nil }
            parser.parseMore()
        }
    }
}
