import Testing

@testable import ConsignCore

@Suite("Amounts of money that read two ways")
struct AmountTextTests {
    @Test("one separator then exactly three digits after one to three others is ambiguous; a leading 0 is not",
          arguments: [
        ("1.290", true), ("1,290", true), ("-1.290", true), ("12.290", true), ("123,290", true), (" 1.290 ", true),
        ("1234.290", false), ("0.290", false), ("-0,005", false), ("1.29", false), ("1.2900", false),
        ("1 290", false), ("1.290,50", false), ("1290", false), ("", false),
    ])
    func ambiguous(text: String, expected: Bool) {
        #expect(AmountText.isAmbiguous(text) == expected)
    }

    @Test("more than 38 digits exceed what a number can hold")
    func precision() {
        #expect(AmountText.exceedsPrecision(String(repeating: "9", count: 39)))
        #expect(!AmountText.exceedsPrecision(String(repeating: "9", count: 38)))
        #expect(!AmountText.exceedsPrecision("550.06666666666666667"))
    }
}
