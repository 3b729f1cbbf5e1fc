import Foundation

/// Recognises the payment names that mean cash on delivery, in the region's languages, for
/// every reader alike: "Dobírka", "Platba dobírkou", "Dobierka", "Utánvét", "Płatność przy
/// odbiorze (pobranie)", "Nachnahme", "COD", "Platba při převzetí", "Hotově u kurýra", "Cash on
/// delivery". A term within three words after a negation in the same clause ("Bez dobírky", "Bez
/// platby dobírkou", "nicht per Nachnahme") or right before one ("dobírka nelze", "Utánvét
/// nélkül") does not count; "Dobírka bez poplatku" and "Bez zálohy - dobírka" (the negation in
/// another clause, after a comma, a dash between spaces, a slash or a bracket) do.
public enum CashOnDeliveryName {
    /// Words whose beginning names COD ("dobirk" is dobírka, dobírkou, dobírky…).
    private static let stems = ["dobirk", "dobierk", "utanvet", "pobrani", "nachnahm"].map { Array($0.utf8) }
    /// Whole words or phrases that name COD (or payment on delivery or pickup).
    private static let phrases = [
        "cod", "c o d", "cash on delivery", "pay on delivery", "payment on delivery", "collect on delivery",
        "pri prevzeti", "pri prevzati", "pri doruceni", "pri dodani", "pri vyzvednuti", "pri vyzdvihnuti",
        "u kuryra", "kuryrovi", "kurierovi", "kurierowi", "na vydejnim miste", "na vydajnom mieste",
        "przy odbiorze", "u kuriera", "atvetelkor", "atvetelekor", "a futarnal", "kezbesiteskor",
        "zahlung bei lieferung", "barzahlung bei lieferung",
    ].map { Array($0.utf8) }
    /// Words that turn a term within three words after them, in the same clause, around.
    private static let negations: Set<[UInt8]> = Set(
        ["bez", "ne", "nelze", "nikoliv", "nikoli", "zadna", "zadny", "zadne", "ziadna", "ziadny", "ohne", "kein",
         "keine", "nicht", "without", "no", "non", "not", "nie", "nem", "nincs"].map { Array($0.utf8) })
    /// Words that turn the term right before them around.
    private static let afterNegations: Set<[UInt8]> = Set(
        ["nelze", "nelkul", "nemozna", "nemozne", "nedostupna", "nedostupne", "nedostupny", "nepodporovana"]
            .map { Array($0.utf8) })
    /// How many words before a term a negation still turns it around.
    private static let negationReach = 3

    private static let space = UInt8(ascii: " ")
    /// Between clauses in the folded text: a negation does not reach across it.
    private static let clause = UInt8(ascii: "|")

    /// True when `name` says the order is paid otherwise than on delivery (transfer, card, online
    /// gateways, in advance, on invoice), in the region's languages: a name that is neither this
    /// nor COD is worth a warning, since it is registered without COD.
    public static func isKnownPrepaid(_ name: String) -> Bool {
        prepaidMemo.value(for: name) { name in
            let words = fold(name)
            return prepaidStems.contains { occurs($0, in: words, wholeWord: false) }
        }
    }

    private static let prepaidMemo = TextMemo<Bool>(limit: 256)
    /// Beginnings of words that name a payment made before or apart from the delivery.
    private static let prepaidStems = [
        "prevod", "bankov", "kart", "card", "online", "predem", "vopred", "zaplacen", "uhraden", "paid", "paypal",
        "gopay", "comgate", "thepay", "stripe", "apple", "google", "platebni", "platobn", "brana", "faktur",
        "invoice", "zalohov", "atutal", "bankkart", "przelew", "blik", "przedplat", "vorkasse", "uberweis",
        "kreditkart", "sofort", "rechnung", "hotove na", "osobne", "vouch", "darkov", "kupon", "transfer",
        "wire", "prepay", "advance", "bankuberweis", "utal", "simplepay", "barion", "payu", "klarna", "qr",
        "rychla platba", "twisto", "skip pay", "skippay", "tatra", "trustpay", "przelewy24", "dotpay",
    ].map { Array($0.utf8) }

    /// True when `name` names cash on delivery (case, diacritics and punctuation aside).
    public static func matches(_ name: String) -> Bool {
        memo.value(for: name, uncachedMatches)
    }

    /// A file has a handful of payment names, each on thousands of orders.
    private static let memo = TextMemo<Bool>(limit: 256)

