@testable import ConsignCore
import Foundation
import Glibc
import Testing

@Suite("Money, decimals and Shoptet dates")
struct MoneyAndDateTests {
    @Test("ERP decimals parse exactly", arguments: [
        ("1290,50", "1290.50"), ("1 290,50", "1290.50"), ("1\u{00A0}290,50", "1290.50"), ("1290.5", "1290.50"),
        ("1.290,50", "1290.50"), ("1,290.50", "1290.50"), ("0,00", "0.00"), ("-5,5", "-5.50"), ("100000", "100000.00"),
    ])
    func localizedDecimals(text: String, expected: String) throws {
        let value = try #require(Decimal.parse(localized: text))
        #expect(value.priceString == expected)
    }

    @Test("non-numbers are refused", arguments: ["", "abc", "12,3,4", "1..2", "--1", "1 2x"])
    func notNumbers(text: String) {
        #expect(Decimal.parse(localized: text) == nil)
    }

    @Test("a weight split between parcels rounds like Foundation's division, half up to grams", arguments: [
        ("10", 3), ("1", 3), ("2", 3), ("0.005", 2), ("0.001", 2), ("31.5", 4), ("7.777", 7), ("0", 2), ("-1", 3),
        ("123456.789", 11), ("0.0015", 1), ("1e-7", 2),
    ])
    func weightShares(text: String, parcels: Int) throws {
        let weight = try #require(Decimal(string: text))
        let expected = (weight / Decimal(parcels)).rounded(scale: 3)
        #expect(weight.divided(by: parcels, roundedTo: 3) == expected)
        #expect(weight.divided(by: parcels, roundedTo: 3).fixed(decimals: 3) == expected.fixed(decimals: 3))
    }

