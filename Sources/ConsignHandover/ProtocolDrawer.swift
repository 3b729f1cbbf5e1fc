import Foundation

/// Draws the pages of one protocol onto a canvas, following a page plan.
struct ProtocolDrawer {
    let canvas: PDFCanvas
    let batch: HandoverBatch
    let totals: HandoverTotals
    let geometry: PageGeometry
    let timeZone: TimeZone
    /// Weights and amounts of the rows, each distinct one formatted once per protocol.
    let numbers = DecimalTexts()

    /// Font sizes in points.
    static let titleSize = 15.0
    static let headerSize = 9.0
    static let headingSize = 6.5
    static let rowSize = 6.5
    static let footerSize = 7.0
    /// Space between a cell's border and its text.
    static let cellPadding = 1.5

    /// Draws every page of `pages`.
    func draw(pages: [PagePlan]) {
        for (index, page) in pages.enumerated() {
            if page.hasHeader { drawHeader() }

            var y = geometry.tableTop(isFirstPage: page.hasHeader)
            if page.hasTable {
                y = drawTable(rows: page.rows, top: y)
            }
            if page.hasClosing {
                y = drawTotals(top: y + 14)
                drawSignatures(top: y + 10)
            }

            drawFooter(page: index + 1, of: pages.count)
            canvas.endPage()
        }
    }

    // MARK: Header

    private func drawHeader() {
        let left = geometry.sideMargin
        let width = geometry.contentWidth
        var y = geometry.topMargin + Self.titleSize
        canvas.setColor(red: 0, green: 0, blue: 0)
        canvas.setFont(size: Self.titleSize, isBold: true)
        canvas.show("Předávací protokol / Handover protocol", x: left, y: y, width: width)

        y += 22
        for (label, value) in headerLines() {
            canvas.setFont(size: Self.headerSize, isBold: true)
            canvas.show(label, x: left, y: y, width: 170)
            canvas.setFont(size: Self.headerSize)
            canvas.show(value.isEmpty ? "–" : value, x: left + 172, y: y, width: width - 172)
            y += 12.5
        }
        drawPayoutAccount(y: y)

        let rule = geometry.topMargin + geometry.headerHeight - 8
        canvas.line(from: (left, rule), to: (left + width, rule))
    }

    private func headerLines() -> [(String, String)] {
        [
            ("Dopravce / Carrier:", "\(batch.carrierName) (\(batch.carrierCode))"),
            ("Číslo protokolu / Protocol no.:", batch.protocolNumber),
            ("Dávka / Batch:", "\(batch.id), requested \(ProtocolText.timestamp(batch.requestedAt, in: timeZone))"),
            ("Potvrzeno / Acknowledged:", ProtocolText.timestamp(batch.acknowledgedAt, in: timeZone)),
            ("Odesílatel / Sender:", ProtocolText.senderName(batch.sender)),
            ("Adresa / Address:", ProtocolText.senderAddress(batch.sender)),
        ]
    }

    /// The payout account; a demo account in bold red so that nobody takes it for a real one.
    private func drawPayoutAccount(y: Double) {
        let left = geometry.sideMargin
        let account = batch.codPayoutAccount
        canvas.setFont(size: Self.headerSize, isBold: true)
        canvas.show("Účet pro dobírky / COD account:", x: left, y: y, width: 170)
        if account.isDemo { canvas.setColor(red: 0.8, green: 0, blue: 0) }
        canvas.setFont(size: Self.headerSize, isBold: account.isDemo)
        canvas.show(account.printedText, x: left + 172, y: y, width: geometry.contentWidth - 172)
        canvas.setColor(red: 0, green: 0, blue: 0)
    }

    // MARK: Table

    /// Draws the heading and `rows`; returns the y below the last row.
    private func drawTable(rows: Range<Int>, top: Double) -> Double {
        drawHeading(top: top)
        var y = top + geometry.headingHeight
        canvas.setFont(size: Self.rowSize)
        for index in rows {
            drawRow(TableColumn.cells(of: batch.parcels[index], row: index + 1, numbers: numbers), top: y)
            y += geometry.rowHeight
        }
        return y
    }

    private func drawHeading(top: Double) {
        let right = geometry.sideMargin + geometry.contentWidth
        canvas.setFont(size: Self.headingSize, isBold: true)
        var x = geometry.sideMargin
        for column in TableColumn.all {
            drawCell(column.czech, column: column, x: x, baseline: top + 8)
            drawCell(column.english, column: column, x: x, baseline: top + 16)
            x += column.width
        }
        canvas.line(from: (geometry.sideMargin, top + geometry.headingHeight - 2),
                    to: (right, top + geometry.headingHeight - 2), width: 0.8)
    }

    private func drawRow(_ cells: [String], top: Double) {
        var x = geometry.sideMargin
        for (column, text) in zip(TableColumn.all, cells) {
            drawCell(text, column: column, x: x, baseline: top + geometry.rowHeight - 3)
            x += column.width
        }
    }

    private func drawCell(_ text: String, column: TableColumn, x: Double, baseline: Double) {
        guard !text.isEmpty else { return }
        canvas.show(
            text, x: x + Self.cellPadding, y: baseline, width: column.width - 2 * Self.cellPadding,
            alignment: column.isRightAligned ? .right : .left)
    }

    // MARK: Footer

    private func drawFooter(page: Int, of pageCount: Int) {
        let left = geometry.sideMargin
        let width = geometry.contentWidth
        let y = geometry.footerBaseline
        canvas.setColor(red: 0.3, green: 0.3, blue: 0.3)
        canvas.line(from: (left, y - 10), to: (left + width, y - 10), width: 0.3)
        canvas.setFont(size: Self.footerSize)
        let title = "Předávací protokol / Handover protocol \(batch.protocolNumber), \(batch.carrierName)"
        canvas.show(title, x: left, y: y, width: width * 0.65)
        let pages = "Strana \(page) z \(pageCount) / Page \(page) of \(pageCount)"
        canvas.show(pages, x: left + width * 0.65, y: y, width: width * 0.35, alignment: .right)
        canvas.setColor(red: 0, green: 0, blue: 0)
    }
}