    private static func uncachedMatches(_ name: String) -> Bool {
        let words = fold(name)
        return stems.contains { occurs($0, in: words, wholeWord: false) }
            || phrases.contains { occurs($0, in: words, wholeWord: true) }
    }

    /// True when `term` starts a word of `text` (and, with `wholeWord`, ends one) somewhere not
    /// turned around by a negation.
    private static func occurs(_ term: [UInt8], in text: [UInt8], wholeWord: Bool) -> Bool {
        guard text.count >= term.count else { return false }
        for start in 0...(text.count - term.count) where start == 0 || isBreak(text[start - 1]) {
            guard text[start..<start + term.count].elementsEqual(term) else { continue }
            let end = start + term.count
            if wholeWord && end < text.count && !isBreak(text[end]) { continue }
            if !isNegated(text, before: start) && !isNegated(text, after: end) { return true }
        }
        return false
    }

    private static func isBreak(_ byte: UInt8) -> Bool {
        byte == space || byte == clause
    }

    /// True when one of the `negationReach` words before the one at `start`, in its clause, is a
    /// negation.
    private static func isNegated(_ text: [UInt8], before start: Int) -> Bool {
        var end = start - 1
        for _ in 0..<negationReach where end > 0 && text[end] == space {
            var wordStart = end
            while wordStart > 0 && !isBreak(text[wordStart - 1]) { wordStart -= 1 }
            if negations.contains(Array(text[wordStart..<end])) { return true }
            end = wordStart - 1
        }
        return false
    }

    /// True when the word after the one a term ends in (at `end`), in its clause, turns it around
    /// ("dobírka nelze", but not "Dobírka – nelze na Slovensko").
    private static func isNegated(_ text: [UInt8], after end: Int) -> Bool {
        // A stem's word goes on to the next break.
        guard let gap = text[end...].firstIndex(where: isBreak), text[gap] == space else { return false }
        let next = text[(gap + 1)...]
        return afterNegations.contains(Array(next.prefix { !isBreak($0) }))
    }

    /// Lower-case ASCII letters and digits without diacritics (`Płatność` → `platnosc`); a comma,
    /// semicolon, colon, slash, bracket, `!`, `?`, an en or em dash, or a hyphen with a space on
    /// a side ends a clause (`|`); every run of anything else is one space (`C.O.D.` → `c o d`,
    /// `Cash-on-delivery` → `cash on delivery`).
    ///
    /// The text is decomposed first and its combining marks dropped, so that a letter is the same
    /// composed or decomposed (`ș` and `s` + U+0326 both fold to `s`); only `Ł`/`ł`, which has no
    /// decomposition, is mapped by hand. Names are folded once per distinct name (the callers'
    /// memo), so Foundation's decomposition costs nothing per order.
    static func fold(_ text: String) -> [UInt8] {
        let scalars = Array(text.decomposedStringWithCanonicalMapping.unicodeScalars)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            // Combining marks go: "Dobi\u{301}rka" (decomposed, as macOS writes it) is "dobirka".
            if (0x0300...0x036F).contains(value) { continue }
            switch value {
            case 0x41...0x5A: bytes.append(UInt8(value) | 0x20)
            case 0x61...0x7A, 0x30...0x39: bytes.append(UInt8(value))
            case 0x141, 0x142: bytes.append(UInt8(ascii: "l"))
            default:
                if endsClause(scalars, at: index) { addClause(to: &bytes) } else { addSpace(to: &bytes) }
            }
        }
        while let last = bytes.last, isBreak(last) { bytes.removeLast() }
        return bytes
    }

    private static func endsClause(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        switch scalars[index] {
        case ",", ";", ":", "/", "(", ")", "[", "]", "!", "?", "\u{2013}", "\u{2014}": return true
        case "-":
            let before = index > 0 ? scalars[index - 1] : " "
            let after = index + 1 < scalars.count ? scalars[index + 1] : " "
            return before.properties.isWhitespace || after.properties.isWhitespace
        default: return false
        }
    }

    private static func addSpace(to bytes: inout [UInt8]) {
        guard let last = bytes.last, !isBreak(last) else { return }
        bytes.append(space)
    }

    private static func addClause(to bytes: inout [UInt8]) {
        while bytes.last == space { bytes.removeLast() }
        guard let last = bytes.last, last != clause else { return }
        bytes.append(clause)
    }
}
