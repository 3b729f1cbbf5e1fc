import Foundation

/// Renders a handover protocol as an A4 portrait PDF with cairo, fonts embedded as subsets.
///
/// Two outputs: `render(_:to:)` lets cairo write the file at the given path (the caller passes a
/// temporary path in the target folder and renames it); `render(_:)` streams into memory.
public struct HandoverPDFRenderer: Sendable {
    /// The zone in which dates and times are printed; UTC by default.
    public var timeZone: TimeZone
    /// Page layout; internal so that every protocol looks the same.
    let geometry = PageGeometry()
    /// The font family; internal so that tests can ask for one that is not installed.
    var fontFamily = PDFCanvas.defaultFontFamily

    /// Creates a renderer printing times in `timeZone`.
    public init(timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) {
        self.timeZone = timeZone
    }

    /// Writes the protocol to the file at `path`, replacing it; throws if cairo reports an error.
    ///
    /// After a throw the file may exist and be incomplete: pass a temporary path and remove it.
    public func render(_ batch: HandoverBatch, to path: String) throws(HandoverError) {
        let canvas = PDFCanvas(path: path, geometry: geometry, fontFamily: fontFamily)
        try draw(batch, on: canvas)
    }

    /// The protocol as PDF bytes, e.g. for `AtomicFileWriter` or a mail attachment; throws if cairo fails.
    public func render(_ batch: HandoverBatch) throws(HandoverError) -> [UInt8] {
        let canvas = PDFCanvas(geometry: geometry, fontFamily: fontFamily)
        try draw(batch, on: canvas)
        return canvas.bytes
    }

    /// How many pages the protocol of `batch` has.
    public func pageCount(for batch: HandoverBatch) -> Int {
        plan(for: batch, totals: batch.totals).count
    }

    private func plan(for batch: HandoverBatch, totals: HandoverTotals) -> [PagePlan] {
        let closing = geometry.closingHeight(
            codLines: totals.cod.count, declaredValueLines: totals.declaredValue.count)
        return PagePlan.paginate(rowCount: batch.parcels.count, closingHeight: closing, geometry: geometry)
    }

    private func draw(_ batch: HandoverBatch, on canvas: PDFCanvas) throws(HandoverError) {
        try canvas.checkFonts(protocolNumber: batch.protocolNumber)
        let totals = batch.totals
        canvas.setMetadata(
            title: "Handover protocol \(batch.protocolNumber)", creator: "Consign",
            creationDate: ProtocolText.pdfDate(batch.acknowledgedAt))

        let drawer = ProtocolDrawer(
            canvas: canvas, batch: batch, totals: totals, geometry: geometry, timeZone: timeZone)
        drawer.draw(pages: plan(for: batch, totals: totals))

        try canvas.finish(protocolNumber: batch.protocolNumber)
    }
}
