@testable import ConsignCore
import Testing

/// `OrderNormalizer.endsWith` compares an ASCII house number as bytes; it must answer what
/// Unicode-aware `hasSuffix` answers.
@Suite("Street ends with its house number")
struct StreetSuffixTests {
    @Test("agrees with hasSuffix", arguments: [
        ("Dlouhá 12/3a", "12/3a"), ("Dlouhá 12/3a", "12/3b"), ("Dlouhá 112", "12"), ("12", "Dlouhá 12"),
        ("Náměstí Míru 5", "5"), ("Za Mostem 5\u{E1}", "5a\u{301}"), ("Za Mostem 5a\u{301}", "5\u{E1}"),
        ("Za Mostem 5a\u{301}", "5a"), ("", "1"), ("Ulice 1", ""),
    ])
    func agrees(street: String, number: String) {
        #expect(OrderNormalizer.endsWith(street, number) == street.hasSuffix(number))
    }

    @Test("a street that ends with its number is kept; another gets it appended")
    func joins() {
        #expect(OrderNormalizer.street(RawAddress(street: "Dlouhá 12/3a", houseNumber: "12/3a")) == "Dlouhá 12/3a")
        #expect(OrderNormalizer.street(RawAddress(street: "Dlouhá", houseNumber: "12/3a")) == "Dlouhá 12/3a")
    }
}
