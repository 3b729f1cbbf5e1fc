import ConsignCore
import ConsignFormats
import Foundation
import Testing

/// An expected record: code and line, then the fields a case sets.
func order(_ code: String, line: Int, _ configure: (inout OrderRecord) -> Void = { _ in }) -> OrderRecord {
    var record = OrderRecord(orderCode: code, location: SourceLocation(line: line))
    configure(&record)
    return record
}

@Suite("Consign CSV reader")
struct ConsignCSVReaderTests {
    /// Small Consign CSV inputs and the records they must give.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let expected: [OrderRecord]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "home delivery with an address, a separate house number and comma decimals",
             text: "orderCode;shippingMethod;name;street;houseNumber;city;zip;country;phone;email;weight;value;"
                + "currency\n"
                + "2024000101;PPL;Jan Šťastný;Dlouhá;12/3a;Praha 1;110 00;CZ;+420 601 123 456;jan@example.cz;1,25;"
                + "1 290,50;czk\n",
             expected: [order("2024000101", line: 2) {
                 $0.shippingMethod = "PPL"
                 $0.recipient = RawAddress(name: "Jan Šťastný", street: "Dlouhá 12/3a", houseNumber: "12/3a",
                                           city: "Praha 1", zip: "110 00", country: "CZ", phone: "+420 601 123 456",
                                           email: "jan@example.cz")
                 $0.weight = Decimal(string: "1.25")
                 $0.declaredValue = Decimal(string: "1290.50")
                 $0.currency = "CZK"
             }]),
        Case(name: "columns in any order and any case, unknown columns ignored",
             text: "ZIP;Whatever;ORDERCODE;Carrier;SERVICE;pickupPointID\n1037;x;H-1;packeta;pickup_point;31502\n",
             expected: [order("H-1", line: 2) {
                 $0.recipient.zip = "1037"
                 $0.carrierCode = "packeta"
                 $0.serviceCode = "pickup_point"
                 $0.pickupPointId = "31502"
             }]),
        Case(name: "the COD and the amounts each keep their own currency",
             text: "orderCode,cod,codCurrency,currency,packages\nSK-7,\"45,90\",eur,CZK,2\n",
             expected: [order("SK-7", line: 2) {
                 $0.isCashOnDelivery = true
                 $0.codAmount = Decimal(string: "45.90")
                 $0.codCurrency = "EUR"
                 $0.currency = "CZK"
                 $0.packageCount = 2
             }]),
        Case(name: "a number of more than 38 digits is refused, not garbled",
             text: "orderCode;cod;weight\nL1;12345678901234567890123456789012345678901234;1\n",
             expected: [order("L1", line: 2) {
                 $0.weight = 1
                 $0.issues = [FieldIssue(field: "cod", message: "'1234567890123456789012345678901234567890…' has "
                     + "more than 38 digits; no amount, weight or size is that long")]
             }]),
        Case(name: "an amount of money that reads two ways (1.290: 1290 or 1.29) is refused; a weight is not",
             text: "orderCode;cod;value;weight\nM1;1.290;1,290;1.290\nM2;1.290,00;1 290;1,250\nM3;12.50;-1.290;\n",
             expected: [
                 order("M1", line: 2) {
                     $0.weight = Decimal(string: "1.29")
                     $0.issues = [
                         FieldIssue(field: "value", message: "'1,290' could mean 1290 or 1.290 (one separator, then "
                             + "three digits); write the amount without a thousands separator and with at most "
                             + "two decimals"),
                         FieldIssue(field: "cod", message: "'1.290' could mean 1290 or 1.290 (one separator, then "
                             + "three digits); write the amount without a thousands separator and with at most "
                             + "two decimals"),
                     ]
                 },
                 order("M2", line: 3) {
                     $0.isCashOnDelivery = true
                     $0.codAmount = 1290
                     $0.declaredValue = 1290
                     $0.weight = Decimal(string: "1.25")
                 },
                 order("M3", line: 4) {
                     $0.isCashOnDelivery = true
                     $0.codAmount = Decimal(string: "12.5")
                     $0.issues = [
                         FieldIssue(field: "value", message: "'-1.290' could mean -1290 or -1.290 (one separator, "
                             + "then three digits); write the amount without a thousands separator and with at most "
                             + "two decimals"),
                     ]
                 },
             ]),
        Case(name: "zero COD is not cash on delivery",
             text: "orderCode;cod;currency\nA1;0;PLN\n",
             expected: [order("A1", line: 2) { $0.currency = "PLN" }]),
        Case(name: "bad numbers become field issues and reading goes on",
             text: "orderCode;weight;cod;value;packages;width\nB1;-2;abc;1.2.3;0;10x\nB2;2;;;;\n",
             expected: [
                 order("B1", line: 2) {
                     $0.issues = [
                         FieldIssue(field: "weight", message: "weight must not be negative, got '-2'"),
                         FieldIssue(field: "width", message: "'10x' is not a number"),
                         FieldIssue(field: "packages",
                                    message: "packages must be a whole number of at least 1, got '0'"),
                         FieldIssue(field: "value", message: "'1.2.3' is not a number"),
                         FieldIssue(field: "cod", message: "'abc' is not a number"),
                     ]
                 },
                 order("B2", line: 3) { $0.weight = 2 },
             ]),
        Case(name: "a ragged row and an empty order code are reported, not fatal",
             text: "orderCode;city;zip\nC1;Brno\n;Olomouc;779 00\n",
             expected: [
                 order("C1", line: 2) {
                     $0.recipient.city = "Brno"
                     $0.issues = [FieldIssue(field: "row", message: "row has 2 fields, header has 3")]
                 },
                 order("", line: 3) {
                     $0.recipient.city = "Olomouc"
                     $0.recipient.zip = "779 00"
                     $0.issues = [FieldIssue(field: "orderCode", message: "the order code is empty")]
                 },
             ]),
        Case(name: "a row longer than the header (an unquoted separator) is reported; empty extras are not",
             text: "orderCode;city;note\nE1;Brno;ring; twice\nE2;Olomouc;;;\n",
             expected: [
                 order("E1", line: 2) {
                     $0.recipient.city = "Brno"
                     $0.note = "ring"
                     $0.issues = [
                         FieldIssue(
                             field: "row",
                             message: "row has 4 fields, header has 3; a value holding the separator must be "
                                 + "in double quotes")
                     ]
                 },
                 order("E2", line: 3) { $0.recipient.city = "Olomouc" },
             ]),
        Case(name: "a header with a trailing separator over rows without one and an empty last value",
             text: "orderCode;city;note;\nF1;Brno;\nF2;\"Olomouc\";\n",
             expected: [
                 order("F1", line: 2) { $0.recipient.city = "Brno" },
                 order("F2", line: 3) { $0.recipient.city = "Olomouc" },
             ]),
        Case(name: "a multi-line note keeps its lines and the next order its line number",
             text: "orderCode;note;variableSymbol\r\nD1;\"Nezvonit;\r\nnechat u sousedů\";2024000123\r\nD2;;\r\n",
             expected: [
                 order("D1", line: 2) {
                     $0.note = "Nezvonit;\r\nnechat u sousedů"
                     $0.variableSymbol = "2024000123"
                 },
                 order("D2", line: 4),
             ]),
    ]

    @Test("reads rows into order records", arguments: cases)
    func reads(_ testCase: Case) throws {
        let folder = try TempFolder()
        let reader = try ConsignCSVReader(path: try folder.write(testCase.text), fileName: "orders.csv")
        let records = try readAll(reader)
        #expect(records.count == testCase.expected.count)
        for (record, expected) in zip(records, testCase.expected) {
            #expect(record == expected)
        }
    }

    @Test("a header without orderCode is a missing column")
    func missingOrderCode() throws {
        let folder = try TempFolder()
        let path = try folder.write("code;name\n1;Jan\n")
        let error = #expect(throws: FormatError.self) { try ConsignCSVReader(path: path, fileName: "orders.csv") }
        #expect(error?.code == .missingColumn)
        #expect(error?.message.contains("orderCode") == true)
    }

    @Test("the dialect repeats separator, line ending and encoding")
    func dialect() throws {
        let folder = try TempFolder()
        let path = try folder.write("orderCode,city\r\nA,Győr\r\n", encoding: .windows1250)
        let reader = try ConsignCSVReader(path: path, fileName: "orders.csv")
        #expect(reader.dialect.format == .consignCSV)
        #expect(reader.dialect.separator == UInt8(ascii: ","))
        #expect(reader.dialect.lineEnding == .crlf)
        #expect(reader.dialect.encoding == .windows1250)
        #expect(try reader.next()?.recipient.city == "Győr")
    }
}
