import Foundation

/// Case- and diacritics-insensitive comparison keys for names typed by people.
enum TextFolding {
    /// Lower-cases `text`, strips combining marks and turns every run of punctuation or
    /// white space into one space: `"Zásilkovna - Výdejní místo"` → `"zasilkovna vydejni misto"`.
    static func fold(_ text: String) -> String {
        memo.value(for: text, uncachedFold)
    }

    /// The same names are folded for every order (shipping methods, countries, configured entries).
    private static let memo = TextMemo<String>()

    private static func uncachedFold(_ text: String) -> String {
        var output = ""
        var pendingSpace = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.unicodeScalars.append(foldedLetter(scalar))
            } else {
                pendingSpace = true
            }
        }
        return output
    }

    /// True when the folded `text` contains the folded `phrase` as whole words.
    static func contains(_ foldedText: String, phrase: String) -> Bool {
        " \(foldedText) ".contains(" \(phrase) ")
    }

    /// True when a word of the folded `foldedText` starts with `stem` (a Czech word's endings
    /// vary: "balíkovna", "Balík Do Balíkovny", "doručení kurýrem").
    static func containsWord(_ foldedText: String, startingWith stem: String) -> Bool {
        " \(foldedText)".contains(" \(stem)")
    }

    /// Letters that have no canonical decomposition but a plain Latin look-alike.
    private static func foldedLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "ł": "l"
        case "ø": "o"
        case "đ": "d"
        case "ß": "s"
        default: scalar
        }
    }
}
