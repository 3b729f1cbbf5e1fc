import ConsignCore
import Testing

@Suite("Czech bank accounts and IBANs")
struct RulesBankAccountTests {
    @Test("converts domestic accounts to IBAN and back", arguments: [
        ("19-2000145399/0800", "CZ6508000000192000145399"),
        ("34278-727558021/0100", "CZ2101000342780727558021"),
    ])
    func convertsBothWays(domestic: String, iban: String) throws {
        let account = try BankAccount.parse(domestic)
        #expect(account.iban(countryCode: "CZ") == iban)
        #expect(try BankAccount.fromIBAN(iban).description == domestic)
        #expect(IBAN.isValid(iban))
    }

    @Test("normalises leading zeros and spaces")
    func normalisesZeros() throws {
        let account = try BankAccount.parse(" 000019-2000145399 / 0800 ")
        #expect(account.prefix == "19")
        #expect(account.description == "19-2000145399/0800")
        #expect(try BankAccount.parse("2345678/2010").description == "2345678/2010")
        #expect(try BankAccount.fromIBAN("CZ65 0800 0000 1920 0014 5399").bankCode == "0800")
    }

    @Test("refuses bad accounts with a reason", arguments: [
        ("123456789/0800", "number fails the mod-11 check"),
        ("18-2000145399/0800", "prefix fails the mod-11 check"),
        ("0000000000/0800", "number is zero"),
        ("2000145399/0000", "bank code 0000"),
        ("2000145399/080", "bank code must be 4 digits"),
        ("2000145399", "no '/bank' part"),
        ("1-2-2000145399/0800", "more than one '-'"),
        ("1234567-2000145399/0800", "prefix must be at most 6 digits"),
        ("20001453990/0800", "number must be 2 to 10 digits"),
        ("20001A5399/0800", "number must be 2 to 10 digits"),
    ])
    func refusesBadAccounts(text: String, reason: String) {
        #expect {
            try BankAccount.parse(text)
        } throws: { error in
            let error = error as? CoreError
            return error?.instance == "bankAccount" && error?.message.contains(reason) == true
        }
    }

    @Test("refuses bad IBANs with a reason", arguments: [
        ("CZ6508000000000192834123", "mod-97"),
        ("CZ650800000019200014539", "must have 24 characters"),
        ("SK31 1200 0000 1987 4263 75", "must have 24 characters"),
        ("DE8937040044053201300", "must have 22 characters"),
        ("12CZ08000000192000145399", "IBAN shape"),
    ])
    func refusesBadIBANs(text: String, reason: String) {
        #expect(!IBAN.isValid(text))
        #expect {
            try IBAN.validate(text)
        } throws: { error in
            (error as? CoreError)?.message.contains(reason) == true
        }
    }

    @Test("accepts valid IBANs of other countries", arguments: [
        "SK3112000000198742637541", "DE89370400440532013000", "AT611904300234573201",
        "PL61109010140000071219812874", "HU42117730161111101800000000",
    ])
    func acceptsOtherCountries(text: String) throws {
        #expect(try IBAN.validate(text.lowercased()) == text)
    }

    @Test("has no domestic form for a foreign IBAN")
    func refusesForeignDomesticForm() {
        #expect(throws: CoreError.self) { try BankAccount.fromIBAN("DE89370400440532013000") }
    }

    @Test("makes a Slovak IBAN with the same layout")
    func makesSlovakIBAN() throws {
        let iban = try BankAccount.parse("19-2000145399/0800").iban(countryCode: "SK")
        #expect(iban.hasPrefix("SK"))
        #expect(IBAN.isValid(iban))
        #expect(try BankAccount.fromIBAN(iban).description == "19-2000145399/0800")
    }
}
