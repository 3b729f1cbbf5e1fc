import ConsignCore
import Testing

@Suite("Postal codes take their country's canonical shape")
struct RulesPostalCodeTests {
    @Test("accepts and reshapes", arguments: [
        ("11000", "CZ", "110 00"),
        ("110 00", "CZ", "110 00"),
        (" 110\u{00A0}00 ", "CZ", "110 00"),
        ("01001", "SK", "010 01"),
        ("1037", "HU", "1037"),
        ("1010", "at", "1010"),
        ("00-940", "PL", "00-940"),
        ("00940", "PL", "00-940"),
        ("26133", "DE", "26133"),
        ("010011", "RO", "010011"),
        ("CZ-11000", "CZ", "110 00"), ("cz 110 00", "CZ", "110 00"), ("SK81101", "SK", "811 01"),
        ("H-1051", "HU", "1051"), ("A-1010", "AT", "1010"), ("D-26133", "DE", "26133"),
        ("PL-00-940", "PL", "00-940"), ("RO-010011", "RO", "010011"),
    ])
    func reshapes(raw: String, country: String, expected: String) {
        #expect(PostalCode.normalize(raw, countryCode: country) == expected)
    }

    @Test("refuses a wrong shape rather than guessing", arguments: [
        ("1100", "CZ"),
        ("110000", "CZ"),
        ("11O 00", "CZ"),
        ("10370", "HU"),
        ("0094", "PL"),
        ("2613", "DE"),
        ("01001", "RO"),
        ("", "SK"),
        ("1\u{0301}10 00", "CZ"),
        ("110\u{00C2}00", "CZ"),
        ("١١٠٠٠", "CZ"),
        ("D-11000", "CZ"), ("SK-11000", "CZ"), ("CZX11000", "CZ"), ("A1010", "HU"),
    ])
    func refusesWrongShape(raw: String, country: String) {
        #expect(PostalCode.normalize(raw, countryCode: country) == nil)
        #expect(PostalCode.problem(raw, countryCode: country)?.contains(PostalCode.expectedShape(countryCode: country))
                == true)
    }

    @Test("refuses a code that starts with digits its country does not use", arguments: [
        ("00000", "CZ"), ("000 00", "CZ"), ("811 01", "CZ"), ("90101", "CZ"), ("CZ-01001", "CZ"),
        ("110 00", "SK"), ("71101", "SK"), ("0123", "HU"), ("H-0999", "HU"), ("0999", "AT"), ("00123", "DE"),
    ])
    func refusesUnusedStart(raw: String, country: String) {
        #expect(PostalCode.normalize(raw, countryCode: country) == nil)
        #expect(PostalCode.hasShape(raw, countryCode: country))
        let rule = PostalCode.firstDigitProblem(raw, countryCode: country)
        #expect(rule != nil)
        #expect(PostalCode.problem(raw, countryCode: country)?.contains(rule ?? "-") == true)
    }

    @Test("names the first-digit rule only for a code of the right shape", arguments: [
        ("110\u{2013}00", "CZ"), ("CZ\u{00A0}\u{00A0}110 00x", "CZ"), ("0000", "CZ"), ("11000", "HU"),
    ])
    func firstDigitRuleOnlyForShape(raw: String, country: String) {
        #expect(PostalCode.firstDigitProblem(raw, countryCode: country) == nil)
        #expect(PostalCode.problem(raw, countryCode: country)?.contains("first digit") == false)
    }

    @Test("keeps every first digit its country uses", arguments: [
        ("CZ", Array("1234567")), ("SK", Array("089")), ("HU", Array("123456789")), ("AT", Array("123456789")),
        ("PL", Array("0123456789")), ("RO", Array("0123456789")),
    ])
    func keepsUsedStarts(country: String, firsts: [Character]) {
        let count = ["HU": 4, "AT": 4, "RO": 6][country] ?? 5
        for first in firsts {
            let raw = String(first) + String(repeating: "1", count: count - 1)
            #expect(PostalCode.normalize(raw, countryCode: country) != nil, "\(raw) \(country)")
        }
        #expect(PostalCode.normalize("01067", countryCode: "DE") == "01067")
    }

    @Test("describes the expected shape", arguments: [
        ("CZ", "NNN NN"), ("SK", "NNN NN"), ("HU", "NNNN"), ("AT", "NNNN"), ("PL", "NN-NNN"), ("DE", "NNNNN"),
        ("RO", "NNNNNN"),
    ])
    func describesShape(country: String, shape: String) {
        #expect(PostalCode.expectedShape(countryCode: country) == shape)
    }

    @Test("keeps a plausible code of a country without a known shape")
    func keepsUnknownCountryCode() {
        #expect(PostalCode.normalize(" sw1a 1aa ", countryCode: "GB") == "SW1A 1AA")
        #expect(PostalCode.normalize("<script>", countryCode: "GB") == nil)
    }
}
