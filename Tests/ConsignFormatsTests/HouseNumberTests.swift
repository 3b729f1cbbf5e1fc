import ConsignCore
import Testing

@testable import ConsignFormats

@Suite("A separate house number is joined to the street once")
struct HouseNumberTests {
    @Test("street, number → joined street", arguments: [
        ("Dlouhá", "12/3a", "Dlouhá 12/3a"),
        ("Dlouhá 12/3a", "12/3a", "Dlouhá 12/3a"),
        ("Dlouhá12", "12", "Dlouhá12 12"),
        ("Na Příkopě 2", "12", "Na Příkopě 2 12"),
        ("12", "12", "12 12"),
        ("", "5", "5"),
        ("Údolní", "", "Údolní"),
        ("Hlavná 48", "48", "Hlavná 48"),
        ("Ulica 1", "č. 1", "Ulica 1 č. 1"),
    ])
    func joins(street: String, number: String, expected: String) {
        var address = RawAddress(street: street.isEmpty ? nil : street, houseNumber: number.isEmpty ? nil : number)
        address.joinHouseNumber()
        #expect(address.street == expected)
        #expect(address.houseNumber == (number.isEmpty ? nil : number))
    }
}
