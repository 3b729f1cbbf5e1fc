import Foundation

/// Country names as ERPs write them, mapped to ISO 3166-1 alpha-2 codes.
public enum CountryName {
    /// Folded names (see `TextFolding`) in cs, sk, hu, pl, de and en, with common variants.
    static let names: [String: [String]] = [
        "CZ": ["ceska republika", "cesko", "czech republic", "czechia", "czech", "csr",
               "czechy", "republika czeska", "tschechien", "tschechische republik", "csehorszag",
               "cseh koztarsasag", "cesky", "czech rep"],
        "SK": ["slovensko", "slovenska republika", "slovakia", "slovak republic", "slowakei", "szlovakia",
               "slowacja"],
        "HU": ["magyarorszag", "madarsko", "madarska republika", "hungary", "ungarn", "wegry"],
        "PL": ["polska", "polsko", "poland", "polen", "lengyelorszag", "rzeczpospolita polska"],
        "DE": ["deutschland", "nemecko", "germany", "niemcy", "nemetorszag", "bundesrepublik deutschland",
               "spolkova republika nemecko"],
        "AT": ["osterreich", "oesterreich", "rakousko", "rakusko", "austria", "ausztria"],
        "RO": ["romania", "rumunsko", "rumunia", "rumanien", "romenia"],
        "SI": ["slovinsko", "slovenia", "slowenien", "slowenia", "szlovenia", "slovenija"],
        "HR": ["chorvatsko", "croatia", "kroatien", "chorwacja", "horvatorszag", "hrvatska"],
        "IT": ["italie", "taliansko", "italy", "italien", "wlochy", "olaszorszag", "italia"],
        "FR": ["francie", "francuzsko", "france", "frankreich", "francja", "franciaorszag"],
        "NL": ["nizozemsko", "holandsko", "netherlands", "niederlande", "holandia", "hollandia", "nederland"],
        "BE": ["belgie", "belgicko", "belgium", "belgien", "belgia"],
        "GB": ["velka britanie", "velka britania", "united kingdom", "uk", "great britain", "grossbritannien",
               "wielka brytania", "nagy britannia"],
        "UA": ["ukrajina", "ukraine", "ukraina", "ukrajna"],
    ]

    /// Alpha-3 codes of the same countries.
    static let alpha3: [String: String] = [
        "cze": "CZ", "svk": "SK", "hun": "HU", "pol": "PL", "deu": "DE", "aut": "AT", "rou": "RO",
        "svn": "SI", "hrv": "HR", "ita": "IT", "fra": "FR", "nld": "NL", "bel": "BE", "gbr": "GB", "ukr": "UA",
    ]

    private static let lookup: [String: String] = {
        var table: [String: String] = [:]
        for (code, variants) in names {
            for variant in variants { table[variant] = code }
        }
        return table
    }()

    /// The ISO alpha-2 code for `text`: a two-letter code (upper-cased), a known alpha-3 code,
    /// or a country name in cs, sk, hu, pl, de or en, compared case- and diacritics-insensitively.
    ///
    /// Returns nil for names it does not know, so that the caller can report the field.
    public static func isoCode(for text: String) -> String? {
        memo.value(for: text, uncachedIsoCode)
    }

    /// Orders repeat the same few country names; folding each one anew was a hot spot.
    private static let memo = TextMemo<String?>()

    private static func uncachedIsoCode(for text: String) -> String? {
        let trimmed = text.trimmedOfWhitespace
        let folded = TextFolding.fold(trimmed)
        if let code = lookup[folded] { return code }
        if trimmed.count == 2, trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) {
            return trimmed.uppercased()
        }
        return alpha3[folded]
    }

    /// Why `text` names no country, or nil when it does (country names are not personal data).
    public static func problem(_ text: String) -> String? {
        guard isoCode(for: text) == nil else { return nil }
        return "country '\(text)' is neither an ISO code nor a known country name"
    }
}
