/// What one page of a protocol holds.
struct PagePlan: Hashable, Sendable {
    /// The rows (indices into the batch's parcels) printed on this page.
    var rows: Range<Int>
    /// True on the first page, which carries the protocol header.
    var hasHeader: Bool
    /// True when this page shows the table (with its heading); false on a closing-only page.
    var hasTable: Bool
    /// True on the page that carries the totals and signatures.
    var hasClosing: Bool

    /// Splits `rowCount` rows into pages, then puts the closing block on the last page or a new one.
    ///
    /// Planning first is what lets every footer say "page X of Y" in a single drawing pass.
    static func paginate(rowCount: Int, closingHeight: Double, geometry: PageGeometry) -> [PagePlan] {
        var pages: [PagePlan] = []
        var next = 0
        repeat {
            let isFirst = pages.isEmpty
            let end = min(rowCount, next + geometry.rowCapacity(isFirstPage: isFirst))
            pages.append(PagePlan(rows: next..<end, hasHeader: isFirst, hasTable: true, hasClosing: false))
            next = end
        } while next < rowCount

        let last = pages[pages.count - 1]
        let used = geometry.tableTop(isFirstPage: last.hasHeader) + geometry.headingHeight
            + Double(last.rows.count) * geometry.rowHeight
        if geometry.contentBottom - used >= closingHeight {
            pages[pages.count - 1].hasClosing = true
        } else {
            pages.append(PagePlan(rows: rowCount..<rowCount, hasHeader: false, hasTable: false, hasClosing: true))
        }
        return pages
    }
}
