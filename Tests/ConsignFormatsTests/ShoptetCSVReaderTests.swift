import ConsignCore
@testable import ConsignFormats
import Foundation
import Testing

@Suite("Shoptet CSV reader")
struct ShoptetCSVReaderTests {
    /// Small Shoptet exports (every field quoted, trailing `;`, CRLF) and the orders they give.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let header: [String]
        let rows: [[String]]
        let expected: [OrderRecord]
        var testDescription: String { name }

        /// The export's bytes in Shoptet's habits, Windows-1250.
        var bytes: [UInt8] {
            let lines = ([header] + rows).map { $0.map { "\"\($0)\"" }.joined(separator: ";") + ";" }
            var lossy = Set<Character>()
            return TextEncoding.windows1250.encode(lines.joined(separator: "\r\n") + "\r\n", lossy: &lossy)
        }
    }

    static let fullHeader = [
        "code", "currency", "email", "phone", "billFullName", "billStreet", "billHouseNumber", "billCity", "billZip",
        "billCountryName", "deliveryFullName", "deliveryStreet", "deliveryHouseNumber", "deliveryCity",
        "deliveryZip", "deliveryCountryName", "deliveryCountryCode", "remark", "totalPriceWithVat", "priceToPay",
        "weight", "itemCode", "itemName", "itemAmount", "orderItemType",
    ]

    static let cases: [Case] = [
        Case(name: "item, shipping and COD billing rows group into one order",
             header: fullHeader,
             rows: [
                 ["2024000123", "CZK", "jana@example.cz", "+420601123456", "Jana Nováková", "Dlouhá", "12/3a",
                  "Praha 1", "110 00", "Česká republika", "", "", "", "", "", "", "", "Prosím nezvonit\r\nděkuji",
                  "1 290,00", "1 290,00", "1,250", "HRN-01", "Hrnek modrý", "2", "product"],
                 ["2024000123", "CZK", "jana@example.cz", "+420601123456", "Jana Nováková", "Dlouhá", "12/3a",
                  "Praha 1", "110 00", "Česká republika", "", "", "", "", "", "", "", "Prosím nezvonit\r\nděkuji",
                  "1 290,00", "1 290,00", "1,250", "SHIPPING12", "PPL", "1", "shipping"],
                 ["2024000123", "CZK", "jana@example.cz", "+420601123456", "Jana Nováková", "Dlouhá", "12/3a",
                  "Praha 1", "110 00", "Česká republika", "", "", "", "", "", "", "", "Prosím nezvonit\r\nděkuji",
                  "1 290,00", "1 290,00", "1,250", "BILLING3", "Dobírka", "1", "billing"],
             ],
             expected: [order("2024000123", line: 2) {
                 $0.paymentName = "Dobírka"
                 $0.recipient = RawAddress(name: "Jana Nováková", street: "Dlouhá 12/3a", houseNumber: "12/3a",
                                           city: "Praha 1", zip: "110 00", country: "Česká republika",
                                           phone: "+420601123456", email: "jana@example.cz")
                 $0.currency = "CZK"
                 $0.note = "Prosím nezvonit\r\nděkuji"
                 $0.shippingMethod = "PPL"
                 $0.isCashOnDelivery = true
                 $0.codAmount = 1290
                 $0.orderTotal = 1290
                 $0.weight = Decimal(string: "1.25")
             }]),
        Case(name: "a delivery place is taken whole (its missing zip stays missing); name and country fall back",
             header: fullHeader,
             rows: [
                 ["SK-1", "EUR", "", "", "Bill Name", "Bill St", "1", "Bill City", "811 01", "Slovensko",
                  "Ľubica Kráľová", "Hlavná", "48", "Košice", "", "Slovensko", "SK", "", "45,90", "45,90", "",
                  "SHIPPING1", "Zásilkovna", "1", "shipping"],
                 ["SK-1", "EUR", "", "", "Bill Name", "Bill St", "1", "Bill City", "811 01", "Slovensko",
                  "Ľubica Kráľová", "Hlavná", "48", "Košice", "", "Slovensko", "SK", "", "45,90", "45,90", "",
                  "BILLING1", "Platba kartou", "1", "billing"],
             ],
             expected: [order("SK-1", line: 2) {
                 $0.paymentName = "Platba kartou"
                 $0.recipient = RawAddress(name: "Ľubica Kráľová", street: "Hlavná 48", houseNumber: "48",
                                           city: "Košice", country: "SK")
                 $0.currency = "EUR"
                 $0.shippingMethod = "Zásilkovna"
                 $0.orderTotal = Decimal(string: "45.90")
             }]),
        Case(name: "the pickup point is the first pickup column filled, not the first column present",
             header: ["code", "pickupPointId", "zasilkovnaDistributionPointBranchId", "itemName", "orderItemType"],
             rows: [["Z1", "", "4711", "Zásilkovna - výdejní místo", "shipping"],
                    ["Z2", "9", "4711", "PPL", "shipping"]],
             expected: [
                 order("Z1", line: 2) {
                     $0.pickupPointId = "4711"
                     $0.shippingMethod = "Zásilkovna - výdejní místo"
                 },
                 order("Z2", line: 3) {
                     $0.pickupPointId = "9"
                     $0.shippingMethod = "PPL"
                 },
             ]),
        Case(name: "the billing company stays with the billing place",
             header: ["code", "billCompany", "billStreet", "billCity", "billZip", "deliveryFullName", "deliveryStreet",
                      "deliveryCity", "deliveryZip"],
             rows: [["F1", "Nováková s.r.o.", "Dlouhá 1", "Praha", "110 00", "Petr Novák", "Horní 5", "Brno",
                     "602 00"],
                    ["F2", "Nováková s.r.o.", "Dlouhá 1", "Praha", "110 00", "Petr Novák", "", "", ""]],
             expected: [
                 order("F1", line: 2) {
                     $0.recipient = RawAddress(name: "Petr Novák", street: "Horní 5", city: "Brno", zip: "602 00")
                 },
                 order("F2", line: 3) {
                     $0.recipient = RawAddress(name: "Petr Novák", company: "Nováková s.r.o.", street: "Dlouhá 1",
                                               city: "Praha", zip: "110 00")
                 },
             ]),
        Case(name: "two different shipping rows refuse the order; the same one twice does not",
             header: ["code", "itemCode", "itemName", "orderItemType"],
             rows: [
                 ["S1", "SHIPPING1", "PPL", "shipping"], ["S1", "SHIPPING2", "Zásilkovna", "shipping"],
                 ["S2", "SHIPPING1", "PPL", "shipping"], ["S2", "SHIPPING1", "PPL", "shipping"],
             ],
             expected: [
                 order("S1", line: 2) {
                     $0.shippingMethod = "PPL"
                     $0.issues = [FieldIssue(field: "shippingMethod", message: "the order has two shipping items, "
                         + "'PPL' and 'Zásilkovna'; give it one")]
                 },
                 order("S2", line: 4) { $0.shippingMethod = "PPL" },
             ]),
        Case(name: "a delivery name without a delivery place keeps the billing place whole",
             header: fullHeader,
             rows: [
                 ["CZ-2", "CZK", "", "", "Bill Name", "Dlouhá", "12", "Praha 1", "110 00", "Česká republika",
                  "Eva Jiná", "", "5", "", "", "", "", "", "100", "100", "", "BILLING1", "Platba kartou", "1",
                  "billing"],
             ],
             expected: [order("CZ-2", line: 2) {
                 $0.paymentName = "Platba kartou"
                 $0.recipient = RawAddress(name: "Eva Jiná", street: "Dlouhá 12", houseNumber: "12",
                                           city: "Praha 1", zip: "110 00", country: "Česká republika")
                 $0.currency = "CZK"
                 $0.orderTotal = 100
             }]),
        Case(name: "code changes split orders; item codes mark shipping and billing without a type column",
             header: ["code", "deliveryFullName", "totalPriceWithVat", "itemCode", "itemName", "weight"],
             rows: [
                 ["A", "Győző Kovács", "12 990", "X1", "Bögre", "0,5"],
                 ["A", "Győző Kovács", "12 990", "X2", "Póló", "0,5"],
                 ["A", "Győző Kovács", "12 990", "X3", "Sapka", "1"],
                 ["A", "Győző Kovács", "12 990", "SHIPPING7", "MPL házhoz", ""],
                 ["A", "Győző Kovács", "12 990", "BILLING2", "Utánvét", ""],
                 ["B", "Łukasz Wiśniewski", "149", "SHIPPING3", "Packeta", ""],
                 ["B", "Łukasz Wiśniewski", "149", "BILLING4", "Płatność przy odbiorze (pobranie)", ""],
             ],
             expected: [
                 order("A", line: 2) {
                     $0.paymentName = "Utánvét"
                     $0.recipient.name = "Győző Kovács"
                     $0.orderTotal = 12990
                     $0.shippingMethod = "MPL házhoz"
                     $0.isCashOnDelivery = true
                     $0.codAmount = 12990
                     $0.weight = 2
                 },
                 order("B", line: 7) {
                     $0.paymentName = "Płatność przy odbiorze (pobranie)"
                     $0.recipient.name = "Łukasz Wiśniewski"
                     $0.orderTotal = 149
                     $0.shippingMethod = "Packeta"
                     $0.isCashOnDelivery = true
                     $0.codAmount = 149
                 },
             ]),
        Case(name: "alternative orderItem names, pickup point id, bad price as an issue",
             header: ["code", "billFullName", "priceToPay", "zasilkovnaDistributionPointBranchId", "orderItemType",
                      "orderItemName"],
             rows: [
                 ["P-1", "Petr Dvořák", "12,3,4", "4711", "shipping", "Zásilkovna - výdejní místo"],
                 ["P-1", "Petr Dvořák", "12,3,4", "4711", "billing", "Dobírkou"],
             ],
             expected: [order("P-1", line: 2) {
                 $0.paymentName = "Dobírkou"
                 $0.recipient.name = "Petr Dvořák"
                 $0.pickupPointId = "4711"
                 $0.shippingMethod = "Zásilkovna - výdejní místo"
                 $0.isCashOnDelivery = true
                 $0.issues = [FieldIssue(field: "priceToPay", message: "'12,3,4' is not a number")]
             }]),
        Case(name: "a weight repeated on every row is read once; a bad one repeated is one issue",
             header: ["code", "billFullName", "itemName", "weight"],
             rows: [["W", "Ödön Bíró", "Bögre", "1,5"], ["W", "Ödön Bíró", "Póló", "1,5"],
                    ["V", "Ödön Bíró", "Bögre", "x1"], ["V", "Ödön Bíró", "Póló", "x1"],
                    ["V", "Ödön Bíró", "Sapka", "2"], ["V", "Ödön Bíró", "Sál", "x2"]],
             expected: [
                 order("W", line: 2) {
                     $0.recipient.name = "Ödön Bíró"
                     $0.weight = Decimal(string: "1.5")
                 },
                 order("V", line: 4) {
                     $0.recipient.name = "Ödön Bíró"
                     $0.weight = 2
                     $0.issues = [FieldIssue(field: "weight", message: "'x1' is not a number"),
                                  FieldIssue(field: "weight", message: "'x2' is not a number")]
                 },
             ]),
        Case(name: "a ragged row is an issue on its order",
             header: ["code", "billFullName", "itemName"],
             rows: [["R", "Ödön Bíró", "Bögre"], ["R"]],
             expected: [order("R", line: 2) {
                 $0.recipient.name = "Ödön Bíró"
                 $0.issues = [FieldIssue(field: "row", message: "row has 1 fields, header has 3")]
             }]),
    ]

    @Test("groups item rows into orders", arguments: cases)
    func reads(_ testCase: Case) throws {
        let folder = try TempFolder()
        let reader = try ShoptetCSVReader(path: try folder.write(testCase.bytes), fileName: "export.csv")
        let records = try readAll(reader)
        #expect(records.count == testCase.expected.count)
        for (record, expected) in zip(records, testCase.expected) {
            #expect(record == expected)
        }
        #expect(reader.dialect.encoding == .windows1250)
        #expect(reader.dialect.lineEnding == .crlf)
    }

    @Test("recognises cash-on-delivery payment names", arguments: [
        ("Dobírka", true), ("Platba dobírkou", true), ("DOBIERKA", true), ("Utánvét", true), ("utanvet", true),
        ("Pobranie", true), ("Cash on delivery", true), ("COD", true), ("Bankovní převod", false),
        ("Platba kartou", false), ("Encoded payment", false), ("Przelew", false), ("Platba (COD)", true),
        ("cod-platba", true), ("Codex", false), ("Barcode", false), ("Platba COD2", false),
        ("Dobi\u{301}rka", true), ("DOBI\u{301}RKA", true),
    ])
    func cashOnDelivery(name: String, isCOD: Bool) throws {
        let folder = try TempFolder()
        let path = try folder.write("\"code\";\"itemName\";\"orderItemType\";\r\n\"1\";\"\(name)\";\"billing\";\r\n")
        let reader = try ShoptetCSVReader(path: path, fileName: "export.csv")
        #expect(try reader.next()?.isCashOnDelivery == isCOD)
    }

    @Test("30,000 orders of three rows each stream out in order with the line of their first row")
    func streamsManyOrders() throws {
        var text = "\"code\";\"deliveryFullName\";\"itemName\";\"orderItemType\";\r\n"
        for index in 1...30_000 {
            for (name, type) in [("Hrnek", "product"), ("PPL", "shipping"), ("Dobírka", "billing")] {
                text += "\"\(index)\";\"Jan Šťastný\";\"\(name)\";\"\(type)\";\r\n"
            }
        }
        let folder = try TempFolder()
        let reader = try ShoptetCSVReader(path: try folder.write(text, encoding: .windows1250), fileName: "big.csv")
        var count = 0
        while let record = try reader.next() {
            count += 1
            if record.orderCode != String(count) || !record.isCashOnDelivery || record.location.line != 3 * count - 1 {
                Issue.record("order \(count) read as \(record)")
                break
            }
        }
        #expect(count == 30_000)
    }

    /// The last order's billing row (line 4): quoted fields ending with a separator where the
    /// header's last column should be lost a field (cut as the file ends, or left out), which the
    /// header's trailing `;` would hide; the others are whole rows, with or without the trailing
    /// `;` (an empty last value written `""`, or unquoted, may be a whole row without it).
    @Test("a row ending with a separator short of the header's last column is refused, naming its line",
          arguments: [
              ("\"Dobírka\";", "the file ends inside line 4 (3 fields of the header's 4, no line break)"),
              ("\"Dobírka\";\r\n", "line 4 has 3 fields, the header 4: a field is missing"),
              ("\"Dobírka\";\"billing\"", nil), ("\"Dobírka\";\"billing\";", nil),
              ("\"Dobírka\";\"billing\";\r\n", nil), ("\"Dobírka\";\"\"\r\n", nil), ("Dobírka;\r\n", nil),
          ])
    func rowShortOfLastColumn(ending: String, expected: String?) throws {
        try checkRowShortOfLastColumn(header: "\"code\";\"itemName\";\"orderItemType\";", ending: ending,
                                      expected: expected)
    }

    @Test("under a header ending ;; whole rows are read and a row short of a field is refused")
    func headerWithTwoTrailingSeparators() throws {
        try checkRowShortOfLastColumn(header: "\"code\";\"itemName\";\"orderItemType\";;",
                                      ending: "\"Dobírka\";\"billing\";\r\n", expected: nil)
        try checkRowShortOfLastColumn(header: "\"code\";\"itemName\";\"orderItemType\";;",
                                      ending: "\"Dobírka\";\r\n", expected: "line 4 has 3 fields, the header 5")
    }

    private func checkRowShortOfLastColumn(header: String, ending: String, expected: String?) throws {
        let text = header + "\r\n\"1\";\"Hrnek\";\"product\";\r\n"
            + "\"2\";\"Hrnek\";\"product\";\r\n\"2\";" + ending
        let folder = try TempFolder()
        let reader = try ShoptetCSVReader(path: try folder.write(text), fileName: "export.csv")
        let records = try readAll(reader)
        #expect(records.map(\.orderCode) == ["1", "2"])
        #expect(records.first?.issues == [])
        let issues = records.last?.issues ?? []
        if let expected {
            #expect(issues.map(\.field) == ["row"])
            #expect(issues.first?.message.hasPrefix(expected) == true, "\(issues)")
        } else {
            #expect(issues == [])
        }
    }

    /// Orders of product, shipping and payment rows; `withoutPayment` lists the orders (1-based)
    /// whose payment row is left out, as a file cut at a line break would leave the last one.
    @Test("a last order without the payment row every earlier order has is refused as a possible cut",
          arguments: [([3], true), ([1, 3], false), ([2], false), ([], false)])
    func lastOrderWithoutPaymentRow(withoutPayment: [Int], isRefused: Bool) throws {
        var text = "\"code\";\"itemName\";\"orderItemType\";\r\n"
        for order in 1...3 {
            text += "\"\(order)\";\"Hrnek\";\"product\";\r\n\"\(order)\";\"PPL\";\"shipping\";\r\n"
            if !withoutPayment.contains(order) { text += "\"\(order)\";\"Dobírka\";\"billing\";\r\n" }
        }
        let folder = try TempFolder()
        let records = try readAll(ShoptetCSVReader(path: try folder.write(text), fileName: "export.csv"))
        #expect(records.map(\.orderCode) == ["1", "2", "3"])
        #expect(records.dropLast().allSatisfy { $0.issues.isEmpty })
        let issues = records.last?.issues.map(\.message) ?? []
        #expect(issues == (isRefused ? ["the file ends after line 9 without this order's payment row (type billing, "
            + "or an item code starting BILLING), which every order before it has: it may be cut short; send the "
            + "whole file again"] : []))
    }

    /// A row whose code is empty or holds an invisible character may be a neighbour's row (its
    /// payment row): neither neighbour is registered without it. Other orders stay untouched.
    @Test("a row without a usable code refuses the orders right before and after it",
          arguments: ["", "2\u{7F}", "\u{200B}2", "  "])
    func rowWithoutUsableCode(_ code: String) throws {
        var text = "\"code\";\"itemName\";\"orderItemType\";\r\n"
        text += "\"1\";\"PPL\";\"shipping\";\r\n\"1\";\"Dobírka\";\"billing\";\r\n"
        text += "\"2\";\"PPL\";\"shipping\";\r\n\"\(code)\";\"Dobírka\";\"billing\";\r\n"
        text += "\"3\";\"PPL\";\"shipping\";\r\n\"3\";\"Dobírka\";\"billing\";\r\n"
        text += "\"4\";\"PPL\";\"shipping\";\r\n\"4\";\"Dobírka\";\"billing\";\r\n"
        let folder = try TempFolder()
        let records = try readAll(ShoptetCSVReader(path: try folder.write(text), fileName: "export.csv"))
        #expect(records.count == 5)
        let rowIssues = records.map { $0.issues.filter { $0.field == "row" }.map(\.message) }
        #expect(rowIssues[0].isEmpty && rowIssues[4].isEmpty, "\(rowIssues)")
        #expect(rowIssues[1] == ["the row after this order's rows (line 5) has no usable order code, so it may be a "
            + "row of this order (its payment row, say); correct that row's code in the ERP and send the file again"])
        #expect(rowIssues[3].first?.hasPrefix("the row before this order's rows (line 5) has no usable") == true,
                "\(rowIssues)")
    }

    @Test("adjacent rows whose codes differ only by a trailing no-break space, a BOM or composition are one order",
          arguments: ["6000000001\u{00A0}", "\u{FEFF}6000000001", " 6000000001\u{00A0}"])
    func codesDifferingInvisibly(_ variant: String) throws {
        let text = "\"code\";\"itemName\";\"orderItemType\";\r\n\"6000000001\";\"Hrnek\";\"product\";\r\n"
            + "\"\(variant)\";\"Dobírka\";\"billing\";\r\n\"6000000002\";\"Hrnek\";\"product\";\r\n"
        let folder = try TempFolder()
        let reader = try ShoptetCSVReader(path: try folder.write(text), fileName: "export.csv")
        let records = try readAll(reader)
        #expect(records.map(\.orderCode) == ["6000000001", "6000000002"])
        #expect(records.first?.isCashOnDelivery == true, "the billing row belongs to the first order")
        #expect(ShoptetCSVReader.isSameCode("Ž-1", "Z\u{030C}-1"))
        #expect(!ShoptetCSVReader.isSameCode("6000000001", "6000000011"))
    }
}
