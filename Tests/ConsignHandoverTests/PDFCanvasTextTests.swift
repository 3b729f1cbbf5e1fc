import CCairo
import Foundation
import Testing

@testable import ConsignHandover

/// Texts that exercise the glyph table: ASCII, every Central European diacritic, signs beyond Latin-1,
/// a decomposed accent, digits of every column, the empty text, other scripts, and characters the
/// font does not have (drawn as its box, whose text only the PDF's text can tell apart).
private let sampleTexts = [
    "", "Brno", "1290.00 CZK", "TRK000001", "Ústí nad Labem", Fixtures.diacritics, "Řehoř Žďárský",
    "Łucja Śląska – Łódź …", "„Győr“", "Dvor\u{030C}a\u{0301}k", "2 of 3", "12.500",
    "Иван Петров",
    "王小明", "株式会社, 山田太郎", "Emoji 😀🚚 ok",
]

/// The sample texts of characters in `GlyphFont.drawnWithoutText` only.
private let latinTexts = sampleTexts.filter { text in
    text.unicodeScalars.allSatisfy { scalar in
        GlyphFont.drawnWithoutText.contains { $0.contains(scalar.value) }
    }
}

@Suite("PDF canvas text")
struct PDFCanvasTextTests {
    @Test(
        "measures a text exactly as cairo_text_extents does, for every font the protocol uses",
        arguments: [(6.5, false), (6.5, true), (9, true), (15, true)])
    func advancesMatchCairo(size: Double, isBold: Bool) {
        let canvas = PDFCanvas(geometry: PageGeometry(), fontFamily: PDFCanvas.defaultFontFamily)
        canvas.setFont(size: size, isBold: isBold)

        for text in sampleTexts {
            #expect(canvas.font.advance(of: text) == canvas.width(of: text), "advance of '\(text)'")
        }
    }

    @Test("the protocol's font gives every Latin character it has a glyph of its own", arguments: [false, true])
    func latinGlyphsAreOwn(isBold: Bool) {
        let canvas = PDFCanvas(geometry: PageGeometry(), fontFamily: PDFCanvas.defaultFontFamily)
        canvas.setFont(size: 6.5, isBold: isBold)
        let scalars = GlyphFont.drawnWithoutText.joined().compactMap(Unicode.Scalar.init)
        let own = scalars.filter { canvas.font.glyph(for: $0).isOwn }
        let missing = scalars.filter { canvas.font.glyph(for: $0).index == 0 }
        #expect(own.count + missing.count == scalars.count)
        #expect(own.count > 500)
        #expect(!canvas.font.glyph(for: "王").isOwn && !canvas.font.glyph(for: "Ж").isOwn)
    }

    @Test("a glyph two characters share, or the missing glyph, is nobody's own")
    func sharedGlyphs() {
        #expect(GlyphFont.ownGlyphs([3, 4, 3, 0, 7, 0]) == [4, 7])
        #expect(GlyphFont.ownGlyphs([]).isEmpty)
    }

    @Test("draws pages byte for byte as one cairo_move_to and cairo_show_text per text would")
    func drawsAsShowText() throws {
        let boxes = ReferenceDrawing.boxes()

        let (batched, reference) = try Fixtures.withTemporaryFolder { folder in
            let batchedPath = folder.appendingPathComponent("batched.pdf").path
            let referencePath = folder.appendingPathComponent("reference.pdf").path
            let canvas = PDFCanvas(path: batchedPath, geometry: PageGeometry(), fontFamily: PDFCanvas.defaultFontFamily)
            ReferenceDrawing.draw(boxes, on: canvas)
            try canvas.finish(protocolNumber: "test")
            try ReferenceDrawing.drawWithShowText(boxes, to: referencePath)
            return (
                try Data(contentsOf: URL(fileURLWithPath: batchedPath)),
                try Data(contentsOf: URL(fileURLWithPath: referencePath))
            )
        }

        #expect(batched.count > 1000)
        #expect(batched == reference)
    }
}

