import CCairo

/// Texts laid out as glyphs for a single `cairo_show_glyphs` call: one font, one colour.
///
/// Cairo's PDF surface pays for every drawing operation when it ends a page (it merges each
/// operation's area into a region, and the region grows with the page), so the canvas collects
/// all texts drawn with the same font and colour into one run and draws them at once.
///
/// One glyph stands for one character, so the PDF's text comes from the font's own map of
/// glyphs to characters: the document is byte for byte the one `cairo_show_text_glyphs` with the
/// UTF-8 and one cluster per character made, which cost cairo a tenth more time (it compared each
/// glyph's text with the one it had kept).
struct TextRun {
    /// The font every glyph of the run is in.
    private(set) var font: GlyphFont
    /// One glyph per character, positioned.
    private(set) var glyphs: [cairo_glyph_t] = []

    /// Starts an empty run in `font`.
    init(font: GlyphFont) {
        self.font = font
    }

    /// Empties the run for texts in `font`, keeping its storage for the next page's texts.
    mutating func removeAll(font: GlyphFont) {
        self.font = font
        glyphs.removeAll(keepingCapacity: true)
    }

    /// True when nothing has been added.
    var isEmpty: Bool { glyphs.isEmpty }

    /// Adds `text` with the left end of its baseline at `x`, `y`; glyphs advance from left to right.
    ///
    /// The start is rounded as `cairo_move_to` stores the current point (24.8 fixed point), so that
    /// glyphs land exactly where `cairo_move_to` plus `cairo_show_text` would put them.
    mutating func append(_ text: String, x: Double, y: Double) {
        _ = append(text, x: x, y: y, maxAdvance: .infinity)
    }

    /// Adds `text` as `append(_:x:y:)` does if its advance width is at most `maxAdvance`; returns false and
    /// leaves the run as it was if not.
    ///
    /// Laying out and measuring in one pass is what keeps the common case, a cell that fits, cheap.
    mutating func append(_ text: String, x: Double, y: Double, maxAdvance: Double) -> Bool {
        let glyphCount = glyphs.count
        var pen = Self.currentPoint(x)
        let baseline = Self.currentPoint(y)
        // Summed separately from the pen, from zero, because that is how cairo measures a text.
        var advance = 0.0
        for scalar in text.unicodeScalars {
            let glyph = font.glyph(for: scalar)
            glyphs.append(cairo_glyph_t(index: glyph.index, x: pen, y: baseline))
            pen += glyph.advance
            advance += glyph.advance
        }

        guard advance <= maxAdvance else {
            glyphs.removeSubrange(glyphCount...)
            return false
        }
        return true
    }

    /// `value` rounded to cairo's fixed-point coordinates: the nearest 1/256, ties to even.
    static func currentPoint(_ value: Double) -> Double {
        (value * 256).rounded(.toNearestOrEven) / 256
    }

    /// Draws the run on `context`, whose current font must be the run's (`cairo_show_glyphs`).
    func show(on context: OpaquePointer) {
        guard !glyphs.isEmpty else { return }
        cairo_show_glyphs(context, glyphs, Int32(glyphs.count))
    }
}
