import Foundation

/// Recognises cash-on-delivery payment names in Czech, Slovak, Hungarian, Polish and English.
enum PaymentName {
    /// Folded fragments of the names, as bytes (built once: every billing row is looked at).
    private static let fragments = ["dobirk", "dobierk", "utanvet", "pobrani", "cash on delivery"].map {
        Array($0.utf8)
    }
    private static let cod = Array("cod".utf8)

    /// Lower-case ASCII base letters for U+00C0–U+017F (Latin-1 and Latin Extended-A), built once
    /// with Foundation's decomposition; 0 where a character has no ASCII base letter.
    private static let baseLetters: [UInt8] = (0xC0...0x17F).map { value in
        let decomposed = String(Character(Unicode.Scalar(value)!)).decomposedStringWithCanonicalMapping
        let base = decomposed.unicodeScalars.first { $0.isASCII && $0.properties.isAlphabetic }
        return base.map { UInt8(ascii: $0) | 0x20 } ?? 0
    }

    /// True for "Dobírka", "Platba dobírkou", "Dobierka", "Utánvét", "Płatność przy odbiorze (pobranie)", "COD".
    static func isCashOnDelivery(_ name: String) -> Bool {
        let folded = fold(name)
        if fragments.contains(where: { contains(folded, $0) }) { return true }
        return containsWordCOD(folded)
    }

    /// True when `text` holds `cod` as a word of its own (letters and digits around it end it).
    private static func containsWordCOD(_ text: [UInt8]) -> Bool {
        guard text.count >= cod.count else { return false }
        return (0...(text.count - cod.count)).contains { start in
            text[start..<start + cod.count].elementsEqual(cod)
                && (start == 0 || !isAlphanumeric(text[start - 1]))
                && (start + cod.count == text.count || !isAlphanumeric(text[start + cod.count]))
        }
    }

    private static func contains(_ text: [UInt8], _ fragment: [UInt8]) -> Bool {
        guard text.count >= fragment.count else { return false }
        return (0...(text.count - fragment.count)).contains { text[$0..<$0 + fragment.count].elementsEqual(fragment) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Lower-case ASCII without diacritics (`Płatność` → `platnosc`); other characters become `?`.
    static func fold(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            // Combining marks go: "Dobi\u{301}rka" (decomposed, as macOS writes it) is "dobirka".
            if (0x0300...0x036F).contains(value) { continue }
            if value < 0x80 {
                let byte = UInt8(value)
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if value == 0x141 || value == 0x142 {
                bytes.append(UInt8(ascii: "l"))
            } else if value >= 0xC0 && value <= 0x17F, baseLetters[Int(value) - 0xC0] != 0 {
                bytes.append(baseLetters[Int(value) - 0xC0])
            } else {
                bytes.append(UInt8(ascii: "?"))
            }
        }
        return bytes
    }
}
