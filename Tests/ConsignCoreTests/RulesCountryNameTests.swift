import ConsignCore
import Testing

@Suite("Country names map to ISO codes")
struct RulesCountryNameTests {
    @Test("recognises codes and names in six languages", arguments: [
        ("CZ", "CZ"), ("cz", "CZ"), ("sk", "SK"), ("CZE", "CZ"), ("hun", "HU"),
        ("Česká republika", "CZ"), ("Česko", "CZ"), ("CESKA REPUBLIKA", "CZ"), ("Czech Republic", "CZ"),
        ("Czechia", "CZ"), ("Tschechien", "CZ"), ("Slovensko", "SK"), ("Slovenská republika", "SK"),
        ("Slovakia", "SK"), ("Magyarország", "HU"), ("Maďarsko", "HU"), ("Hungary", "HU"), ("Polska", "PL"),
        ("Polsko", "PL"), ("Poland", "PL"), ("Deutschland", "DE"), ("Německo", "DE"), ("Österreich", "AT"),
        ("Rakousko", "AT"), ("Romania", "RO"), ("România", "RO"), ("  Česká  Republika ", "CZ"),
        ("Węgry", "HU"),
    ])
    func recognises(name: String, code: String) {
        #expect(CountryName.isoCode(for: name) == code)
    }

    @Test("returns nil for unknown names", arguments: ["Atlantis", "", "Czech Republik", "C"])
    func unknown(name: String) {
        #expect(CountryName.isoCode(for: name) == nil)
        #expect(CountryName.problem(name)?.contains("neither an ISO code") == true)
    }

    @Test("names no problem for a known country")
    func noProblem() {
        #expect(CountryName.problem("Česko") == nil)
    }
}