/// Draws the same boxed texts through `PDFCanvas` and, as the oracle, straight through cairo with one
/// `cairo_show_text` per text and truncation measured with `cairo_text_extents`, the way the canvas
/// drew before it batched text.
private enum ReferenceDrawing {
    /// One text in a box, with the font and colour it is drawn in.
    struct Box {
        var text: String
        var x: Double
        var y: Double
        var width: Double
        var isRightAligned: Bool
        var size: Double
        var isBold: Bool
        var gray: Double
    }

    static let metadataDate = "2026-12-04T16:30:00Z"

    /// Two pages of table-like rows: fitting, truncated, right-aligned (also truncated), empty and bold
    /// texts, two colours; Latin texts only on the first page, every sample on the second.
    static func boxes() -> [[Box]] {
        let long = "Maximilián Konstantin Bedřich z Lobkovic a Hohenzollern-Sigmaringen"
        return (0..<2).map { page in
            var boxes = [
                Box(
                    text: "Předávací protokol \(page + 1)", x: 30, y: 50, width: 535,
                    isRightAligned: false, size: 15, isBold: true, gray: 0)
            ]
            for row in 0..<40 {
                let y = 80 + Double(row) * 11
                // The last column is right-aligned, and every third row it is too long for its box.
                let last = row % 3 == 0 ? "Hohenzollern-Sigmaringen \(row).500" : "\(row).500"
                let samples = page == 0 ? latinTexts : sampleTexts
                let texts = [String(row + 1), samples[row % samples.count], long, "", last]
                for (column, text) in texts.enumerated() {
                    boxes.append(
                        Box(
                            text: text, x: 31.5 + Double(column) * 70.3, y: y, width: 67.1,
                            isRightAligned: column == 0 || column == 4, size: 6.5, isBold: false,
                            gray: row % 7 == 0 ? 0.3 : 0))
                }
            }
            return boxes
        }
    }

    static func draw(_ pages: [[Box]], on canvas: PDFCanvas) {
        canvas.setMetadata(title: "t", creator: "c", creationDate: metadataDate)
        for boxes in pages {
            for box in boxes where !box.text.isEmpty {
                canvas.setFont(size: box.size, isBold: box.isBold)
                canvas.setColor(red: box.gray, green: box.gray, blue: box.gray)
                canvas.show(
                    box.text, x: box.x, y: box.y, width: box.width, alignment: box.isRightAligned ? .right : .left)
            }
            canvas.line(from: (30, 70), to: (565, 70))
            canvas.endPage()
        }
    }

    static func drawWithShowText(_ pages: [[Box]], to path: String) throws {
        let surface = cairo_pdf_surface_create(path, 595, 842)
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)
        defer { cairo_destroy(context) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "t")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "c")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadataDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadataDate)

        for boxes in pages {
            for box in boxes where !box.text.isEmpty {
                let weight = box.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
                cairo_select_font_face(context, PDFCanvas.defaultFontFamily, CAIRO_FONT_SLANT_NORMAL, weight)
                cairo_set_font_size(context, box.size)
                cairo_set_source_rgb(context, box.gray, box.gray, box.gray)
                let fitted = fitted(ProtocolText.printable(box.text), width: box.width, context: context)
                let offset = box.isRightAligned ? box.width - width(of: fitted, context: context) : 0
                cairo_move_to(context, box.x + offset, box.y)
                cairo_show_text(context, fitted)
            }
            cairo_set_line_width(context, 0.5)
            cairo_move_to(context, 30, 70)
            cairo_line_to(context, 565, 70)
            cairo_stroke(context)
            cairo_show_page(context)
        }
        cairo_surface_finish(surface)
        #expect(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
    }

    private static func width(of text: String, context: OpaquePointer?) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// The longest prefix of whole characters plus an ellipsis within `width`, by binary search.
    private static func fitted(_ text: String, width: Double, context: OpaquePointer?) -> String {
        if self.width(of: text, context: context) <= width { return text }
        let characters = Array(text)
        var low = 0
        var high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            if self.width(of: String(characters[..<middle]) + "…", context: context) <= width {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return String(characters[..<low]) + "…"
    }
}
