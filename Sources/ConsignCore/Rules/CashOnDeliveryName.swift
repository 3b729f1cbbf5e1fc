import Foundation

/// Recognises the payment names that mean cash on delivery, in the region's languages, for
/// every reader alike: "Dobírka", "Platba dobírkou", "Dobierka", "Utánvét", "Płatność przy
/// odbiorze (pobranie)", "Nachnahme", "COD", "Platba při převzetí", "Cash on delivery". A term
/// within three words after a negation ("Bez dobírky", "Bez platby dobírkou", "nicht per
/// Nachnahme") or right before one ("dobírka nelze", "Utánvét nélkül") does not count; "Dobírka
/// bez poplatku" (COD without a fee) does.
public enum CashOnDeliveryName {
    /// Words whose beginning names COD ("dobirk" is dobírka, dobírkou, dobírky…).
    private static let stems = ["dobirk", "dobierk", "utanvet", "pobrani", "nachnahm"].map { Array($0.utf8) }
    /// Whole words or phrases that name COD (or payment on delivery).
    private static let phrases = [
        "cod", "c o d", "cash on delivery", "pay on delivery", "payment on delivery", "collect on delivery",
        "pri prevzeti", "pri prevzati", "pri doruceni", "przy odbiorze", "atvetelkor", "zahlung bei lieferung",
        "barzahlung bei lieferung",
    ].map { Array($0.utf8) }
    /// Words that turn a term within three words after them around.
    private static let negations: Set<[UInt8]> = Set(
        ["bez", "ne", "zadna", "zadny", "zadne", "ziadna", "ziadny", "ohne", "kein", "keine", "nicht", "without",
         "no", "non", "not", "nie", "nem", "nincs"].map { Array($0.utf8) })
    /// Words that turn the term right before them around.
    private static let afterNegations: Set<[UInt8]> = Set(
        ["nelze", "nelkul", "nemozna", "nemozne"].map { Array($0.utf8) })
    /// How many words before a term a negation still turns it around.
    private static let negationReach = 3

    /// True when `name` names cash on delivery (case, diacritics and punctuation aside).
    public static func matches(_ name: String) -> Bool {
        let words = fold(name)
        return stems.contains { occurs($0, in: words, wholeWord: false) }
            || phrases.contains { occurs($0, in: words, wholeWord: true) }
    }

    /// True when `term` starts a word of `text` (and, with `wholeWord`, ends one) somewhere not
    /// right after a negation.
    private static func occurs(_ term: [UInt8], in text: [UInt8], wholeWord: Bool) -> Bool {
        guard text.count >= term.count else { return false }
        for start in 0...(text.count - term.count) where start == 0 || text[start - 1] == space {
            guard text[start..<start + term.count].elementsEqual(term) else { continue }
            let end = start + term.count
            if wholeWord && end < text.count && text[end] != space { continue }
            if !isNegated(text, before: start) && !isNegated(text, after: end) { return true }
        }
        return false
    }

    /// True when one of the `negationReach` words before the one at `start` is a negation.
    private static func isNegated(_ text: [UInt8], before start: Int) -> Bool {
        var end = start - 1
        for _ in 0..<negationReach where end > 0 {
            var wordStart = end
            while wordStart > 0 && text[wordStart - 1] != space { wordStart -= 1 }
            if negations.contains(Array(text[wordStart..<end])) { return true }
            end = wordStart - 1
        }
        return false
    }

    /// True when the word after the one a term ends in (at `end`) turns it around ("dobírka nelze").
    private static func isNegated(_ text: [UInt8], after end: Int) -> Bool {
        // A stem's word goes on to the next space.
        guard let gap = text[end...].firstIndex(of: space) else { return false }
        let next = text[(gap + 1)...]
        return afterNegations.contains(Array(next.prefix { $0 != space }))
    }

    private static let space = UInt8(ascii: " ")

    /// Lower-case ASCII letters and digits without diacritics (`Płatność` → `platnosc`); every run of
    /// anything else is one space.
    static func fold(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        func add(_ byte: UInt8) {
            if byte == space {
                if let last = bytes.last, last != space { bytes.append(space) }
            } else {
                bytes.append(byte)
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            // Combining marks go: "Dobi\u{301}rka" (decomposed, as macOS writes it) is "dobirka".
            if (0x0300...0x036F).contains(value) { continue }
            switch value {
            case 0x41...0x5A: add(UInt8(value) | 0x20)
            case 0x61...0x7A, 0x30...0x39: add(UInt8(value))
            case 0x141, 0x142: add(UInt8(ascii: "l"))
            case 0xC0...0x17F where baseLetters[Int(value) - 0xC0] != 0: add(baseLetters[Int(value) - 0xC0])
            default: add(space)
            }
        }
        if bytes.last == space { bytes.removeLast() }
        return bytes
    }

    /// Lower-case ASCII base letters for U+00C0–U+017F (Latin-1 and Latin Extended-A), built once
    /// with Foundation's decomposition; 0 where a character has no ASCII base letter.
    private static let baseLetters: [UInt8] = (0xC0...0x17F).map { value in
        let decomposed = String(Character(Unicode.Scalar(value)!)).decomposedStringWithCanonicalMapping
        let base = decomposed.unicodeScalars.first { $0.isASCII && $0.properties.isAlphabetic }
        return base.map { UInt8(ascii: $0) | 0x20 } ?? 0
    }
}
