import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Handover PDF protocol")
struct HandoverPDFRendererTests {
    /// A batch with Czech, Slovak, Hungarian and Polish names and cities, COD in CZK and EUR.
    private func centralEuropeanBatch(isDemo: Bool = false) -> HandoverBatch {
        var batch = Fixtures.batch(
            [
                Fixtures.parcel(
                    "CZ0000000001", order: "2026001", name: "Řehoř Žďárský", city: "Ústí nad Labem",
                    cod: Money(1290, "CZK"), declaredValue: Money(1290, "CZK")),
                Fixtures.parcel(
                    "CZ0000000002", order: "2026002", name: "Ľubomír Ďurčo", city: "Žilina",
                    country: "SK", cod: Money(Decimal(string: "49.9")!, "EUR"), piece: 1, of: 2),
                Fixtures.parcel(
                    "CZ0000000003", order: "2026002", name: "Ľubomír Ďurčo", city: "Žilina",
                    country: "SK", piece: 2, of: 2),
                Fixtures.parcel("CZ0000000004", order: "2026003", name: "Őze Győző", city: "Győr", country: "HU"),
                Fixtures.parcel(
                    "CZ0000000005", order: "2026004", name: "Łucja Śląska", city: "Łódź",
                    country: "PL", cod: Money(Decimal(string: "310.5")!, "CZK")),
            ], isDemo: isDemo)
        batch.sender.name = Fixtures.diacritics
        return batch
    }

