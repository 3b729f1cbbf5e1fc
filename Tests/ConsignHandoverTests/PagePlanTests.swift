import Testing

@testable import ConsignHandover

@Suite("Protocol pagination")
struct PagePlanTests {
    let geometry = PageGeometry()
    let closing = PageGeometry().closingHeight(codLines: 1, declaredValueLines: 0)

    @Test("an empty batch is one page with header, table heading and closing")
    func emptyBatch() {
        let pages = PagePlan.paginate(rowCount: 0, closingHeight: closing, geometry: geometry)

        #expect(pages == [PagePlan(rows: 0..<0, hasHeader: true, hasTable: true, hasClosing: true)])
    }

    @Test("puts every row on exactly one page, in order, with the header only on the first")
    func rowsCoverBatchOnce() {
        let pages = PagePlan.paginate(rowCount: 1_000, closingHeight: closing, geometry: geometry)

        let rows = pages.flatMap { Array($0.rows) }
        #expect(rows == Array(0..<1_000))
        #expect(pages.map(\.hasHeader) == [true] + Array(repeating: false, count: pages.count - 1))
        #expect(pages.filter(\.hasClosing).count == 1)
        #expect(pages.last?.hasClosing == true)
    }

    @Test("moves the closing block to a page of its own when the last table page is full")
    func closingOnItsOwnPage() {
        let firstPageRows = geometry.rowCapacity(isFirstPage: true)

        let pages = PagePlan.paginate(rowCount: firstPageRows, closingHeight: closing, geometry: geometry)

        #expect(pages.count == 2)
        #expect(pages[0].rows == 0..<firstPageRows && !pages[0].hasClosing)
        #expect(pages[1] == PagePlan(rows: firstPageRows..<firstPageRows, hasHeader: false, hasTable: false,
                                     hasClosing: true))
    }

    @Test("keeps the closing block on the last table page when it fits under the rows")
    func closingUnderRows() {
        let pages = PagePlan.paginate(rowCount: 10, closingHeight: closing, geometry: geometry)

        #expect(pages.count == 1)
        #expect(pages[0].hasClosing)
    }

    @Test("fits more rows on later pages than on the first, which carries the header")
    func laterPagesHoldMoreRows() {
        #expect(geometry.rowCapacity(isFirstPage: false) > geometry.rowCapacity(isFirstPage: true))
    }
}
