import ConsignCore
import ConsignFormats
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Collects the attributes and texts of a parsed result file (FoundationXML's parser, not ours).
private final class ResultCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String: String] = [:]
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if !current.isEmpty { texts[name] = current }
        current = ""
    }
}

@Suite("XMLResultWriter writes well-formed results in the input's encoding")
struct XMLResultWriterTests {
    static let rows = [
        ResultRow(orderCode: "2024000101", location: SourceLocation(line: 12, element: "ORDERS/ORDER[1]"),
                  outcome: .registered, guid: "6f1c2a4e-0000-4000-8000-000000000001", carrierCode: "ppl",
                  serviceCode: "ppl-home", status: "registered", trackingNumbers: ["PPL1", "PPL2"],
                  trackingUrl: "https://track.example/?n=PPL1&lang=cs"),
        ResultRow(orderCode: "A&B <\"Győr\">", location: SourceLocation(line: 40), outcome: .rejected,
                  errorCode: "shipment-validation-failed", field: "recipient.phone",
                  message: "Šťastný\u{1}: phone missing\tø; zip € wrong"),
    ]

    func write(_ writer: XMLResultWriter) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writer.begin { bytes += $0 }
        for row in Self.rows { try writer.write(row) { bytes += $0 } }
        try writer.finish { bytes += $0 }
        return bytes
    }

    @Test("round-trips through an XML parser with escaping and declared encoding",
          arguments: [TextEncoding.utf8, .windows1250, .iso8859_2])
    func roundTrips(_ encoding: TextEncoding) throws {
        let writer = XMLResultWriter(format: .pohodaDataPack, encoding: encoding)
        let bytes = try write(writer)
        let head = String(decoding: bytes.prefix(60), as: UTF8.self)
        #expect(head.hasPrefix("<?xml version=\"1.0\" encoding=\"\(encoding.rawValue)\"?>"))

        let collector = ResultCollector()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        #expect(parser.parse())
        let root = try #require(collector.elements.first)
        #expect(root.name == "consign-results" && root.attributes["format"] == "pohoda-datapack")
        let results = collector.elements.filter { $0.name == "result" }
        #expect(results.map { $0.attributes["outcome"] } == ["registered", "rejected"])
        #expect(results.last?.attributes["orderCode"] == "A&B <\"Győr\">")
        #expect(results.first?.attributes["line"] == "12")
        let tracking = collector.elements.filter { $0.name == "trackingNumber" }
        #expect(tracking.map { $0.attributes["url"] } == ["https://track.example/?n=PPL1&lang=cs", nil])
        let error = try #require(collector.elements.first { $0.name == "error" })
        #expect(error.attributes["field"] == "recipient.phone")
        let message = try #require(collector.texts["error"])
        #expect(message.hasPrefix("Šťastný: phone missing\t"))
    }

    @Test("escaping drops controls and non-characters and keeps tab and newline by context", arguments: [
        ("a&b<c>\"d", false, "a&amp;b&lt;c&gt;&quot;d"),
        ("tab\there\nline", true, "tab&#9;here&#10;line"),
        ("tab\there\nline", false, "tab\there\nline"),
        ("bell\u{7}\u{0}end", false, "bellend"),
        ("x\u{FFFE}y\u{FFFF}z\u{FFFD}", true, "xyz\u{FFFD}"),
        ("Győr ﻿€", true, "Győr ﻿€"),
        ("plain", true, "plain"),
    ])
    func escapes(text: String, inAttribute: Bool, expected: String) {
        #expect(XMLEscaping.escape(text, inAttribute: inAttribute) == expected)
    }

    @Test("characters the encoding cannot hold become character references and read back exactly",
          arguments: [TextEncoding.iso8859_2, .windows1250])
    func characterReferences(_ encoding: TextEncoding) throws {
        let writer = XMLResultWriter(format: .moneyS3, encoding: encoding)
        let bytes = try write(writer)
        #expect(writer.transliterated.isEmpty)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("&#xF8;"))
        #expect(text.contains("&#x20AC;") == (encoding == .iso8859_2))

        let collector = ResultCollector()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.texts["error"] == "Šťastný: phone missing\tø; zip € wrong")
        let codes = collector.elements.filter { $0.name == "result" }.compactMap { $0.attributes["orderCode"] }
        #expect(codes == Self.rows.map(\.orderCode))
    }

    @Test("escaping drops C0 controls and keeps tab and newline in attributes as references")
    func escaping() {
        #expect(XMLEscaping.escape("a\u{0}b\u{1B}c\rd", inAttribute: false) == "abc&#13;d")
        #expect(XMLEscaping.escape("x\ty\nz", inAttribute: true) == "x&#9;y&#10;z")
        #expect(XMLEscaping.escape("x\ty\nz", inAttribute: false) == "x\ty\nz")
        #expect(XMLEscaping.escape("<&>\"'", inAttribute: true) == "&lt;&amp;&gt;&quot;'")
        #expect(XMLEscaping.escape("Šťastný", inAttribute: true) == "Šťastný")
    }

    @Test("a UTF-8 BOM is repeated and CP852 input gets UTF-8 results")
    func bomAndCP852() throws {
        let dialect = FileDialect(format: .consignXML, encoding: .utf8, encodingEvidence: .byteOrderMark,
                                  lineEnding: .crlf, hasByteOrderMark: true)
        let bytes = try write(XMLResultWriter(dialect: dialect))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes, as: UTF8.self).contains("?>\r\n<consign-results"))
        #expect(XMLResultWriter(format: .moneyS3, encoding: .cp852).encoding == .utf8)
    }
}
