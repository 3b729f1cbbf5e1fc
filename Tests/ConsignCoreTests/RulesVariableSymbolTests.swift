import ConsignCore
import Testing

@Suite("Variable symbols are 1 to 10 digits")
struct RulesVariableSymbolTests {
    @Test("keeps digits as given", arguments: [
        ("2024000123", "2024000123"), ("0001", "0001"), (" 42 ", "42"), ("7", "7"),
    ])
    func keepsDigits(raw: String, expected: String) {
        #expect(VariableSymbol.normalize(raw) == expected)
        #expect(VariableSymbol.problem(raw) == nil)
    }

    @Test("refuses order codes with letters and overlong numbers", arguments: [
        "E-2024/15", "OBJ2024001", "12345678901", "", "12 34", "١٢٣",
    ])
    func refusesOthers(raw: String) {
        #expect(VariableSymbol.normalize(raw) == nil)
        #expect(VariableSymbol.problem(raw) != nil)
    }
}
