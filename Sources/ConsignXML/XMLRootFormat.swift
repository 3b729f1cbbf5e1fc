import CLibXML2
import ConsignCore
import ConsignFormats

/// Decides the format from the root element: local name plus namespace URI, never a prefix.
enum XMLRootFormat {
    /// The format whose root the stream stands on; `.unknownFormat` lists what Consign reads.
    static func format(of stream: XMLStreamReader) throws(FormatError) -> OrderFormat {
        let name = stream.localName.map { String(cString: $0) } ?? ""
        let namespace = stream.namespaceURI.map { String(cString: $0) }
        switch (name, namespace) {
        case ("consign-orders", nil):
            try checkVersion(stream)
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
            let root = namespace.map { "{\($0)}\(name)" } ?? name
            throw FormatError(.unknownFormat, file: stream.fileName, location: SourceLocation(line: stream.line),
                              "the root element <\(root)> is not one Consign reads; Consign reads: \(known)")
        }
    }

    private static func checkVersion(_ stream: XMLStreamReader) throws(FormatError) {
        guard let name = stream.intern("version"), let version = stream.attribute(name), version != "1" else { return }
        throw FormatError(.unknownFormat, file: stream.fileName, location: SourceLocation(line: stream.line),
                          "Consign XML version \(version) is not supported (this Consign reads version 1)")
    }
}
