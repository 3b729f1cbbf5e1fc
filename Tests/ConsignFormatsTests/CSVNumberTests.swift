import ConsignCore
@testable import ConsignFormats
import Foundation
import Testing

@Suite("CSV numbers")
struct CSVNumberTests {
    static let inputs = [
        "1290.50", "1290,50", "1 290,50", "1\u{00A0}290,50", "1\u{202F}290,50", "1.290,50", "1,290.50",
        "1.290.000,50", "-5", "- 5", "0", "-0", "0,00", ".5", "1.", "14,5", "12 990", "1.2.3", "1,2,3", "12,3,4",
        "abc", "10x", "-", ".", "", "1-2", "+5", "1e5", " 7 ", "123456789012345678", "0.001",
    ]

    @Test("parses field bytes exactly like Decimal.parse(localized:)", arguments: inputs)
    func matchesCore(text: String) {
        let expected = Decimal.parse(localized: text)
        let parsed = Array(text.utf8).withUnsafeBufferPointer { CSVNumber.parse($0) }
        switch parsed {
        case .number(let value): #expect(value == expected)
        case .notANumber: #expect(expected == nil)
        case .tooLong: Issue.record("\(text) should fit in 64 bits")
        }
    }

    @Test("whole crowns written the Czech way (1290,-) are whole numbers; a bare dash is not a number",
          arguments: [("1290,-", "1290"), ("1 290,-", "1290"), ("99.-", "99"), (",-", nil), ("1,5-", nil)])
    func wholeCrowns(text: String, expected: String?) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { CSVNumber.parse($0) }
        #expect(parsed == (expected.map { .number(Decimal(string: $0)!) } ?? .notANumber))
    }

    @Test("Windows-1250 NBSP (0xA0) is a thousands separator")
    func singleByteSpace() {
        let parsed = [0x31, 0xA0, 0x32, 0x39, 0x30, 0x2C, 0x35].withUnsafeBufferPointer { CSVNumber.parse($0) }
        #expect(parsed == .number(Decimal(string: "1290.5")!))
    }

    @Test("more digits than 64 bits hold are left to the core's parser")
    func tooLong() {
        let parsed = Array("12345678901234567890,5".utf8).withUnsafeBufferPointer { CSVNumber.parse($0) }
        #expect(parsed == .tooLong)
    }
}
