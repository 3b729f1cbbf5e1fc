import CCairo

/// Collects the bytes cairo streams out when a PDF is rendered to memory.
final class ByteSink {
    /// Everything written so far.
    var bytes: [UInt8] = []
}

/// One PDF document being drawn: owns the cairo surface, context and font faces.
///
/// Text is not drawn at once: texts in the same font and colour are collected into one `TextRun`
/// and drawn as one cairo operation when the font or colour changes, a line is drawn or the page
/// ends. A page of table rows is then a handful of operations instead of one per cell, which is
/// what cairo's PDF surface pays for at the end of each page.
///
/// Not thread-safe and not Sendable: cairo contexts belong to one thread at a time.
final class PDFCanvas {
    /// How text is aligned in a box.
    enum Alignment {
        case left, right
    }

    /// The font family of every text; fonts-dejavu-core covers Central European scripts.
    static let defaultFontFamily = "DejaVu Sans"
    /// The character that marks truncated text.
    static let ellipsis = "…"

    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let regularFace: OpaquePointer
    private let boldFace: OpaquePointer
    /// Kept alive as long as the surface may write into it.
    private let sink: ByteSink?
    /// The output path, for error messages; nil when rendering to memory.
    let path: String?
    /// The family asked of fontconfig for regular and bold text.
    let fontFamily: String
    /// Every face and size selected so far, with the glyphs it has measured.
    private var fonts: [GlyphFont]
    /// Texts drawn in the current font and colour that cairo has not been given yet.
    private var run: TextRun
    /// The current text and line colour.
    private var color = (red: 0.0, green: 0.0, blue: 0.0)

    /// Starts a PDF written by cairo to `path` (`cairo_pdf_surface_create`).
    ///
    /// Cairo never returns NULL here: a surface that failed is an error object whose status
    /// `checkStatus` reports, hence the unwraps.
    convenience init(path: String, geometry: PageGeometry, fontFamily: String) {
        let surface = cairo_pdf_surface_create(path, geometry.pageWidth, geometry.pageHeight)!
        self.init(surface: surface, sink: nil, path: path, fontFamily: fontFamily)
    }

