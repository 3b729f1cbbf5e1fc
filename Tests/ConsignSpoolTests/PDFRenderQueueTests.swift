import ConsignCore
import ConsignHandover
import Foundation
import Testing

@testable import ConsignSpool

/// Protocols rendered on the background thread must be the very bytes a render on the
/// caller's thread gives, and asking for one never queued must not wait.
@Suite("Handover PDFs rendered in the background while the run goes on")
struct PDFRenderQueueTests {
    static func batch(id: Int, parcels: Int) -> HandoverBatch {
        let time = Date(timeIntervalSince1970: 1_796_401_800)
        return HandoverBatch(
            id: id, carrierCode: "ppl", carrierName: "PPL CZ", protocolNumber: "PPL-20261204-\(id)",
            requestedAt: time.addingTimeInterval(-600), acknowledgedAt: time,
            sender: Address(name: "Shop", city: "Praha", zip: "110 00", countryCode: "CZ"),
            codPayoutAccount: PayoutAccount(number: "19-2000145399/0800", isDemo: false),
            parcels: (1...parcels).map { index in
                HandoverParcel(
                    trackingNumber: String(format: "4%010d", index), orderCode: "O\(index)", variableSymbol: nil,
                    recipientName: "Jana Nováková", zip: "602 00", city: "Brno", countryCode: "CZ",
                    serviceCode: "ppl-private", serviceName: "PPL Parcel CZ Private", pieceIndex: 1, pieceCount: 1,
                    weight: 2, cod: index % 2 == 0 ? Money(100, "CZK") : nil, declaredValue: nil)
            })
    }

    @Test("each queued batch comes back as the bytes a direct render gives, in any order of asking")
    func sameBytes() throws {
        let queue = PDFRenderQueue()
        let batches = [Self.batch(id: 1, parcels: 300), Self.batch(id: 2, parcels: 5)]
        for batch in batches { queue.enqueue(batch) }
        for batch in batches.reversed() {
            let rendered = try #require(queue.pdf(batchId: batch.id))
            #expect(try rendered.get() == HandoverPDFRenderer().render(batch))
        }
        #expect(queue.pdf(batchId: 1) == nil)  // handed out once
        queue.drain()
    }

    @Test("a batch never queued gives nil at once, and drain returns when idle")
    func unknownBatch() {
        let queue = PDFRenderQueue()
        #expect(queue.pdf(batchId: 7) == nil)
        queue.drain()
        queue.enqueue(Self.batch(id: 8, parcels: 1))
        queue.drain()
        #expect((try? queue.pdf(batchId: 8)?.get())?.starts(with: Array("%PDF".utf8)) == true)
    }
}
