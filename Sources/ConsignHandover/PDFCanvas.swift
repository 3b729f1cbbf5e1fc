import CCairo

/// Collects the bytes cairo streams out when a PDF is rendered to memory.
final class ByteSink {
    /// Everything written so far.
    var bytes: [UInt8] = []
}

/// One PDF document being drawn: owns the cairo surface, context and font faces.
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

    /// Selects the font for the following text.
    func setFont(size: Double, isBold: Bool = false) {
        cairo_set_font_face(context, isBold ? boldFace : regularFace)
        cairo_set_font_size(context, size)
    }

    /// The family name of the font file fontconfig chose for the current font, or nil if unknown.
    ///
    /// Cairo's toy font API silently substitutes another font when the family is missing; this
    /// reads the name back from the FreeType face (`cairo_ft_scaled_font_lock_face`).
    private func resolvedFontFamily() -> String? {
        guard let scaledFont = cairo_get_scaled_font(context),
              let face = cairo_ft_scaled_font_lock_face(scaledFont)
        else { return nil }
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
        cairo_set_source_rgb(context, red, green, blue)
    }

    /// The advance width of `text` in the current font (`cairo_text_extents`).
    func width(of text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline at `y`, left edge at `x` (`cairo_show_text`).
    func show(_ text: String, x: Double, y: Double) {
        cairo_move_to(context, x, y)
        cairo_show_text(context, text)
    }

    /// Draws `text` in a box `width` wide, made printable and truncated with an ellipsis when it does not fit.
    func show(_ text: String, x: Double, y: Double, width: Double, alignment: Alignment = .left) {
        let fitted = self.fitted(ProtocolText.printable(text), width: width)
        let offset = alignment == .right ? width - self.width(of: fitted) : 0
        show(fitted, x: x + offset, y: y)
    }

    /// `text` cut at a character boundary so that it plus an ellipsis fits `width`.
    func fitted(_ text: String, width: Double) -> String {
        if self.width(of: text) <= width { return text }

        let characters = Array(text)
        var low = 0
        var high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            if self.width(of: String(characters[..<middle]) + Self.ellipsis) <= width {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return String(characters[..<low]) + Self.ellipsis
    }

    /// Strokes a straight line.
    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double = 0.5) {
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// Strokes a rectangle.
    func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5) {
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// Ends the current page and starts a new one (`cairo_show_page`).
    func endPage() {
        cairo_show_page(context)
    }

    /// Finishes the document and reports cairo's first error (`cairo_surface_finish`).
    func finish(protocolNumber: String) throws(HandoverError) {
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
