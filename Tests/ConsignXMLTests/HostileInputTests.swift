import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation
import Testing

/// One hostile or broken input and the exact error code it must produce.
struct HostileCase: Sendable, CustomStringConvertible {
    var description: String
    var bytes: @Sendable () -> [UInt8]
    var code: FormatError.Code
}

private func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A valid Shoptet order list whose `n` orders pad the file past the 64 KiB sniffing window.
private func paddedOrders(_ n: Int) -> String {
    String(repeating: "<ORDER><CODE>1</CODE><REMARK>\(String(repeating: "x", count: 200))</REMARK></ORDER>\n", count: n)
}

@Suite("Hostile and broken XML is refused with the right error")
struct HostileInputTests {
    static let cases: [HostileCase] = [
        HostileCase(description: "a DOCTYPE", bytes: {
            utf8("<?xml version=\"1.0\"?>\n<!DOCTYPE ORDERS>\n<ORDERS/>")
        }, code: .forbiddenConstruct),
        HostileCase(description: "an external entity", bytes: {
            utf8("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                 + "<ORDERS><ORDER><CODE>&x;</CODE></ORDER></ORDERS>")
        }, code: .forbiddenConstruct),
        HostileCase(description: "billion laughs", bytes: {
            var entities = "<!ENTITY lol0 \"lol\">"
            for level in 1...9 {
                let previous = String(repeating: "&lol\(level - 1);", count: 10)
                entities += "<!ENTITY lol\(level) \"\(previous)\">"
            }
            return utf8("<?xml version=\"1.0\"?><!DOCTYPE ORDERS [\(entities)]><ORDERS><ORDER><CODE>&lol9;</CODE>"
                        + "</ORDER></ORDERS>")
        }, code: .forbiddenConstruct),
        HostileCase(description: "a DOCTYPE hidden behind 70 KiB of comments", bytes: {
            utf8("<?xml version=\"1.0\"?>" + String(repeating: "<!-- padding -->", count: 4600)
                 + "<!DOCTYPE ORDERS [<!ENTITY x \"y\">]><ORDERS><ORDER><CODE>&x;</CODE></ORDER></ORDERS>")
        }, code: .forbiddenConstruct),
        HostileCase(description: "an undeclared entity without DOCTYPE", bytes: {
            utf8("<ORDERS><ORDER><CODE>&x;</CODE></ORDER></ORDERS>")
        }, code: .malformed),
        HostileCase(description: "a truncated file", bytes: {
            utf8("<?xml version=\"1.0\"?>\n<ORDERS>\n<ORDER><CODE>1</CODE></ORDER>\n<ORDER><CODE>2</CO")
        }, code: .malformed),
        HostileCase(description: "mismatched tags", bytes: {
            utf8("<ORDERS>\n<ORDER><CODE>1</NAME></ORDER>\n</ORDERS>")
        }, code: .malformed),
        HostileCase(description: "declared windows-1250 but holding UTF-8", bytes: {
            utf8("<?xml version=\"1.0\" encoding=\"windows-1250\"?><ORDERS><ORDER><CODE>1</CODE>"
                 + "<REMARK>Žluťoučký kůň úpěl ďábelské ódy</REMARK></ORDER></ORDERS>")
        }, code: .encodingMismatch),
        HostileCase(description: "declared UTF-8 but holding Windows-1250 bytes", bytes: {
            var lossy = Set<Character>()
            return TextEncoding.windows1250.encode("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ORDERS><ORDER>"
                                                   + "<CODE>1</CODE><REMARK>Šťastný</REMARK></ORDER></ORDERS>",
                                                   lossy: &lossy)
        }, code: .encodingMismatch),
        HostileCase(description: "a Windows-1250 byte in a UTF-8 file after the sniffed 64 KiB", bytes: {
            utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ORDERS>" + paddedOrders(300) + "<ORDER><CODE>")
                + [0x8A] + utf8("</CODE></ORDER></ORDERS>")
        }, code: .encodingMismatch),
        HostileCase(description: "a byte Windows-1250 does not define after the sniffed 64 KiB", bytes: {
            utf8("<?xml version=\"1.0\" encoding=\"windows-1250\"?><ORDERS>" + paddedOrders(300) + "<ORDER><CODE>")
                + [0x98] + utf8("</CODE></ORDER></ORDERS>")
        }, code: .encodingMismatch),
        HostileCase(description: "UTF-8 text after the sniffed 64 KiB of a windows-1250 file", bytes: {
            utf8("<?xml version=\"1.0\" encoding=\"windows-1250\"?><ORDERS>" + paddedOrders(300)
                 + "<ORDER><CODE>2</CODE><REMARK>Jan Nováček Šťastný</REMARK></ORDER></ORDERS>")
        }, code: .encodingMismatch),
        HostileCase(description: "UTF-8 text after 64 KiB of a windows-1250 file written on one line", bytes: {
            utf8("<?xml version=\"1.0\" encoding=\"windows-1250\"?><ORDERS>"
                 + paddedOrders(300).replacingOccurrences(of: "\n", with: "")
                 + "<ORDER><CODE>2</CODE><REMARK>Nováček</REMARK></ORDER></ORDERS>")
        }, code: .encodingMismatch),
        HostileCase(description: "element text of 3 MB", bytes: {
            utf8("<ORDERS><ORDER><CODE>1</CODE><REMARK>" + String(repeating: "a", count: 3 << 20)
                 + "</REMARK></ORDER></ORDERS>")
        }, code: .limitExceeded),
        HostileCase(description: "element text of 3 MB in an element no reader uses", bytes: {
            utf8("<ORDERS><ORDER><CODE>1</CODE><JUNK>" + String(repeating: "a", count: 3 << 20)
                 + "</JUNK></ORDER></ORDERS>")
        }, code: .limitExceeded),
        HostileCase(description: "nesting 10,000 deep", bytes: {
            utf8("<ORDERS><ORDER>" + String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
                 + "</ORDER></ORDERS>")
        }, code: .limitExceeded),
        HostileCase(description: "an unknown root", bytes: {
            utf8("<?xml version=\"1.0\"?><invoices><invoice/></invoices>")
        }, code: .unknownFormat),
        HostileCase(description: "a POHODA root in a foreign namespace", bytes: {
            utf8("<dat:dataPack xmlns:dat=\"http://example.com/data.xsd\"/>")
        }, code: .unknownFormat),
        HostileCase(description: "a Consign XML version this Consign does not read", bytes: {
            utf8("<consign-orders version=\"2\"><order code=\"1\"/></consign-orders>")
        }, code: .unknownFormat),
        HostileCase(description: "UTF-16", bytes: {
            [0xFF, 0xFE] + Array("<ORDERS/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        }, code: .encodingMismatch),
    ]

    @Test("refuses the input with the expected error code", arguments: cases)
    func refusesHostileInput(_ testCase: HostileCase) throws {
        let folder = try TempFolder()
        let path = try folder.write("hostile.xml", bytes: testCase.bytes())
        #expect(formatErrorCode { () throws(FormatError) in _ = try readAll(path) } == testCase.code)
    }

    @Test("an encoding mismatch says which encoding was declared and what the bytes are")
    func encodingMismatchMessage() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<?xml version=\"1.0\" encoding=\"windows-1250\"?>"
                                        + "<ORDERS><ORDER><CODE>Šťastný</CODE></ORDER></ORDERS>")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.message.contains("windows-1250"))
        #expect(error.message.contains("UTF-8"))
        #expect(error.file == "orders.xml")
    }

    @Test("UTF-8 text past the first megabyte of a code-page file is refused at its own line",
          arguments: [true, false])
    func utf8LineNumberPastFirstChunk(withWindows1250Letters: Bool) throws {
        let folder = try TempFolder()
        // 6,000 padding lines of ~230 bytes put the UTF-8 line past the scan's 1 MiB chunk.
        var bytes = utf8("<?xml version=\"1.0\" encoding=\"windows-1250\"?>\n<ORDERS>\n")
        let padding = paddedOrders(6000)
        bytes += withWindows1250Letters ? utf8(padding).map { $0 == 0x78 ? 0xE1 : $0 } : utf8(padding)
        bytes += utf8("<ORDER><CODE>2</CODE>\n<REMARK>Jan Nováček</REMARK></ORDER></ORDERS>\n")
        let path = try folder.write("orders.xml", bytes: bytes)
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .encodingMismatch)
        #expect(error.location?.line == 6004)
    }

