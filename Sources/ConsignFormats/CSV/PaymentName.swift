import Foundation

/// Recognises cash-on-delivery payment names in Czech, Slovak, Hungarian, Polish and English.
enum PaymentName {
    private static let fragments = ["dobirk", "dobierk", "utanvet", "pobrani", "cash on delivery"]

    /// True for "Dobírka", "Platba dobírkou", "Dobierka", "Utánvét", "Płatność przy odbiorze (pobranie)", "COD".
    static func isCashOnDelivery(_ name: String) -> Bool {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "ł", with: "l")
        if fragments.contains(where: { folded.contains($0) }) { return true }
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.contains("cod")
    }
}
