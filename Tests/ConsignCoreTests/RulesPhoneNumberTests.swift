import ConsignCore
import Testing

@Suite("Phone numbers normalise to E.164")
struct RulesPhoneNumberTests {
    @Test("accepts the shapes ERPs write", arguments: [
        ("+420 601 123 456", "CZ", "+420601123456"),
        ("00420601123456", "CZ", "+420601123456"),
        ("601123456", "CZ", "+420601123456"),
        ("601 123 456", "CZ", "+420601123456"),
        ("420601123456", "CZ", "+420601123456"),
        ("(+420) 601-123-456", "CZ", "+420601123456"),
        ("0912 123 456", "SK", "+421912123456"),
        ("+421 912 123 456", "SK", "+421912123456"),
        ("06 20 123 4567", "HU", "+36201234567"),
        ("+36-20/123-4567", "HU", "+36201234567"),
        ("06 1 234 5678", "HU", "+3612345678"),
        ("+36 30 123 4567", "HU", "+36301234567"),
        ("06 46 123 456", "HU", "+3646123456"),  // Miskolc: two-digit area code, six digits
        ("+36 21 123 4567", "HU", "+36211234567"),
        ("+48 501-234-567", "PL", "+48501234567"),
        ("501234567", "PL", "+48501234567"),
        ("030 1234567", "DE", "+49301234567"),
        ("+43 1 5878900", "AT", "+4315878900"),
        ("0722 123 456", "RO", "+40722123456"),
        ("+421 912 123 456", "CZ", "+421912123456"),
        ("601123456", "cz", "+420601123456"),
        ("+420\u{00A0}601 123 456", "CZ", "+420601123456"),
        ("00\u{00A0}36 20 123 4567", "HU", "+36201234567"),
        ("+1 212 555 0100", "CZ", "+12125550100"),
    ])
    func acceptsCommonShapes(raw: String, country: String, expected: String) {
        #expect(PhoneNumber.normalize(raw, countryCode: country) == expected)
    }

    @Test("refuses wrong digit counts and letters", arguments: [
        ("60112345", "CZ"),
        ("6011234567", "CZ"),
        ("+420 601 123 45", "CZ"),
        ("+420 601 123 4567", "CZ"),
        ("0912 123 45", "SK"),
        ("06 20 123 45", "HU"),
        ("+36 30 123 456", "HU"),  // a mobile (20, 30, 31, 50, 70) has nine digits
        ("06 70 1234 567 8", "HU"),
        ("+36 1 234 56789", "HU"),  // a Budapest number has eight
        ("0036 50 123 456", "HU"),
        ("36 1 234 567", "HU"),  // a Budapest number one short is no Eger one (area 36: eight digits)
        ("+36 52 123 4567", "HU"),  // a two-digit area code leaves six digits
        ("+48 501 234 56", "PL"),
        ("601 123 456 ext 12", "CZ"),
        ("", "CZ"),
        ("+", "CZ"),
        ("601123456", "XX"),
    ])
    func refusesWrongNumbers(raw: String, country: String) {
        #expect(PhoneNumber.normalize(raw, countryCode: country) == nil)
        #expect(PhoneNumber.problem(raw, countryCode: country) != nil)
    }

    @Test("names no problem for a valid number")
    func noProblemForValidNumber() {
        #expect(PhoneNumber.problem("601123456", countryCode: "cz") == nil)
    }
}