    @Test("sums in integer thousandths equal Foundation's Decimal sums, with inexact values mixed in")
    func exactSums() throws {
        let texts = ["1.25", "0.005", "31.5", "-2", "1290.50", "0.0001", "123456789012345678901234567", "0"]
        let values = try texts.map { try #require(Decimal(string: $0)) }
        for count in 0...values.count {
            let slice = Array(values.prefix(count))
            #expect(Decimal.exactSum(slice) == slice.reduce(Decimal(0), +), "\(count)")
        }
        #expect(Decimal.exactSum([Decimal(string: "0.1")!, Decimal(string: "0.2")!]).plainText == "0.3")
    }

    @Test("isLess agrees with Foundation's comparison on exact, inexact and huge values of both signs")
    func isLessAgrees() throws {
        let texts = ["0", "-0.001", "0.001", "0.0005", "1.25", "1.250", "-2", "1290.5", "1290.50", "31.5",
                     "123456789012345678901234567", "-123456789012345678901234567", "9223372036854775.807",
                     "9223372036854775.808", "0.0001"]
        let values = try texts.map { try #require(Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))) }
        for a in values {
            for b in values {
                #expect(Decimal.isLess(a, b) == (a < b), "\(a) < \(b)")
            }
        }
    }

    @Test("integer products and pair sums equal Foundation's, value and text, on exact, inexact and huge values")
    func exactArithmeticAgrees() throws {
        let texts = ["0", "-0.001", "0.001", "0.0005", "1.25", "1.250", "-2", "1290.5", "1290.50", "31.5", "1.21",
                     "100", "2500000", "0.01", "-17.125", "123456789012345678901234567", "9223372036854775.807",
                     "3037000499.97605", "4294967296", "0.00000000001"]
        let posix = Locale(identifier: "en_US_POSIX")
        var generator = SystemRandomNumberGenerator()
        let generated = (0..<300).map { _ in
            "\(Int.random(in: -99_999...99_999, using: &generator)).\(Int.random(in: 0...9_999, using: &generator))"
        }
        let values = try (texts + generated).map { try #require(Decimal(string: $0, locale: posix)) }
        for a in values.prefix(40) {
            for b in values {
                let product = Decimal.exactProduct(a, b)
                #expect(product == a * b, "\(a) × \(b)")
                #expect(product.plainText == (a * b).plainText, "\(a) × \(b)")
                let sum = Decimal.exactSum(a, b)
                #expect(sum == a + b, "\(a) + \(b)")
                #expect(sum.plainText == (a + b).plainText, "\(a) + \(b)")
            }
        }
    }

    @Test("money rounds half up to cents and keeps the currency upper case")
    func money() {
        let money = Money(Decimal(string: "10.005")!, "czk")
        #expect(money.formattedValue == "10.01")
        #expect(money.currencyCode == "CZK")
    }

    @Test("money encodes its value as a price string, as Shoptet does")
    func moneyJSON() throws {
        let data = try JSONEncoder().encode(Money(Decimal(string: "1290.5")!, "CZK"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"value\":\"1290.50\""))
        #expect(try JSONDecoder().decode(Money.self, from: data) == Money(Decimal(string: "1290.5")!, "CZK"))
    }

    @Test("Shoptet date-times have no colon in the offset and round-trip")
    func shoptetDates() throws {
        let date = Date(timeIntervalSince1970: 1_527_584_547)
        #expect(ShoptetDate.format(date) == "2018-05-29T09:02:27+0000")
        #expect(ShoptetDate.parse("2018-05-29T11:02:27+0200") == date)
        #expect(ShoptetDate.parse("2018-05-29T09:02:27") == date)
        #expect(ShoptetDate.parse("2018-13-29T09:02:27") == nil)
    }

    @Test("Shoptet dates agree with Foundation's UTC formatter on random instants of 1970–2199")
    func shoptetDatesAgree() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'+0000'"
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // Whole seconds: the formatter rounds a fraction, Shoptet dates cut it (as before).
            let date = Date(timeIntervalSince1970: Double(Int.random(in: 0..<7_258_118_400, using: &generator)))
            #expect(ShoptetDate.format(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("Shoptet date bytes written on the stack are the formatted text, four-digit year or not")
    func shoptetDateBytes() {
        var generator = SystemRandomNumberGenerator()
        let instants = (0..<500).map { _ in
            Double(Int.random(in: -70_000_000_000..<260_000_000_000, using: &generator))
        }
        for seconds in instants + [0, -1, 253_402_300_799, 253_402_300_800, -62_167_219_201] {
            let date = Date(timeIntervalSince1970: seconds)
            let bytes = ShoptetDate.withBytes(date) { Array($0) }
            #expect(String(decoding: bytes, as: UTF8.self) == ShoptetDate.format(date), "\(seconds)")
        }
    }

    @Test("fixed decimals are exact for small and large values", arguments: [
        ("0", 2, "0.00"), ("0.004", 2, "0.00"), ("0.005", 2, "0.01"), ("-0.004", 2, "0.00"), ("-0.5", 2, "-0.50"),
        ("1.25", 3, "1.250"), ("0.0625", 3, "0.063"), ("31.5", 3, "31.500"), ("1000", 2, "1000.00"),
        ("1e5", 0, "100000"), ("123456789012.345", 2, "123456789012.35"),
        ("98765432109876543210.5", 2, "98765432109876543210.50"), ("7", 0, "7"),
    ])
    func fixedDecimals(text: String, decimals: Int, expected: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(value.fixed(decimals: decimals) == expected)
    }

    @Test("plain text says what description says, for any magnitude and sign", arguments: [
        "0", "1.25", "-1.25", "0.005", "-0.005", "1e5", "12.5", "31.500", "123456789012.345", "-7",
        "98765432109876543210.5", "0.000000000000000000001", "1844674407370955161.5", "18446744073709551615",
        "18446744073709551616",
    ])
    func plainText(text: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(value.plainText == value.description)
        #expect(value.trimmed == NSDecimalNumber(decimal: value).stringValue)
        // Built from units and from arithmetic, as limits and weighted sides are.
        let scaled = Decimal(units: 31_500, scale: 3)
        #expect(scaled.trimmed == NSDecimalNumber(decimal: scaled).stringValue)
        let product = value * 4
        #expect(product.trimmed == NSDecimalNumber(decimal: product).stringValue, "\(value) × 4")
        #expect(Decimal(string: value.plainText, locale: Locale(identifier: "en_US_POSIX")) == value)
    }

    @Test("this Foundation's Decimal storage is read directly (else every order pays the slow route)")
    func storageIsReadable() {
        #expect(Decimal.isStorageReadable)
    }

    @Test("plain text and thousandths agree with Foundation on generated values of every size and sign")
    func generatedValuesAgree() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...24, using: &generator)
            let mantissa = String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! })
            let exponent = Int.random(in: -8...6, using: &generator)
            let sign = Bool.random(using: &generator) ? "-" : ""
            let text = "\(sign)\(mantissa)e\(exponent)"
            let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            #expect(value.plainText == value.description, "\(text)")
            var scaled = value * 1000
            var whole = Decimal()
            NSDecimalRound(&whole, &scaled, 0, .plain)
            let exact = whole == scaled && abs(whole) <= Decimal(Int64.max)
            let expected = exact ? Int64(whole.description) : nil
            #expect(value.thousandths == expected, "\(text)")
        }
    }

    @Test("fixed decimals agree with the slow path on thousands of generated amounts")
    func fixedAgreesWithRounding() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let cents = Int64.random(in: -10_000_000...10_000_000, using: &generator)
            let extra = Int.random(in: 0...999, using: &generator)
            let text = "\(cents / 100).\(String(format: "%02lld", abs(cents % 100)))\(extra)"
            let value = try #require(Decimal(string: cents < 0 && cents > -100 ? "-" + text : text))
            var source = value
            var rounded = Decimal()
            NSDecimalRound(&rounded, &source, 2, .plain)
            let expected = Decimal(string: value.fixed(decimals: 2))
            #expect(expected == rounded, "\(text)")
        }
    }

    @Test("dates format with four-digit years at both ends of the range", arguments: [
        (0.0, "1970-01-01T00:00:00+0000"), (-86_400.5, "1969-12-30T23:59:59+0000"),
        (253_402_300_799, "9999-12-31T23:59:59+0000"), (951_782_400, "2000-02-29T00:00:00+0000"),
    ])
    func formatsDates(seconds: Double, expected: String) {
        #expect(ShoptetDate.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("dates agree with the C library's gmtime_r across four centuries and leap days")
    func datesAgreeWithGmtime() {
        var generator = SystemRandomNumberGenerator()
        let samples = (0..<20_000).map { _ in Int.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
            + [951_782_399, 951_782_400, 4_107_542_400, -62_135_596_800 + 86_400 * 366]
        for seconds in samples {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d+0000", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            #expect(ShoptetDate.format(Date(timeIntervalSince1970: Double(seconds))) == expected, "\(seconds)")
        }
    }
}
