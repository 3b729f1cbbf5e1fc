import Foundation
import Testing

@testable import ConsignCore

@Suite("The byte paths of the address rules agree with their general forms")
struct AddressRuleByteTests {
    static let phoneBytes: [String] = ["0", "0", "1", "2", "4", "6", "9", "+", " ", "-", "/", ".", "(", ")", "\t",
                                       "\n", "\r", "\u{0B}", "a", "x", "#", "00", "420", "421", "36", "06", "48"]
    static let countries = ["CZ", "SK", "HU", "PL", "RO", "DE", "AT", "cz", "hu", "XX", ""]

    static func random(_ pieces: [String], upTo length: Int) -> String {
        (0..<Int.random(in: 0...length)).map { _ in pieces.randomElement()! }.joined()
    }

    @Test("ASCII phone numbers: the in-place reading gives what the reading by characters gives")
    func phoneAgrees() {
        var differences: [String] = []
        for _ in 0..<20_000 {
            let raw = Self.random(Self.phoneBytes, upTo: 16)
            let country = Self.countries.randomElement()!
            let fast = PhoneNumber.normalize(raw, countryCode: country)
            let general = PhoneNumber.normalizeGeneral(raw, countryCode: country)
            if fast != general {
                differences.append("\(raw.debugDescription) \(country): \(fast ?? "nil") \(general ?? "nil")")
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    /// The canonical postal code, written plainly from the rule's words: digits kept, space,
    /// hyphen and no-break space skipped, anything else refused, exact digit count.
    static func expectedPostalCode(_ raw: String, digits count: Int, separator: String, at offset: Int,
                                   prefixes: [String] = [], refusedStarts: [String] = []) -> String? {
        var digits = ""
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // The country's letters in front, followed by a hyphen, a space or a digit, are dropped.
        for prefix in prefixes where text.uppercased().hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard let next = rest.first else { continue }
            if next == "-" || next == " " {
                text = String(rest.dropFirst())
                break
            }
            if next.isASCII && next.isNumber {
                text = String(rest)
                break
            }
        }
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if ![" ", "-", "\u{00A0}"].contains(scalar) {
                return nil
            }
        }
        guard digits.count == count, !refusedStarts.contains(where: { digits.hasPrefix($0) }) else { return nil }
        guard !separator.isEmpty else { return digits }
        return String(digits.prefix(offset)) + separator + String(digits.dropFirst(offset))
    }

    @Test("postal codes: canonical shapes from random digits and separators")
    func postalCodesAgree() {
        let pieces = ["0", "1", "5", "9", " ", "-", "\u{00A0}", "\t", "a", "O", "\u{0301}", "/", "12", "345", "cz",
                      "D", "H", "hu", "SK", "Pl", "RO", "at"]
        let shapes: [(String, Int, String, Int, [String], [String])] = [
            ("CZ", 5, " ", 3, ["CZ"], ["0", "8", "9"]), ("sk", 5, " ", 3, ["SK"], ["1", "2", "3", "4", "5", "6", "7"]),
            ("HU", 4, "", 0, ["HU", "H"], ["0"]), ("AT", 4, "", 0, ["AT", "A"], ["0"]),
            ("PL", 5, "-", 2, ["PL"], []), ("DE", 5, "", 0, ["DE", "D"], ["00"]), ("RO", 6, "", 0, ["RO"], []),
        ]
        var differences: [String] = []
        for _ in 0..<20_000 {
            let raw = Self.random(pieces, upTo: 9)
            let (country, count, separator, offset, prefixes, refusedStarts) = shapes.randomElement()!
            let made = PostalCode.normalize(raw, countryCode: country)
            let expected = Self.expectedPostalCode(raw, digits: count, separator: separator, at: offset,
                                                   prefixes: prefixes, refusedStarts: refusedStarts)
            if made != expected { differences.append("\(raw.debugDescription) \(country): \(made ?? "nil")") }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test("ASCII e-mail addresses: the in-place test gives what the test by characters gives")
    func emailAgrees() {
        let pieces = ["a", "b", "z", "0", "9", ".", "@", "-", "_", "+", " ", "\t", "\n", "\r\n", "\u{1C}", "<", ">",
                      "example", "cz", "..", "@@", ":", ";", "\"", "(", "]", "\\", ",", "\u{7F}", "12"]
        var differences: [String] = []
        for _ in 0..<20_000 {
            let raw = Self.random(pieces, upTo: 8)
            let fast = OrderNormalizer.isPlausibleEmail(raw)
            if fast != OrderNormalizer.isPlausibleEmailGeneral(raw) { differences.append(raw.debugDescription) }
        }
        let long = String(repeating: "a", count: 250) + "@b.cz"
        #expect(OrderNormalizer.isPlausibleEmail(long) == OrderNormalizer.isPlausibleEmailGeneral(long))
        #expect(OrderNormalizer.isPlausibleEmail("jan.novak@example.cz"))
        #expect(!OrderNormalizer.isPlausibleEmail("jan.novak@example."))
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    /// What `OrderNormalizer.withoutControls` does, scalar by scalar: C0 controls, DEL, C1
    /// controls and the BOM become spaces.
    static func withoutControlsByScalars(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFEFF ? " " : scalar
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test("controls become spaces on the bytes exactly as scalar by scalar: C0, DEL, C1, BOM, others kept")
    func controlsAgree() {
        let pieces = ["a", "Ž", "é", " ", "\n", "\r\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}",
                      "\u{9F}", "\u{A0}", "\u{C2}", "\u{FEFF}", "\u{FEFE}", "\u{FFBF}", "😀", "\u{200B}", "x\u{0301}"]
        var differences: [String] = []
        for _ in 0..<20_000 {
            let raw = Self.random(pieces, upTo: 8)
            let bytes = Array(OrderNormalizer.withoutControls(raw).utf8)
            if bytes != Array(Self.withoutControlsByScalars(raw).utf8) {
                differences.append(raw.debugDescription)
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(OrderNormalizer.withoutControls("Prosím\r\nnezvonit\u{FEFF}") == "Prosím  nezvonit ")
    }

    @Test("e-mail addresses a carrier could not use are refused, usual ones kept", arguments: [
        ("jan.novak@example.cz", true), ("j+shop@mail.example.co.uk", true), ("o'brien@example.ie", true),
        ("jan@xn--exmple-cua.cz", true), ("žofie@příklad.cz", true), ("jan@a-b.cz", true), ("j@e.cz", true),
        (".jan@example.cz", false), ("jan.@example.cz", false), ("jan..x@example.cz", false),
        ("jan@example..cz", false), ("jan@.example.cz", false), ("jan@example.cz.", false),
        ("jan@-example.cz", false), ("jan@example-.cz", false), ("mailto:jan@example.cz", false),
        ("jan@example.c", false), ("jan@example.123", false), ("jan@localhost", false),
        ("jan@example.cz\u{200B}", false), ("jan\u{202E}@example.cz", false), ("Jan <jan@example.cz>", false),
        ("jan@@example.cz", false), ("jan@exa@mple.cz", false), ("\"jan\"@example.cz", false),
        ("jan\u{00A0}@example.cz", false), ("jan@example.cz\u{FEFF}", false),
    ])
    func emailCases(address: String, plausible: Bool) {
        #expect(OrderNormalizer.isPlausibleEmail(address) == plausible)
        #expect(OrderNormalizer.isPlausibleEmailGeneral(address) == plausible)
    }
}

