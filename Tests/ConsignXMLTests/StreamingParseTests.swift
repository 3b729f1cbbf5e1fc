import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation
import Testing

/// Reads `path` order by order until the end or an error: the orders read, and the error.
private func readUntilError(_ path: String) -> (records: [OrderRecord], error: FormatError?) {
    var records: [OrderRecord] = []
    do {
        guard let reader = try XMLOrderReaders.open(path: path, fileName: "orders.xml", options: ReaderOptions()) else {
            Issue.record("the file was not recognised as XML")
            return ([], nil)
        }
        while let record = try reader.next() { records.append(record) }
        return (records, nil)
    } catch {
        return (records, error)
    }
}

private func order(_ code: String, note: String = "") -> String {
    "<order code=\"\(code)\"><carrier>ppl</carrier><note>\(note)</note></order>\n"
}

/// The SAX parse behind the XML readers: the file is parsed a block at a time, values are taken
/// from libxml2's events, and what it says at the end of a file is put plainly.
@Suite("XML is parsed as a stream of events")
struct StreamingParseTests {
    @Test("attribute values keep their ampersands, however they were written")
    func attributeAmpersands() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">"
            + "<order code=\" A&amp;B &#38; C&#x26;D &lt;E&gt; F&amp;#38; \"/></consign-orders>")
        #expect(try readAll(path).map(\.orderCode) == ["A&B & C&D <E> F&#38;"])
    }

    @Test("text split across the parser's blocks is read whole")
    func textAcrossBlocks() throws {
        let folder = try TempFolder()
        // Notes of 1 to 3,000 bytes put many of them across a 64 KiB boundary.
        let notes = (1...300).map { String(repeating: "žluť \($0) ", count: $0 % 250 + 1) }
        let body = notes.enumerated().map { order("\($0.offset + 1)", note: $0.element) }.joined()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">\n\(body)</consign-orders>")
        let records = try readAll(path)
        #expect(records.map(\.note) == notes.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test("every order before a broken element is read, and none after it")
    func ordersBeforeTheBreak() throws {
        let folder = try TempFolder()
        let good = (1...400).map { order("\($0)") }.joined()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">\n\(good)"
            + "<order code=\"bad\"><carrier>ppl</carrier></note></order>\n\(order("401"))</consign-orders>")
        let (records, error) = readUntilError(path)
        #expect(records.map(\.orderCode) == (1...400).map(String.init))
        #expect(error?.code == .malformed)
        #expect(error?.location?.line == 402)
    }

    @Test("a file cut short says so, with the element it ends in and the line it ends on", arguments: [
        ("<consign-orders version=\"1\">\n<order code=\"1\">\n<recipient><name>Jan</name>", "recipient", 3),
        ("<consign-orders version=\"1\">\n<order code=\"1\">\n<recipient><name>Jan</na", "name", 3),
        ("<consign-orders version=\"1\">\n<order code=\"1\">\n<recipient/></order>\n", "consign-orders", 3),
        ("<consign-orders version=\"1\">\n<order code=\"1\">\n<recipient/></order>\n  \n\n", "consign-orders", 6),
    ])
    func cutShort(text: String, element: String, line: Int) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: text)
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .malformed)
        #expect(error.message.contains("ends inside element <\(element)>"), "\(error.message)")
        #expect(error.location?.line == line)
    }

    @Test("a file cut inside its root's start tag is cut short, not an unknown format or an empty file", arguments: [
        ("<?xml version=\"1.0\"?>\n<consign-ord", "the start tag of <consign-ord>"),
        ("<?xml version=\"1.0\"?>\n<consign-orders ver", "a tag"),
        ("<consign-orders version=\"1\">\n<order code=\"1\"/>\n<o", "the start tag of <o>"),
    ])
    func cutInStartTag(text: String, place: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: text)
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .malformed)
        #expect(error.message.contains("ends inside \(place)"), "\(error.message)")
    }

    @Test("a UTF-8 byte-order mark before the declaration, or before the root, is read past", arguments: [
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<consign-orders version=\"1\"><order code=\"Ž1\"/></consign-orders>",
        "\u{FEFF}<consign-orders version=\"1\"><order code=\"Ž1\"/></consign-orders>\n",
        "\u{FEFF}\n  <consign-orders version=\"1\"><order code=\"Ž1\"/></consign-orders>\n",
    ])
    func byteOrderMark(text: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: text)
        #expect(try readAll(path).map(\.orderCode) == ["Ž1"])
    }

    @Test("a bare ampersand in a whole file is libxml2's error at its line, not a file cut short")
    func bareAmpersand() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">\n<order code=\"1\">\n"
            + "<note>Nová & spol.</note>\n</order>\n\(order("2"))</consign-orders>\n")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .malformed)
        #expect(!error.message.contains("ends inside"), "\(error.message)")
        #expect(error.location?.line == 3)
    }

    @Test("a file with a declaration and comments but no element has no root", arguments: [
        "<?xml version=\"1.0\"?>\n<!-- nothing yet -->\n", "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    ])
    func noRoot(text: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: text)
        #expect(formatErrorCode { () throws(FormatError) in _ = try readAll(path) } == .empty)
    }

    @Test("whitespace between elements is no text, however long")
    func longIndentation() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">\n" + order("1")
            + String(repeating: "\n", count: 2 << 20) + order("2") + "</consign-orders>\n")
        #expect(try readAll(path).map(\.orderCode) == ["1", "2"])
    }

    @Test("an attribute's ampersands count once against the field limit")
    func attributeAmpersandsCountOnce() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">"
            + "<order code=\"&amp;&amp;&amp;&amp;\"/></consign-orders>")
        #expect(try readAll(path, options: ReaderOptions(maxFieldBytes: 4)).map(\.orderCode) == ["&&&&"])
    }

    @Test("a second root is extra content, not a file cut short")
    func secondRoot() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\"/>\n<x/>\n")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .malformed)
        #expect(!error.message.contains("ends inside"))
    }

    @Test("line numbers past 65,535 are exact")
    func bigLineNumbers() throws {
        let folder = try TempFolder()
        let padding = String(repeating: "<!-- padding -->\n", count: 70_000)
        let text = "<consign-orders version=\"1\">\n" + padding + "<order code=\"1\">\n<carrier>ppl</carrier></order>\n"
            + padding + "<order code=\"2\"/>\n</consign-orders>\n"
        let path = try folder.write("orders.xml", text: text)
        let records = try readAll(path)
        #expect(records.map(\.location.line) == [70_002, 140_004])
    }

    @Test("an attribute the format reads is held to the field limit like element text")
    func attributeLimit() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">\n<order code=\"123456789\"/>"
            + "</consign-orders>")
        let error = try #require(throws: FormatError.self) {
            _ = try readAll(path, options: ReaderOptions(maxFieldBytes: 8))
        }
        #expect(error.code == .limitExceeded)
        #expect(error.location?.line == 2)
        #expect(try readAll(path, options: ReaderOptions(maxFieldBytes: 9)).map(\.orderCode) == ["123456789"])
    }

    /// Reads a code-page file of 2,000 good orders (lines 3–2,002) and then one whose note holds
    /// `late` (line 2,003): the refusal must come before any order is read, naming the line and
    /// the first of those bytes.
    static func refusesLateBytes(_ late: [UInt8], encoding: TextEncoding, label: String, note: String) throws {
        let folder = try TempFolder()
        let good = (1...2_000).map { order("\($0)", note: note) }.joined()
        var lossy = Set<Character>()
        var bytes = encoding.encode("<?xml version=\"1.0\" encoding=\"\(label)\"?>\n"
            + "<consign-orders version=\"1\">\n" + good, lossy: &lossy)
        bytes += Array("<order code=\"x\"><note>".utf8) + late + Array("</note></order>\n</consign-orders>\n".utf8)
        let path = try folder.write("orders.xml", bytes: bytes)
        let (records, error) = readUntilError(path)
        #expect(records.isEmpty)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 2_003)
        #expect(error?.message.contains("0x" + String(late[0], radix: 16, uppercase: true)) == true)
    }

    @Test("a byte the code page does not define refuses the file before any order is read, naming its line")
    func undefinedByteFirst() throws {
        try Self.refusesLateBytes([0x98], encoding: .windows1250, label: "windows-1250", note: "Žluťoučký kůň")
    }

    @Test("every byte that is no text in a code page is in 0x80–0x9F, where the scan looks for them")
    func nonTextBytesAreC1() {
        for page in [SingleByteCodePage.windows1250, .iso8859_2, .cp852] {
            for byte in UInt8(0xA0)...UInt8(0xFF) { #expect(page.isText(byte), "\(byte)") }
        }
        #expect(SingleByteCodePage.windows1250.hasNonTextBytes && SingleByteCodePage.iso8859_2.hasNonTextBytes)
    }

    @Test("Windows-1250 letters late in a file declared ISO-8859-2 refuse it, as they do in its first 64 KiB")
    func controlsInLatin2() throws {
        try Self.refusesLateBytes([0x8A, 0x9D, 0x8E], encoding: .iso8859_2, label: "ISO-8859-2", note: "Zluta")
    }

    @Test("an order element inside an order refuses the outer one instead of being dropped unseen")
    func nestedOrder() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders version=\"1\">"
            + "<order code=\"K13\"><order code=\"K13inner\"><carrier>ppl</carrier></order>"
            + "<carrier>ppl</carrier></order>"
            + "<order code=\"K14\"/></consign-orders>")
        let records = try readAll(path)
        #expect(records.map(\.orderCode) == ["K13", "K14"])
        #expect(records.first?.issues.map(\.field) == ["order"])
        #expect(records.last?.issues.isEmpty == true)
    }

    @Test("an encoding Consign does not read is named as such, not as bytes that contradict it")
    func unsupportedLabel() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
            + "<consign-orders version=\"1\"/>")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .encodingMismatch)
        #expect(error.message.contains("ISO-8859-1 is not one Consign reads"), "\(error.message)")
    }

    @Test("an attribute in another namespace is not the attribute a format reads")
    func namespacedAttribute() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<consign-orders xmlns:x=\"urn:x\" version=\"1\">"
            + "<order x:code=\"9\" code=\"8\"/><order x:code=\"7\"/></consign-orders>")
        #expect(try readAll(path).map(\.orderCode) == ["8", ""])
    }
}
