import ConsignCore
import Foundation
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
}
