/// Where things go on an A4 portrait page, in PDF points (1/72 inch).
struct PageGeometry: Sendable {
    /// A4 portrait width.
    var pageWidth = 595.0
    /// A4 portrait height.
    var pageHeight = 842.0
    /// Left and right margin.
    var sideMargin = 30.0
    /// Top margin.
    var topMargin = 36.0
    /// The lowest y a table row or closing block may reach.
    var contentBottom = 800.0
    /// Baseline of the page footer.
    var footerBaseline = 818.0
    /// Height of the protocol header on the first page.
    var headerHeight = 128.0
    /// Height of the two-line column heading.
    var headingHeight = 22.0
    /// Height of one parcel row.
    var rowHeight = 11.0
    /// Height of one line of the totals.
    var totalsLineHeight = 11.5
    /// Height of the signature block, including the box for corrections.
    var signaturesHeight = 150.0

    /// Width available between the margins.
    var contentWidth: Double { pageWidth - 2 * sideMargin }

    /// Where the table heading starts on a page.
    func tableTop(isFirstPage: Bool) -> Double {
        isFirstPage ? topMargin + headerHeight : topMargin
    }

    /// How many rows fit under the heading on a page.
    func rowCapacity(isFirstPage: Bool) -> Int {
        let space = contentBottom - tableTop(isFirstPage: isFirstPage) - headingHeight
        return max(1, Int(space / rowHeight))
    }

    /// Height of the totals and signatures for a batch with these many currency lines.
    func closingHeight(codLines: Int, declaredValueLines: Int) -> Double {
        let lines = 5 + max(1, codLines) + max(1, declaredValueLines)
        return 16 + Double(lines) * totalsLineHeight + signaturesHeight
    }
}
