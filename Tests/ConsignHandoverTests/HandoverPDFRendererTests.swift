import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Handover PDF protocol")
struct HandoverPDFRendererTests {
    /// A batch with Czech, Slovak, Hungarian and Polish names and cities, COD in CZK and EUR.
    private func centralEuropeanBatch(isDemo: Bool = false) -> HandoverBatch {
        var batch = Fixtures.batch([
            Fixtures.parcel("CZ0000000001", order: "2026001", name: "Řehoř Žďárský", city: "Ústí nad Labem",
                            cod: Money(1290, "CZK"), declaredValue: Money(1290, "CZK")),
            Fixtures.parcel("CZ0000000002", order: "2026002", name: "Ľubomír Ďurčo", city: "Žilina",
                            country: "SK", cod: Money(Decimal(string: "49.9")!, "EUR"), piece: 1, of: 2),
            Fixtures.parcel("CZ0000000003", order: "2026002", name: "Ľubomír Ďurčo", city: "Žilina",
                            country: "SK", piece: 2, of: 2),
            Fixtures.parcel("CZ0000000004", order: "2026003", name: "Őze Győző", city: "Győr", country: "HU"),
            Fixtures.parcel("CZ0000000005", order: "2026004", name: "Łucja Śląska", city: "Łódź",
                            country: "PL", cod: Money(Decimal(string: "310.5")!, "CZK")),
        ], isDemo: isDemo)
        batch.sender.name = Fixtures.diacritics
        return batch
    }

    /// Renders `batch` into a new temp folder and returns the file's path.
    private func renderToFile(_ batch: HandoverBatch, renderer: HandoverPDFRenderer = .init()) throws -> String {
        let path = try Fixtures.makeTemporaryFolder().appendingPathComponent("protocol.pdf").path
        try renderer.render(batch, to: path)
        return path
    }

    @Test("prints the protocol number, COD per currency, the page footer and diacritics")
    func printsProtocolContent() throws {
        let path = try renderToFile(centralEuropeanBatch())

        let text = try Poppler.text(of: path)

        #expect(text.contains("PPL-2026-000417"))
        #expect(text.contains("Předávací protokol / Handover protocol"))
        #expect(text.contains("COD CZK: 2×, celkem / total 1600.50 CZK"))
        #expect(text.contains("COD EUR: 1×, celkem / total 49.90 EUR"))
        #expect(text.contains("Page 1 of 1"))
        for name in ["Řehoř Žďárský", "Ústí nad Labem", "Ľubomír Ďurčo", "Őze Győző", "Győr", "Łucja Śląska", "Łódź"] {
            #expect(text.contains(name), "\(name) missing from the PDF text")
        }
        #expect(text.contains(Fixtures.diacritics))
    }

    @Test("prints acknowledgement time in the renderer's time zone")
    func printsTimeZone() throws {
        let prague = try #require(TimeZone(identifier: "Europe/Prague"))

        let utcText = try Poppler.text(of: renderToFile(centralEuropeanBatch()))
        let pragueText = try Poppler.text(of: renderToFile(centralEuropeanBatch(), renderer: .init(timeZone: prague)))

        #expect(utcText.contains("2026-12-04 16:30 UTC"))
        #expect(pragueText.contains("2026-12-04 17:30 UTC+01:00"))
    }

    @Test("embeds DejaVu Sans as subsets, regular and bold")
    func embedsDejaVu() throws {
        let path = try renderToFile(centralEuropeanBatch())

        let fonts = try Poppler.run("pdffonts", [path])

        #expect(fonts.contains("DejaVuSans-Bold"))
        #expect(fonts.split(separator: "\n").contains { $0.contains("DejaVuSans ") || $0.contains("DejaVuSans\t") })
        #expect(!fonts.contains(" no  "), "a font is not embedded:\n\(fonts)")
    }

    @Test("marks a demo payout account as DEMO")
    func marksDemoAccount() throws {
        let demo = try Poppler.text(of: renderToFile(centralEuropeanBatch(isDemo: true)))
        let real = try Poppler.text(of: renderToFile(centralEuropeanBatch(isDemo: false)))

        #expect(demo.contains("DEMO 19-2000145399/0800 DEMO"))
        #expect(real.contains("19-2000145399/0800"))
        #expect(!real.contains("DEMO"))
    }

    @Test("truncates text that does not fit its column with an ellipsis")
    func truncatesLongText() throws {
        let longName = "Maximilián Konstantin Bedřich z Lobkovic a Hohenzollern-Sigmaringen"
        let path = try renderToFile(Fixtures.batch([Fixtures.parcel("T1", order: "1", name: longName)]))

        let text = try Poppler.text(of: path)

        #expect(text.contains("Maximilián"))
        #expect(!text.contains("Sigmaringen"))
        #expect(text.contains("…"))
    }

    @Test("spreads 130 parcels over pages, each tracking number exactly once, footer on every page")
    func multiPageBatch() throws {
        let batch = Fixtures.batch(Fixtures.numberedParcels(130))
        let path = try renderToFile(batch)

        let pages = try Poppler.pageCount(of: path)
        let text = try Poppler.text(of: path)

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
        let path = try renderToFile(batch)

        let bytes = try HandoverPDFRenderer().render(batch)

        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        #expect(bytes == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("throws a HandoverError with cairo's status when the file cannot be written")
    func reportsCairoFailure() throws {
        let folder = try Fixtures.makeTemporaryFolder()
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

@Suite("Handover PDF protocol, large batches")
struct HandoverPDFLargeBatchTests {
    @Test("renders 10,000 parcels with the planned page count and the last row on the last table page")
    func rendersTenThousandParcels() throws {
        let batch = Fixtures.batch(Fixtures.numberedParcels(10_000))
        let path = try Fixtures.makeTemporaryFolder().appendingPathComponent("protocol.pdf").path

        let started = ContinuousClock.now
        try HandoverPDFRenderer().render(batch, to: path)
        let elapsed = ContinuousClock.now - started

        let pages = try #require(try Poppler.pageCount(of: path))
        #expect(pages == HandoverPDFRenderer().pageCount(for: batch))
        #expect(pages > 140)
        let lastPage = try Poppler.run("pdftotext", ["-layout", "-f", "\(pages)", "-l", "\(pages)", path, "-"])
        #expect(lastPage.contains("TRK010000"))
        #expect(lastPage.contains("Page \(pages) of \(pages)"))
        #expect(lastPage.contains("COD CZK: 5000×, celkem / total 500000.00 CZK"))
        print("rendered 10,000 parcels on \(pages) pages in \(elapsed)")
    }
}
