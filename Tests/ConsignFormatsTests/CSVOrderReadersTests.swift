import ConsignCore
import ConsignFormats
import Foundation
import Testing

@Suite("CSV format detection and opening")
struct CSVOrderReadersTests {
    @Test("tells the CSV formats apart by their header", arguments: [
        (["code", "deliveryFullName", "itemName"], OrderFormat?.some(.shoptetCSV)),
        (["CODE", "billFullName"], .shoptetCSV),
        (["code", "orderItemName"], .shoptetCSV),
        (["orderCode", "name"], .consignCSV),
        (["code", "name"], nil),
        (["Číslo objednávky", "Jméno"], nil),
    ])
    func sniffs(header: [String], expected: OrderFormat?) {
        #expect(CSVFormatSniffer.detect(headerFields: header) == expected)
    }

    @Test("opens the reader the header calls for", arguments: [
        ("\"code\";\"billFullName\";\"itemName\";\r\n\"1\";\"Jan\";\"Hrnek\";\r\n", OrderFormat.shoptetCSV),
        ("orderCode,name\n1,Jan\n", .consignCSV),
    ])
    func opens(text: String, format: OrderFormat) throws {
        let folder = try TempFolder()
        let reader = try CSVOrderReaders.open(path: try folder.write(text), fileName: "in.csv",
                                              options: ReaderOptions())
        #expect(reader?.dialect.format == format)
        #expect(try reader?.next()?.orderCode == "1")
    }

    @Test("gives nil for XML so the caller can try the XML readers", arguments: [
        "<?xml version=\"1.0\"?><ORDERS/>", "\u{FEFF}\n  <ORDERS></ORDERS>",
    ])
    func xmlIsNotCSV(text: String) throws {
        let folder = try TempFolder()
        let path = try folder.write(text)
        let reader = try CSVOrderReaders.open(path: path, fileName: "in.xml", options: ReaderOptions())
        #expect(reader == nil)
    }

    @Test("fails file-level for empty, header-only and unknown files", arguments: [
        ("", FormatError.Code.empty, "empty file"),
        ("orderCode;name\r\n", .empty, "header only, no orders"),
        ("\"code\";\"itemName\";\r\n\r\n", .empty, "header only, no orders"),
        ("Číslo;Jméno\n1;Jan\n", .unknownFormat, "Shoptet order export (CSV)"),
        ("just some text\n", .unknownFormat, "Consign CSV"),
    ])
    func fails(text: String, code: FormatError.Code, messagePart: String) throws {
        let folder = try TempFolder()
        let path = try folder.write(text)
        let error = #expect(throws: FormatError.self) {
            try CSVOrderReaders.open(path: path, fileName: "in.csv", options: ReaderOptions())
        }
        #expect(error?.code == code)
        #expect(error?.message.contains(messagePart) == true)
        #expect(error?.file == "in.csv")
    }
}
