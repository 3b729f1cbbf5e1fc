import CCairo

/// Texts laid out as glyphs for a single cairo call: one font, one colour.
///
/// Cairo's PDF surface pays for every drawing operation when it ends a page (it merges each
/// operation's area into a region, and the region grows with the page), so the canvas collects
/// all texts drawn with the same font and colour into one run and draws them at once.
///
/// The UTF-8 text and one cluster per character go along with the glyphs, as `cairo_show_text`
/// would pass them, so the PDF keeps the text extractable. A run whose glyphs are all their
/// characters' own (`GlyphFont.Glyph.isOwn`: Latin and common punctuation the font has, no glyph
/// shared) is drawn without them (`cairo_show_glyphs`): the font's own map from glyphs to
/// characters then gives the same document byte for byte, and cairo is spared comparing each
/// glyph's text with the one it kept (a tenth of a 100,000-shipment protocol's time). Not for a
/// missing character: its glyph, the font's box, is shared, and only the text tells them apart.
struct TextRun {
    /// The font every glyph of the run is in.
    private(set) var font: GlyphFont
    /// The texts' UTF-8, one after the other.
    private(set) var utf8: [UInt8] = []
    /// One glyph per character, positioned.
    private(set) var glyphs: [cairo_glyph_t] = []
    /// One cluster per character: its UTF-8 length and its one glyph.
    private(set) var clusters: [cairo_text_cluster_t] = []
    /// True when a glyph of the run is not its character's own.
    private(set) var needsText = false

    /// Starts an empty run in `font`.
    init(font: GlyphFont) {
        self.font = font
    }

    /// Empties the run for texts in `font`, keeping its storage for the next page's texts.
    mutating func removeAll(font: GlyphFont) {
        self.font = font
        utf8.removeAll(keepingCapacity: true)
        glyphs.removeAll(keepingCapacity: true)
        clusters.removeAll(keepingCapacity: true)
        needsText = false
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
        var needsText = false
        for scalar in text.unicodeScalars {
            let glyph = font.glyph(for: scalar)
            needsText = needsText || !glyph.isOwn
            glyphs.append(cairo_glyph_t(index: glyph.index, x: pen, y: baseline))
            clusters.append(cairo_text_cluster_t(num_bytes: Int32(UTF8.width(scalar)), num_glyphs: 1))
            pen += glyph.advance
            advance += glyph.advance
        }

        guard advance <= maxAdvance else {
            glyphs.removeSubrange(glyphCount...)
            clusters.removeSubrange(glyphCount...)
            return false
        }
        utf8.append(contentsOf: text.utf8)
        self.needsText = self.needsText || needsText
        return true
    }

    /// `value` rounded to cairo's fixed-point coordinates: the nearest 1/256, ties to even.
    static func currentPoint(_ value: Double) -> Double {
        (value * 256).rounded(.toNearestOrEven) / 256
    }

    /// Draws the run on `context`, whose current font must be the run's.
    func show(on context: OpaquePointer) {
        guard !glyphs.isEmpty else { return }
        guard needsText else {
            cairo_show_glyphs(context, glyphs, Int32(glyphs.count))
            return
        }
        utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                cairo_show_text_glyphs(
                    context, text.baseAddress, Int32(text.count), glyphs, Int32(glyphs.count), clusters,
                    Int32(clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
            }
        }
    }
}