    @Test("malformed XML reports the line and libxml2's message")
    func malformedReportsLine() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<ORDERS>\n<ORDER>\n<CODE>1</NAME>\n</ORDER>\n</ORDERS>")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        #expect(error.code == .malformed)
        #expect(error.location?.line == 3)
        #expect(error.message.contains("libxml2"))
    }

    @Test("the unknown-format message lists the formats Consign reads")
    func unknownFormatListsFormats() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<invoices/>")
        let error = try #require(throws: FormatError.self) { _ = try readAll(path) }
        for format in OrderFormat.allCases { #expect(error.message.contains(format.displayName)) }
    }

    @Test("files that do not start like XML are left to the CSV readers", arguments: [
        "code;name\n1;Jana\n", "", "   \n", "\u{FEFF}code,name\n",
    ])
    func nonXMLReturnsNil(_ text: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.csv", text: text)
        #expect(try XMLOrderReaders.open(path: path, fileName: "orders.csv", options: ReaderOptions()) == nil)
    }

    @Test("the depth and text limits follow ReaderOptions")
    func limitsFollowOptions() throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: "<ORDERS><ORDER><CODE>123456789</CODE></ORDER></ORDERS>")
        #expect(formatErrorCode { () throws(FormatError) in
            _ = try readAll(path, options: ReaderOptions(maxFieldBytes: 8))
        } == .limitExceeded)
        #expect(formatErrorCode { () throws(FormatError) in
            _ = try readAll(path, options: ReaderOptions(maxDepth: 2))
        } == .limitExceeded)
        let records = try readAll(path, options: ReaderOptions(maxFieldBytes: 9, maxDepth: 3))
        #expect(records.map(\.orderCode) == ["123456789"])
    }
}
