import Foundation
import Testing

@testable import ConsignHandover

@Suite("Protocol text")
struct ProtocolTextTests {
    @Test(
        "writes UTC offsets as UTC, UTC+hh:mm or UTC-hh:mm",
        arguments: [
            (0, "UTC"), (3600, "UTC+01:00"), (7200, "UTC+02:00"), (-12_600, "UTC-03:30"), (20_700, "UTC+05:45"),
        ])
    func offsets(seconds: Int, expected: String) {
        #expect(ProtocolText.offsetText(seconds) == expected)
    }

    @Test(
        "composes decomposed accents and turns control characters into spaces",
        arguments: [
            ("Dvor\u{030C}a\u{0301}k", "Dvořák"),
            ("Jan\nNovák", "Jan Novák"),
            ("A\u{0000}B\tC\r", "A B C "),
            ("Győr", "Győr"),
            ("plain ASCII", "plain ASCII"),
        ])
    func printable(input: String, expected: String) {
        #expect(ProtocolText.printable(input).unicodeScalars.elementsEqual(expected.unicodeScalars))
    }

    @Test(
        "passes text that needs no change on the fast path, and only such text",
        arguments: [
            ("plain ASCII", true), (Fixtures.diacritics, true), ("Žluťoučký kůň – „úpěl“…", true),
            ("\u{00A0}NBSP", true), ("ʼapostrophe ˇcaron", true), ("", true),
            ("a\u{0301}", false), ("tab\t", false), ("\u{7F}", false), ("NEL\u{0085}", false),
            ("\u{2000}en quad", false), ("\u{2028}", false), ("ệ", false), ("€", false),
        ])
    func fastPath(text: String, isPrintedAsIs: Bool) {
        #expect(ProtocolText.isPrintedAsIs(text) == isPrintedAsIs)
    }

    @Test("gives the same result as Foundation's NFC for every character up to U+2FFF, alone and in context")
    func matchesFoundation() {
        var mismatches: [String] = []
        for value in UInt32(0)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let character = String(Character(scalar))
            for text in [character, "a" + character, character + "\u{0301}", "Ř" + character + "\u{0000}"] {
                let expected = Self.reference(text)
                if !ProtocolText.printable(text).unicodeScalars.elementsEqual(expected.unicodeScalars) {
                    mismatches.append(String(value, radix: 16))
                }
            }
        }

        #expect(mismatches.isEmpty, "printable differs from NFC for U+\(mismatches.prefix(20))")
    }

    /// What `printable` must return: NFC with control characters as spaces, without any fast path.
    private static func reference(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            result.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(result)
    }

    @Test(
        "joins the non-empty parts trimmed of spaces and tabs as Foundation trims them",
        arguments: [
            ([" ACME s.r.o. ", "\tJana\u{00A0}"], "ACME s.r.o., Jana"), ([nil, "  ", "Jana"], "Jana"),
            (["\u{2003}Łódź\u{3000}", nil], "Łódź"), (["a\n", "\u{00A0}"], "a\n"), (["Jan Novák"], "Jan Novák"),
        ] as [([String?], String)])
    func joinsTrimmedParts(parts: [String?], expected: String) {
        #expect(ProtocolText.joined(parts) == expected)
        let foundation = parts.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(ProtocolText.joined(parts) == foundation.joined(separator: ", "))
    }

    @Test("writes PDF metadata dates in UTC with seconds")
    func pdfDate() {
        #expect(ProtocolText.pdfDate(Fixtures.acknowledgedAt) == "2026-12-04T16:30:00Z")
    }
}

@Suite("Text fitting on the PDF canvas")
struct PDFCanvasFittingTests {
    let canvas: PDFCanvas = {
        let canvas = PDFCanvas(geometry: PageGeometry(), fontFamily: PDFCanvas.defaultFontFamily)
        canvas.setFont(size: 7)
        return canvas
    }()

    @Test("keeps text that fits unchanged", arguments: ["", "Brno", "Łódź", "1290.00 CZK"])
    func keepsFittingText(text: String) {
        #expect(canvas.fitted(text, width: 60) == text)
    }

    @Test("cuts text that is too wide at a character and ends it with an ellipsis within the width")
    func cutsLongText() {
        let text = "Žluťoučký kůň úpěl ďábelské ódy"

        let fitted = canvas.fitted(text, width: 40)

        #expect(fitted.hasSuffix("…"))
        #expect(text.hasPrefix(String(fitted.dropLast())))
        #expect(canvas.width(of: fitted) <= 40)
        #expect(canvas.width(of: String(text.prefix(fitted.count)) + "…") > 40)
    }

    @Test("never splits a letter from its combining accent")
    func keepsGraphemes() {
        let text = String(repeating: "e\u{030C}", count: 40)

        let fitted = canvas.fitted(text, width: 30)

        #expect(fitted.dropLast().allSatisfy { $0 == "e\u{030C}" })
    }
}