    /// Starts a PDF streamed into memory (`cairo_pdf_surface_create_for_stream`).
    convenience init(geometry: PageGeometry, fontFamily: String) {
        let sink = ByteSink()
        // Unretained is enough: the canvas holds the sink until after it destroys the surface.
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, closure, geometry.pageWidth, geometry.pageHeight)!
        self.init(surface: surface, sink: sink, path: nil, fontFamily: fontFamily)
    }

    private init(surface: OpaquePointer, sink: ByteSink?, path: String?, fontFamily: String) {
        self.surface = surface
        self.sink = sink
        self.path = path
        self.fontFamily = fontFamily
        context = cairo_create(surface)
        regularFace = cairo_toy_font_face_create(fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        boldFace = cairo_toy_font_face_create(fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)

        // A defined font from the start, so that text drawn before any `setFont` has glyphs too.
        cairo_set_font_face(context, regularFace)
        cairo_set_font_size(context, 10)
        let font = GlyphFont(scaledFont: cairo_get_scaled_font(context), size: 10, isBold: false)
        fonts = [font]
        run = TextRun(font: font)
    }

    deinit {
        cairo_font_face_destroy(boldFace)
        cairo_font_face_destroy(regularFace)
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Sets document metadata (`cairo_pdf_surface_set_metadata`); dates as `YYYY-MM-DDThh:mm:ssZ`.
    func setMetadata(title: String, creator: String, creationDate: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, creationDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, creationDate)
    }

    /// The font of the following text.
    var font: GlyphFont { run.font }

    /// Selects the font for the following text.
    func setFont(size: Double, isBold: Bool = false) {
        guard font.size != size || font.isBold != isBold else { return }
        flushText()
        cairo_set_font_face(context, isBold ? boldFace : regularFace)
        cairo_set_font_size(context, size)
        run.removeAll(font: glyphFont(size: size, isBold: isBold))
    }

    /// The glyph table of the context's current font, made the first time that font is selected.
    private func glyphFont(size: Double, isBold: Bool) -> GlyphFont {
        if let known = fonts.first(where: { $0.size == size && $0.isBold == isBold }) { return known }
        let font = GlyphFont(scaledFont: cairo_get_scaled_font(context), size: size, isBold: isBold)
        fonts.append(font)
        return font
    }

    /// Draws the collected texts as one operation (see `TextRun.show`) and starts a new run.
    private func flushText() {
        guard !run.isEmpty else { return }
        run.show(on: context)
        run.removeAll(font: run.font)
    }

    /// The family name of the font file fontconfig chose for the current font, or nil if unknown.
    ///
    /// Cairo's toy font API silently substitutes another font when the family is missing; this
    /// reads the name back from the FreeType face (`cairo_ft_scaled_font_lock_face`).
    private func resolvedFontFamily() -> String? {
        let scaledFont = font.scaledFont
        guard let face = cairo_ft_scaled_font_lock_face(scaledFont) else { return nil }
        defer { cairo_ft_scaled_font_unlock_face(scaledFont) }
        return face.pointee.family_name.map { String(cString: $0) }
    }

    /// Throws unless fontconfig found `fontFamily` itself for regular and bold text.
    func checkFonts(protocolNumber: String) throws(HandoverError) {
        try checkStatus(protocolNumber: protocolNumber)
        for isBold in [false, true] {
            setFont(size: 10, isBold: isBold)
            let resolved = resolvedFontFamily()
            guard resolved == fontFamily else {
                let weight = isBold ? "bold" : "regular"
                throw HandoverError(
                    .fontMissing,
                    "cannot render handover protocol \(protocolNumber): font '\(fontFamily)' (\(weight)) is not "
                        + "installed (Debian package fonts-dejavu-core); fontconfig chose '\(resolved ?? "none")'",
                    path: path)
            }
        }
    }

    /// Sets the colour of the following text and lines, components 0...1.
    func setColor(red: Double, green: Double, blue: Double) {
        guard color != (red, green, blue) else { return }
        flushText()
        cairo_set_source_rgb(context, red, green, blue)
        color = (red, green, blue)
    }

    /// The advance width of `text` in the current font as cairo measures it (`cairo_text_extents`).
    ///
    /// Drawing uses the font's glyph table instead (`GlyphFont.advance(of:)`); tests compare the two.
    func width(of text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline at `y`, left edge at `x`, as `cairo_show_text` would.
    func show(_ text: String, x: Double, y: Double) {
        run.append(text, x: x, y: y)
    }

    /// Draws `text` in a box `width` wide, made printable and truncated with an ellipsis when it does not fit.
    func show(_ text: String, x: Double, y: Double, width: Double, alignment: Alignment = .left) {
        let text = ProtocolText.printable(text)
        if alignment == .left, run.append(text, x: x, y: y, maxAdvance: width) { return }

        let (fitted, advance) = fit(text, width: width)
        let offset = alignment == .right ? width - advance : 0
        run.append(fitted, x: x + offset, y: y)
    }

    /// `text` cut at a character boundary so that it plus an ellipsis fits `width`.
    func fitted(_ text: String, width: Double) -> String {
        fit(text, width: width).text
    }

    /// `text`, or its longest prefix of whole characters that fits `width` followed by an ellipsis,
    /// with its advance width.
    ///
    /// Widths are summed from left to right exactly as cairo sums them, so the cut falls where
    /// measuring each candidate with `cairo_text_extents` would put it.
    private func fit(_ text: String, width: Double) -> (text: String, advance: Double) {
        let advance = font.advance(of: text)
        if advance <= width { return (text, advance) }

        let ellipsis = font.advance(of: Self.ellipsis)
        var used = 0.0
        var end = text.startIndex
        while end < text.endIndex {
            let next = text.index(after: end)
            var widened = used
            for scalar in text.unicodeScalars[end..<next] {
                widened += font.glyph(for: scalar).advance
            }
            guard widened + ellipsis <= width else { break }
            used = widened
            end = next
        }
        return (String(text[..<end]) + Self.ellipsis, used + ellipsis)
    }

    /// Strokes a straight line.
    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double = 0.5) {
        flushText()
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// Strokes a rectangle.
    func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5) {
        flushText()
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// Ends the current page and starts a new one (`cairo_show_page`).
    func endPage() {
        flushText()
        cairo_show_page(context)
    }

    /// Finishes the document and reports cairo's first error (`cairo_surface_finish`).
    func finish(protocolNumber: String) throws(HandoverError) {
        flushText()
        cairo_surface_finish(surface)
        try checkStatus(protocolNumber: protocolNumber)
    }

    /// Throws cairo's first error on the context or the surface (`cairo_status`, `cairo_surface_status`).
    func checkStatus(protocolNumber: String) throws(HandoverError) {
        var status = cairo_status(context)
        if status == CAIRO_STATUS_SUCCESS { status = cairo_surface_status(surface) }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw HandoverError(
                .cairoFailed, "cannot render handover protocol \(protocolNumber)",
                cairoStatus: String(cString: cairo_status_to_string(status)), path: path)
        }
    }

    /// The finished document's bytes when rendering to memory; empty for a file.
    var bytes: [UInt8] { sink?.bytes ?? [] }
}
