import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Handover CSV protocol")
struct HandoverCSVWriterTests {
    /// The written bytes without the BOM, split into lines at CRLF.
    private func lines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        return text.components(separatedBy: "\r\n")
    }

    @Test("starts with a UTF-8 BOM and ends every line, the last too, with CRLF")
    func bomAndLineEnds() {
        let bytes = HandoverCSVWriter().write(Fixtures.batch(Fixtures.numberedParcels(2)))

        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bytes.suffix(2)) == [0x0D, 0x0A])
        let bareLineFeeds = zip(bytes, bytes.dropFirst()).filter { $0.1 == 0x0A && $0.0 != 0x0D }
        #expect(bareLineFeeds.isEmpty)
        #expect(lines(bytes).count == 4)  // header, two rows, empty string after the last CRLF
    }

    @Test("writes the header and one row per parcel with every column")
    func headerAndRow() {
        let parcel = HandoverParcel(
            trackingNumber: "40990012345", orderCode: "2026000123", variableSymbol: "2026000123",
            recipientName: "Ľudmila Őrsi-Łącka", zip: "811 01", city: "Bratislava", countryCode: "SK",
            serviceCode: "ppl-home-delivery", pieceIndex: 2, pieceCount: 3, weight: Decimal(string: "1.5")!,
            cod: Money(Decimal(string: "49.9")!, "EUR"), declaredValue: Money(120, "EUR"))

        let result = lines(HandoverCSVWriter().write(Fixtures.batch([parcel])))

        #expect(result[0] == HandoverCSVWriter.columns.joined(separator: ";"))
        #expect(result[1] == "1;40990012345;2026000123;2026000123;Ľudmila Őrsi-Łącka;811 01;Bratislava;SK;"
            + "ppl-home-delivery;2 of 3;1.500;49.90;EUR;120.00;EUR")
    }

    @Test("writes each row's own weight and amounts when rows repeat values, also written differently")
    func repeatedNumbers() {
        let parcels = [
            Fixtures.parcel(
                "R1", order: "1", weight: Decimal(string: "1.5")!, cod: Money(Decimal(string: "99.9")!, "CZK")),
            Fixtures.parcel(
                "R2", order: "2", weight: Decimal(string: "1.50")!, cod: Money(Decimal(string: "99.90")!, "EUR")),
            Fixtures.parcel("R3", order: "3", weight: Decimal(string: "2.0004")!, declaredValue: Money(99.9, "CZK")),
            Fixtures.parcel(
                "R4", order: "4", weight: Decimal(string: "1.5")!, cod: Money(Decimal(string: "99.9")!, "CZK")),
        ]

        let rows = lines(HandoverCSVWriter().write(Fixtures.batch(parcels))).dropFirst().dropLast()

        let numbers = rows.map {
            $0.split(separator: ";", omittingEmptySubsequences: false).suffix(5).joined(separator: ";")
        }
        #expect(numbers == ["1.500;99.90;CZK;;", "1.500;99.90;EUR;;", "2.000;;;99.90;CZK", "1.500;99.90;CZK;;"])
    }

    @Test("leaves COD and declared value empty on pieces that do not carry them")
    func emptyAmounts() {
        let parcel = Fixtures.parcel("A2", order: "7", weight: 10, piece: 2, of: 2)

        let row = lines(HandoverCSVWriter().write(Fixtures.batch([parcel])))[1]

        #expect(row.hasSuffix(";2 of 2;10.000;;;;"))
    }

    @Test(
        "neutralises formula injection and quotes separators, quotes and line breaks",
        arguments: [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+420 601 123 456", "'+420 601 123 456"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rReturn", "\"'\rReturn\""),
            ("Novák; Jan", "\"Novák; Jan\""),
            ("Firma \"Kůň\"", "\"Firma \"\"Kůň\"\"\""),
            ("Line\nbreak", "\"Line\nbreak\""),
            ("Anna-Marie", "Anna-Marie"),
            ("'=1", "''=1"),
            ("'O'Neil", "'O'Neil"),
            ("", ""),
        ])
    func escapesRecipientName(name: String, expected: String) {
        let parcel = Fixtures.parcel("A1", order: "1", name: name)

        let row = HandoverCSVWriter().fields(of: parcel, row: 1)

        #expect(row[4] == expected)
    }

    @Test("neutralises every text column, not only the name")
    func neutralisesAllTextColumns() {
        let parcel = HandoverParcel(
            trackingNumber: "=1", orderCode: "+2", variableSymbol: "-3", recipientName: "@4", zip: "=5",
            city: "+6", countryCode: "-7", serviceCode: "@8", weight: 1)

        let row = HandoverCSVWriter().fields(of: parcel, row: 1)

        #expect(Array(row[1...8]) == ["'=1", "'+2", "'-3", "'@4", "'=5", "'+6", "'-7", "'@8"])
    }

    @Test("numbers every row from 1 in batch order")
    func rowNumbers() {
        let result = lines(HandoverCSVWriter().write(Fixtures.batch(Fixtures.numberedParcels(12))))

        let numbers = result.dropFirst().dropLast().map { $0.split(separator: ";").first.map(String.init) }
        #expect(numbers == (1...12).map { String($0) })
    }
}