    /// Renders `batch` to a file in a new temp folder and returns `pdftotext -layout` of it.
    private func renderedText(
        _ batch: HandoverBatch, renderer: HandoverPDFRenderer = .init()
    ) throws -> String {
        try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("protocol.pdf").path
            try renderer.render(batch, to: path)
            return try Poppler.text(of: path)
        }
    }

    @Test("prints the protocol number, COD per currency, the page footer and diacritics")
    func printsProtocolContent() throws {
        let text = try renderedText(centralEuropeanBatch())

        #expect(text.contains("PPL-2026-000417"))
        #expect(text.contains("Předávací protokol / Handover protocol"))
        #expect(text.contains("COD CZK: 2×, celkem / total 1600.50 CZK"))
        #expect(text.contains("COD EUR: 1×, celkem / total 49.90 EUR"))
        #expect(text.contains("Declared value CZK: 1×, celkem / total 1290.00 CZK"))
        #expect(text.contains("Page 1 of 1"))
        let names = ["Řehoř Žďárský", "Ústí nad Labem", "Ľubomír Ďurčo", "Őze Győző", "Győr",
                     "Łucja Śląska", "Łódź"]
        for name in names {
            #expect(text.contains(name), "\(name) missing from the PDF text")
        }
        #expect(text.contains(Fixtures.diacritics))
    }

    @Test("each COD currency's total names the account it is paid out to")
    func payoutAccountPerCurrency() throws {
        var batch = centralEuropeanBatch()
        batch.codPayoutAccounts = [
            "CZK": PayoutAccount(number: "19-2000145399/0800"),
            "EUR": PayoutAccount(number: "SK7811000000002600000001"),
        ]
        let text = try renderedText(batch)
        #expect(text.contains("COD CZK: 2×, celkem / total 1600.50 CZK, účet / account 19-2000145399/0800"))
        #expect(text.contains("COD EUR: 1×, celkem / total 49.90 EUR, účet / account SK7811000000002600000001"))

        batch.codPayoutAccounts = ["EUR": PayoutAccount(number: "SK7811000000002600000001", isDemo: true)]
        let demo = try renderedText(batch)
        #expect(demo.contains("COD EUR: 1×, celkem / total 49.90 EUR, účet / account DEMO SK7811000000002600000001"))
        #expect(!demo.contains("CZK, účet"))  // no CZK account given, none printed
    }

    @Test("prints the totals: shipments, parcels, weight and COD shipments")
    func printsTotals() throws {
        let text = try renderedText(centralEuropeanBatch())

        #expect(text.contains("Shipments: 4"))
        #expect(text.contains("Parcels: 5"))
        #expect(text.contains("Total weight: 7.500 kg"))
        #expect(text.contains("COD shipments: 3"))
        #expect(text.contains("Předal / Handed over by"))
        #expect(text.contains("Převzal / Taken over by"))
    }

    @Test("prints acknowledgement time in the renderer's time zone")
    func printsTimeZone() throws {
        let prague = try #require(TimeZone(identifier: "Europe/Prague"))

        let utcText = try renderedText(centralEuropeanBatch())
        let pragueText = try renderedText(centralEuropeanBatch(), renderer: .init(timeZone: prague))

        #expect(utcText.contains("2026-12-04 16:30 UTC"))
        #expect(pragueText.contains("2026-12-04 17:30 UTC+01:00"))
    }

    @Test("embeds DejaVu Sans as subsets, regular and bold")
    func embedsDejaVu() throws {
        let fonts = try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("protocol.pdf").path
            try HandoverPDFRenderer().render(centralEuropeanBatch(), to: path)
            return try Poppler.run("pdffonts", [path])
        }

        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(rows.contains { $0.contains("DejaVuSans-Bold") })
        #expect(rows.contains { $0.contains("+DejaVuSans ") })
        #expect(rows.allSatisfy { $0.contains(" yes ") }, "a font is not embedded or not a subset:\n\(fonts)")
    }

    @Test("throws fontMissing instead of printing boxes when the font family is not installed")
    func reportsMissingFont() throws {
        var renderer = HandoverPDFRenderer()
        renderer.fontFamily = "Consign No Such Font"

        let error = #expect(throws: HandoverError.self) { try renderer.render(centralEuropeanBatch()) }

        #expect(error?.code == .fontMissing)
        #expect(error?.description.contains("Consign No Such Font") == true)
    }

    @Test("marks a demo payout account as DEMO")
    func marksDemoAccount() throws {
        let demo = try renderedText(centralEuropeanBatch(isDemo: true))
        let real = try renderedText(centralEuropeanBatch(isDemo: false))

        #expect(demo.contains("DEMO 19-2000145399/0800 DEMO"))
        #expect(real.contains("19-2000145399/0800"))
        #expect(!real.contains("DEMO"))
    }

    @Test("truncates text that does not fit its column with an ellipsis")
    func truncatesLongText() throws {
        let longName = "Maximilián Konstantin Bedřich z Lobkovic a Hohenzollern-Sigmaringen"

        let text = try renderedText(Fixtures.batch([Fixtures.parcel("T1", order: "1", name: longName)]))

        #expect(text.contains("Maximilián"))
        #expect(!text.contains("Sigmaringen"))
        #expect(text.contains("…"))
    }

    @Test("prints a row's cells in order on one line: diacritics, an empty cell, a value cut with an ellipsis")
    func printsRowCells() throws {
        let longName = "Žofie Dvořáčková-Šťastná z Ňuňkova"
        let parcels = [
            Fixtures.parcel("T1", order: "OBJ-A", name: longName, city: "Český Krumlov", cod: Money(990, "CZK")),
            Fixtures.parcel("T2", order: "OBJ2026", name: "Ľudmila Ďurišová", city: "Šaľa", country: "SK"),
        ]

        let text = try renderedText(Fixtures.batch(parcels))
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.contains("T1") })
        let second = try #require(lines.first { $0.contains("T2") })

        // The order code has no digits, so the VS cell is empty and the name follows the order.
        let cut = try Regex(#"1\s+T1\s+OBJ-A\s+Žofie Dvořáčková-Š\S*…\s+602 00\s+Český Krumlov\s+CZ"#)
        #expect(first.contains(cut))
        #expect(first.contains(try Regex(#"1 of 1\s+1\.500\s+990\.00 CZK$"#)))
        #expect(!text.contains("Ňuňkova"))
        #expect(second.contains(try Regex(#"2\s+T2\s+OBJ2026\s+2026\s+Ľudmila Ďurišová\s+602 00\s+Šaľa\s+SK"#)))
        #expect(second.contains(try Regex(#"1 of 1\s+1\.500$"#)))
    }

    @Test("keeps the printed text extractable in other scripts and with typographic marks")
    func extractableText() throws {
        // Latin runs are drawn without their text (`cairo_show_glyphs`): the PDF's text comes from
        // the font's map of glyphs to characters. Characters the font lacks share its box glyph.
        let names = ["Müller Straße", "Иван Петров", "Αθήνα Ζωή", "„Kovář“ – €",
                     "Ærøskøbing Ñandú", "王小明", "株式会社, 山田", "Emoji 😀🚚"]
        let parcels = names.enumerated().map { index, name in
            Fixtures.parcel("X\(index)", order: "\(index)", name: name, city: name)
        }

        let text = try renderedText(Fixtures.batch(parcels))

        for name in names {
            #expect(text.contains(name), "\(name) missing from the PDF text")
        }
    }

    @Test("prints decomposed accents composed and line breaks as spaces")
    func printsUntidyText() throws {
        let decomposed = "Dvor\u{030C}a\u{0301}k"
        let parcel = Fixtures.parcel("T1", order: "1", name: "Jan\n\(decomposed)", city: "Plze\u{0301}\u{0000}n")

        let text = try renderedText(Fixtures.batch([parcel]))

        #expect(text.contains("Jan Dvořák"))
        #expect(!text.contains("Jan\nDvo"))
    }

    @Test("spreads 130 parcels over pages, each tracking number exactly once, footer on every page")
    func multiPageBatch() throws {
        let batch = Fixtures.batch(Fixtures.numberedParcels(130))

        let (pages, text) = try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("protocol.pdf").path
            try HandoverPDFRenderer().render(batch, to: path)
            return (try Poppler.pageCount(of: path), try Poppler.text(of: path))
        }

        #expect(pages == 3)
        #expect(pages == HandoverPDFRenderer().pageCount(for: batch))
        for index in 1...130 {
            let tracking = String(format: "TRK%06d", index)
            #expect(text.components(separatedBy: tracking).count == 2, "\(tracking) not printed exactly once")
        }
        for page in 1...3 {
            #expect(text.contains("Page \(page) of 3"))
        }
        #expect(text.components(separatedBy: "Číslo zásilky").count == 4, "column headings not on every page")
        #expect(text.contains("COD CZK: 65×, celkem / total 6500.00 CZK"))
    }

    @Test("renders to memory the same document it writes to a file")
    func rendersToMemory() throws {
        let batch = centralEuropeanBatch()
        let fileBytes = try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("protocol.pdf").path
            try HandoverPDFRenderer().render(batch, to: path)
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }

        let bytes = try HandoverPDFRenderer().render(batch)

        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        #expect(bytes == fileBytes)
    }

    @Test("throws a HandoverError with cairo's status when the file cannot be written")
    func reportsCairoFailure() throws {
        try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("missing/protocol.pdf").path

            let error = #expect(throws: HandoverError.self) {
                try HandoverPDFRenderer().render(centralEuropeanBatch(), to: path)
            }

            #expect(error?.code == .cairoFailed)
            #expect(error?.path == path)
            #expect(error?.cairoStatus?.isEmpty == false)
            #expect(error?.description.contains("PPL-2026-000417") == true)
        }
    }
}

@Suite("Handover PDF protocol, large batches")
struct HandoverPDFLargeBatchTests {
    @Test("renders 10,000 parcels with the planned page count and the last row on the last table page")
    func rendersTenThousandParcels() throws {
        let batch = Fixtures.batch(Fixtures.numberedParcels(10_000))

        let (pages, lastPage) = try Fixtures.withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("protocol.pdf").path
            try HandoverPDFRenderer().render(batch, to: path)
            let pages = try #require(try Poppler.pageCount(of: path))
            return (pages, try Poppler.run("pdftotext", ["-layout", "-f", "\(pages)", "-l", "\(pages)", path, "-"]))
        }

        #expect(pages == HandoverPDFRenderer().pageCount(for: batch))
        #expect(pages > 140)
        #expect(lastPage.contains("TRK010000"))
        #expect(lastPage.contains("Page \(pages) of \(pages)"))
        #expect(lastPage.contains("COD CZK: 5000×, celkem / total 500000.00 CZK"))
    }
}
