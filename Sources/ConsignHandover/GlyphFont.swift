import CCairo

/// One font face at one size: cairo's scaled font plus the glyph and advance of every character used so far.
///
/// Cairo's toy text API maps each Unicode scalar to one glyph and places glyphs by adding their
/// advances, so a text's width is the sum of its scalars' advances, added from left to right. Asking
/// cairo once per character instead of once per text (`cairo_text_extents`) is what makes thousands
/// of table cells cheap; the sums are the same doubles cairo computes.
///
/// Not thread-safe and not Sendable, like the canvas that owns it.
final class GlyphFont {
    /// A character's glyph index in the font and its horizontal advance in points.
    struct Glyph {
        /// Index into the font file; 0 is the font's missing-glyph box.
        var index: UInt
        /// How far the pen moves after the glyph.
        var advance: Double
        /// True when the glyph may be drawn without its text (see `TextRun`): a character of
        /// `drawnWithoutText` whose glyph no other character of those ranges shares.
        var isOwn = false
    }

    /// The characters whose glyphs may be drawn without their text: Latin (up to Latin
    /// Extended-B) and the dashes, quotes and ellipsis of General Punctuation (a cut cell ends in
    /// `…`, an empty value prints `–`). The font's own map gives their text back when no two of
    /// them share a glyph; all are mapped to glyphs in one call when the font is made, to know.
    static let drawnWithoutText: [ClosedRange<UInt32>] = [0x20...0x24F, 0x2010...0x2027]

    /// The characters of `drawnWithoutText` whose glyph is their own in this font.
    private let ownScalars: Set<UInt32>

    /// Scalars below this are looked up in an array, the rest in a dictionary.
    private static let tableSize = 0x300

    /// Cairo's scaled font, referenced for the lifetime of this object.
    let scaledFont: OpaquePointer
    /// Size in points.
    let size: Double
    /// True for the bold face.
    let isBold: Bool

    /// Glyphs of the scalars below `tableSize`; a negative advance marks one not looked up yet.
    ///
    /// A buffer rather than an array: it is read once per drawn character, and a class's array
    /// property would pay for an exclusivity check on every read.
    private let table: UnsafeMutableBufferPointer<Glyph>
    /// Glyphs of the other scalars.
    private var others: [UInt32: Glyph] = [:]

    /// Wraps `scaledFont`, taking a reference (`cairo_scaled_font_reference`).
    init(scaledFont: OpaquePointer, size: Double, isBold: Bool) {
        self.scaledFont = cairo_scaled_font_reference(scaledFont)
        self.size = size
        self.isBold = isBold
        table = .allocate(capacity: Self.tableSize)
        table.initialize(repeating: Glyph(index: 0, advance: -1))
        ownScalars = Self.ownScalars(of: self.scaledFont)
    }

    /// The printable characters of `drawnWithoutText` whose glyph no other of them shares, mapped
    /// in one `cairo_scaled_font_text_to_glyphs` call (glyph extents are left for first use:
    /// asking them of every character filled cairo's glyph cache and slowed the PDF down). None
    /// when cairo does not give one glyph per character.
    private static func ownScalars(of font: OpaquePointer) -> Set<UInt32> {
        let scalars = drawnWithoutText.joined().compactMap(Unicode.Scalar.init)
            .filter { $0.properties.generalCategory != .control }
        var bytes = Array(String(String.UnicodeScalarView(scalars)).utf8).map { CChar(bitPattern: $0) }
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
        var count: Int32 = 0
        let status = cairo_scaled_font_text_to_glyphs(
            font, 0, 0, &bytes, Int32(bytes.count), &glyphs, &count, nil, nil, nil)
        defer { cairo_glyph_free(glyphs) }
        guard status == CAIRO_STATUS_SUCCESS, Int(count) == scalars.count, let glyphs else { return [] }
        let indices = (0..<scalars.count).map { UInt(glyphs[$0].index) }
        let own = ownGlyphs(indices)
        return Set(zip(scalars, indices).filter { own.contains($0.1) }.map(\.0.value))
    }

    /// The glyph indices of `indices` that occur once and are not the missing glyph's.
    static func ownGlyphs(_ indices: [UInt]) -> Set<UInt> {
        var counts: [UInt: Int] = [:]
        for index in indices where index != 0 { counts[index, default: 0] += 1 }
        return Set(counts.filter { $0.value == 1 }.keys)
    }

    deinit {
        table.deallocate()
        cairo_scaled_font_destroy(scaledFont)
    }

    /// The glyph cairo draws for `scalar`, asked of cairo the first time only.
    func glyph(for scalar: Unicode.Scalar) -> Glyph {
        let value = scalar.value
        if value < Self.tableSize {
            let glyph = table[Int(value)]
            if glyph.advance >= 0 { return glyph }
            let found = lookUp(scalar)
            table[Int(value)] = found
            return found
        }
        if let glyph = others[value] { return glyph }
        let glyph = lookUp(scalar)
        others[value] = glyph
        return glyph
    }

    /// The advance width of `text`: what `cairo_text_extents` reports as `x_advance`.
    func advance(of text: String) -> Double {
        var width = 0.0
        for scalar in text.unicodeScalars {
            width += glyph(for: scalar).advance
        }
        return width
    }

    /// Asks cairo for the glyph of one character (`cairo_scaled_font_text_to_glyphs`) and its advance
    /// (`cairo_scaled_font_glyph_extents`); a font in an error state yields glyph 0 with no advance.
    private func lookUp(_ scalar: Unicode.Scalar) -> Glyph {
        var bytes = Array(String(scalar).utf8).map { CChar(bitPattern: $0) }
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
        var count: Int32 = 0
        let status = cairo_scaled_font_text_to_glyphs(
            scaledFont, 0, 0, &bytes, Int32(bytes.count), &glyphs, &count, nil, nil, nil)
        defer { cairo_glyph_free(glyphs) }
        guard status == CAIRO_STATUS_SUCCESS, count == 1, var glyph = glyphs?.pointee else {
            return Glyph(index: 0, advance: 0)
        }

        glyph.x = 0
        glyph.y = 0
        var extents = cairo_text_extents_t()
        cairo_scaled_font_glyph_extents(scaledFont, &glyph, 1, &extents)
        return Glyph(index: glyph.index, advance: extents.x_advance, isOwn: ownScalars.contains(scalar.value))
    }
}
