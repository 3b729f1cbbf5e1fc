import Foundation

/// Recognises the payment names that mean cash on delivery, in the region's languages, for
/// every reader alike: "Dobírka", "Platba dobírkou", "Dobierka", "Utánvét", "Płatność przy
/// odbiorze (pobranie)", "Nachnahme", "COD", "Platba při převzetí", "Cash on delivery". A term
/// right after a negation ("Bez dobírky", "ohne Nachnahme", "no COD") does not count.
public enum CashOnDeliveryName {
    /// Words whose beginning names COD ("dobirk" is dobírka, dobírkou, dobírky…).
    private static let stems = ["dobirk", "dobierk", "utanvet", "pobrani", "nachnahm"].map { Array($0.utf8) }
    /// Whole words or phrases that name COD (or payment on delivery).
    private static let phrases = [
        "cod", "cash on delivery", "pay on delivery", "payment on delivery", "collect on delivery", "pri prevzeti",
        "pri prevzati", "pri doruceni", "przy odbiorze", "atvetelkor",
    ].map { Array($0.utf8) }
    /// Words that turn the next term around.
    private static let negations: Set<[UInt8]> = Set(
        ["bez", "ne", "ohne", "kein", "keine", "nicht", "without", "no", "non", "not", "nie", "nem", "nincs"]
            .map { Array($0.utf8) })

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
            if !isNegated(text, before: start) { return true }
        }
        return false
    }

    /// True when the word before the one at `start` is a negation.
    private static func isNegated(_ text: [UInt8], before start: Int) -> Bool {
        guard start >= 2 else { return false }
        let end = start - 1
        var wordStart = end
        while wordStart > 0 && text[wordStart - 1] != space { wordStart -= 1 }
        return negations.contains(Array(text[wordStart..<end]))
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
