import Testing

@testable import ConsignCore

@Suite("Payment names that mean cash on delivery")
struct CashOnDeliveryNameTests {
    /// Names every reader sees: the CSV and XML readers ask the same rule (see `ShoptetCSVReaderTests`
    /// and `ShoptetPaymentTests` for the readers themselves).
    static let names: [(String, Bool)] = [
        ("Dobírka", true), ("Platba dobírkou", true), ("DOBIERKA", true), ("Utánvét", true), ("Utánvétel", true),
        ("Pobranie", true), ("Płatność przy odbiorze (pobranie)", true), ("Nachnahme", true),
        ("Cash on delivery", true), ("Cash-on-delivery", true), ("COD", true), ("Platba (COD)", true),
        ("cod-platba", true), ("Platba při převzetí", true), ("Platba pri prevzatí", true),
        ("Platba při doručení", true), ("Fizetés átvételkor", true), ("Dobi\u{301}rka", true),
        ("Bez dobírky", false), ("Platba předem, ne dobírkou", false), ("ohne Nachnahme", false),
        ("No COD", false), ("without cash on delivery", false), ("Keine Nachnahme", false),
        ("Nincs utánvét", false), ("nicht per Nachnahme", false), ("Ohne Zahlung per Nachnahme", false),
        ("Žádná dobírka", false), ("Platba předem, ne na dobírku", false), ("Bez platby dobírkou", false),
        ("Platba převodem / dobírka nelze", false), ("Nie za pobraniem", false), ("Utánvét nélkül", false),
        ("Dobírka bez poplatku", true), ("Nachnahme (ohne Gebühr)", true), ("C.O.D.", true),
        ("Zahlung bei Lieferung", true), ("Barzahlung bei Lieferung", true), ("Nem utánvéttel", false),
        ("Platba při vyzvednutí", true), ("Platba pri vyzdvihnutí", true), ("Platba při dodání", true),
        ("Hotově u kurýra", true), ("Fizetés a futárnál", true), ("Fizetés a csomag átvételekor", true),
        ("Fizetés kézbesítéskor", true), ("Płatność u kuriera", true), ("Bez poplatku, platba dobírkou", true),
        ("Bez zálohy - dobírka", true), ("No prepayment - cash on delivery", true),
        ("Dobírka – nelze na Slovensko", true), ("Dobírka (bez poplatku)", true),
        ("Platba kurýrovi", true), ("Platba kuriérovi", true), ("Płatność kurierowi", true),
        ("Platba na výdejním místě", true), ("Platba hotově nebo kartou na výdejním místě", true),
        ("Platba předem - nelze dobírkou", false), ("Dobírka nedostupná", false),
        ("Platba kartou online - nikoliv dobírka", false), ("Bankovní převod", false),
        ("Platba kartou", false), ("Encoded payment", false), ("Przelew", false), ("Codex", false),
        ("Barcode", false), ("Platba COD2", false), ("Převodem (nedobírka)", false), ("", false),
    ]

    @Test("recognised in the region's languages, not after a negation", arguments: names)
    func recognises(name: String, isCOD: Bool) {
        #expect(CashOnDeliveryName.matches(name) == isCOD)
    }

    @Test("common ways of paying otherwise are known, so they raise no warning", arguments: [
        "Bankovní převod", "Bank transfer", "Wire transfer", "Prepayment", "Payment in advance", "Banküberweisung",
        "Előre utalás", "SimplePay", "Barion", "PayU", "Klarna", "QR platba", "Rychlá platba", "Twisto",
        "Skip Pay", "Platba kartou online", "GoPay", "Comgate", "PayPal", "Na fakturu", "Przelew", "Vorkasse",
    ])
    func knownPrepaid(name: String) {
        #expect(CashOnDeliveryName.isKnownPrepaid(name))
    }

    @Test("a name means the same composed or decomposed (NFC or NFD), whichever spelling comes first",
          arguments: ["CODș", "CODș ramburs", "Plată la livrare, ramburs", "Dobírka", "Platba při převzetí",
                      "Utánvét", "Płatność przy odbiorze", "Nachnahme (Österreich)", "Bankovní převod",
                      "Платёж при доставке", "Thanh toán khi nhận hàng", "Dobierka – Slovensko"])
    func composedOrDecomposed(name: String) {
        let composed = name.precomposedStringWithCanonicalMapping
        let decomposed = name.decomposedStringWithCanonicalMapping
        #expect(CashOnDeliveryName.fold(composed) == CashOnDeliveryName.fold(decomposed))
        // The memo keys the two spellings apart (their bytes differ): each must come to the same answer.
        #expect(CashOnDeliveryName.matches(decomposed) == CashOnDeliveryName.matches(composed))
        #expect(CashOnDeliveryName.isKnownPrepaid(decomposed) == CashOnDeliveryName.isKnownPrepaid(composed))
    }

    @Test("folding keeps letters and digits, drops marks, ends clauses at punctuation, makes a space of the rest")
    func folds() {
        #expect(String(decoding: CashOnDeliveryName.fold("  Płatność — přy ODBIORZE!! "), as: UTF8.self)
            == "platnosc|pry odbiorze")
        #expect(String(decoding: CashOnDeliveryName.fold("Dobi\u{301}rka/C.O.D. cash-on-delivery"), as: UTF8.self)
            == "dobirka|c o d cash on delivery")
        // A letter beyond Latin Extended-A folds to its base letter, composed or not.
        #expect(String(decoding: CashOnDeliveryName.fold("Rambur\u{219} ț"), as: UTF8.self) == "ramburs t")
    }
}
