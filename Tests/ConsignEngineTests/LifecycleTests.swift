import ConsignCore
import ConsignEngine
import ConsignStore
import Foundation
import Testing

@Suite("Cancellation, close and carrier news")
struct LifecycleTests {
    func registered(_ fixture: EngineFixture, _ code: String) throws -> String {
        guard case .registered(let record) = try fixture.register(EngineFixture.order(code)) else {
            throw CoreError(.invalidRequestData, "fixture order \(code) not registered")
        }
        return record.shipment.guid
    }

    @Test("cancel is accepted now and confirmed by the carrier later with shipment:fail")
    func cancellationConfirmed() throws {
        let fixture = try EngineFixture()
        let guid = try registered(fixture, "F1")
        #expect(try fixture.engine.requestCancellation(guid: guid).shipment.status == .cancelRequested)

        _ = try fixture.engine.advance()
        #expect(try fixture.engine.shipment(guid: guid).shipment.status == .cancelRequested)

        fixture.clock.advance(by: 16 * 60)
        let summary = try fixture.engine.advance()
        #expect(summary.canceled == 1)
        let shipment = try fixture.engine.shipment(guid: guid).shipment
        #expect(shipment.status == .canceled)
        #expect(try fixture.events().map(\.event) == [.create, .update, .fail])
        #expect(try fixture.events().map(\.sequence) == [1, 2, 3])
    }

    @Test("close hands over open shipments as one batch; later they move to closed and in_transit")
    func closeAndTrack() throws {
        let fixture = try EngineFixture()
        let guids = try ["G1", "G2", "G3"].map { try registered(fixture, $0) }
        let (batch, count) = try fixture.engine.close(carrierCode: "ppl")
        #expect(count == 3)
        #expect(batch.state == .requested)
        #expect(throws: EngineError.self) { try fixture.engine.close(carrierCode: "ppl") }

        fixture.clock.advance(by: 11 * 60)
        let acknowledged = try fixture.engine.advance()
        #expect(acknowledged.acknowledgedBatches.map(\.id) == [batch.id])
        #expect(acknowledged.acknowledgedBatches.first?.protocolNumber?.isEmpty == false)
        for guid in guids { #expect(try fixture.engine.shipment(guid: guid).shipment.status == .closed) }

        fixture.clock.advance(by: 3 * 3600)
        _ = try fixture.engine.advance()
        for guid in guids {
            let shipment = try fixture.engine.shipment(guid: guid).shipment
            #expect(shipment.status == .inTransit)
            #expect(shipment.history.last?.providerDatetime != nil)
        }
    }

    @Test("two installations' first report of a day have different Message-IDs; one store keeps its own name")
    func reportMessageIds() throws {
        var ids: [String] = []
        for _ in 0..<2 {
            let fixture = try EngineFixture()
            _ = try registered(fixture, "M1")
            _ = try fixture.engine.close(carrierCode: "ppl")
            fixture.clock.advance(by: 11 * 60)
            _ = try fixture.engine.advance()
            let mail = try #require(try fixture.engine.store.allReports().first)
            #expect(mail.messageId.hasPrefix("<consign.batch-1."))
            #expect(try fixture.engine.store.transaction { try fixture.engine.store.instanceId() }
                == fixture.engine.store.meta("store.id"))
            ids.append(mail.messageId)
        }
        #expect(ids[0] != ids[1], "\(ids)")
    }

    @Test("the hand-over moves the whole batch: pending cancellations refused, canceled ones and later ones untouched")
    func handOverWholeBatch() throws {
        let fixture = try EngineFixture()
        var twoParcels = EngineFixture.order("M1")
        twoParcels.packageCount = 2
        guard case .registered(let multi) = try fixture.register(twoParcels) else {
            throw CoreError(.invalidRequestData, "two-parcel order not registered")
        }
        let pending = try registered(fixture, "M2")
        let canceled = try registered(fixture, "M3")
        _ = try fixture.engine.requestCancellation(guid: canceled)
        fixture.clock.advance(by: 16 * 60)
        _ = try fixture.engine.advance()
        _ = try fixture.engine.requestCancellation(guid: pending)
        let (batch, count) = try fixture.engine.close(carrierCode: "ppl")
        #expect(count == 1)  // only `created` shipments are open; M2 waits for its cancellation
        let later = try registered(fixture, "M4")

        fixture.clock.advance(by: 11 * 60)
        #expect(try fixture.engine.advance().acknowledgedBatches.map(\.id) == [batch.id])

        let closed = try fixture.engine.shipment(guid: multi.shipment.guid)
        #expect(closed.shipment.status == .closed)
        #expect(closed.handedOverAt != nil)
        #expect(closed.shipment.history.map(\.toStatus) == [.requested, .created, .closed])
        let note = try #require(closed.shipment.history.last?.note)
        #expect(note.hasPrefix("Handed over in protocol ") && !note.contains("refused"))
        let event = try #require(try fixture.events().last { $0.eventInstance == multi.shipment.guid })
        #expect(event.status == .closed && event.fromStatus == .created && event.sequence == 2)
        #expect(event.trackingNumbers == multi.shipment.packages.compactMap(\.trackingNumber))
        #expect(event.trackingNumbers.count == 2)
        #expect(event.note == note)
        #expect(try fixture.engine.shipment(guid: canceled).shipment.status == .canceled)
        #expect(try fixture.engine.shipment(guid: later).shipment.status == .created)
        #expect(try fixture.engine.store.shipments(inBatch: batch.id).map(\.shipment.guid) == [multi.shipment.guid])
        // The set-based hand-over keeps the per-block counts that pages and `status` read.
        let counts = try fixture.engine.store.statusCounts().filter { $0.value != 0 }
        #expect(counts == [.closed: 1, .cancelRequested: 1, .canceled: 1, .created: 1])
        let closedPage = try fixture.engine.shipments(ShipmentQuery(status: .closed))
        #expect(closedPage.totalCount == 1 && closedPage.items.map(\.shipment.guid) == [multi.shipment.guid])
        #expect(try fixture.engine.shipments(ShipmentQuery(status: .created)).items.map(\.shipment.guid) == [later])
    }

    @Test("the protocol's narrow read of a batch says what the full records say")
    func handoverShipmentsMatchRecords() throws {
        let fixture = try EngineFixture()
        var orders = [
            EngineFixture.order("P1", cod: "1290.5", weight: "0.125"), EngineFixture.order("P2", weight: "12"),
            EngineFixture.order("P3", weight: "31.5"),
        ]
        orders[1].packageCount = 3
        orders[1].recipient.company = "Firma \"Ř\"; s.r.o."
        orders[2].declaredValue = Decimal(string: "999.99")
        orders[2].currency = "CZK"
        for order in orders { _ = try fixture.register(order) }
        let (batch, _) = try fixture.engine.close(carrierCode: "ppl")

        let narrow = try fixture.engine.store.handoverShipments(inBatch: batch.id)
        let full = try fixture.engine.store.shipments(inBatch: batch.id).map(\.shipment)
        #expect(narrow.map(\.orderCode) == ["P1", "P2", "P3"])
        #expect(narrow.count == full.count)
        for (light, whole) in zip(narrow, full) {
            #expect(light.guid == whole.guid && light.variableSymbol == whole.variableSymbol)
            #expect(light.serviceCode == whole.serviceCode && light.carrierCode == whole.carrierCode)
            #expect(light.recipient.name == whole.recipient.name && light.recipient.company == whole.recipient.company)
            #expect(light.recipient.zip == whole.recipient.zip && light.recipient.city == whole.recipient.city)
            #expect(light.recipient.countryCode == whole.recipient.countryCode)
            #expect(light.packages.map(\.trackingNumber) == whole.packages.map(\.trackingNumber))
            #expect(light.packages.map(\.weight) == whole.packages.map(\.weight))
            #expect(light.cod == whole.cod && light.value == whole.value)
        }
        #expect(narrow[1].packages.count == 3)
        #expect(narrow[0].packages.first?.weight == Decimal(string: "0.125"))
    }

    @Test("a pending cancellation in a close batch is refused by the hand-over, with its own note")
    func handOverRefusesPendingCancellation() throws {
        let fixture = try EngineFixture()
        let guid = try registered(fixture, "N1")
        _ = try fixture.engine.close(carrierCode: "ppl")
        _ = try fixture.engine.requestCancellation(guid: guid)

        fixture.clock.advance(by: 11 * 60)
        let summary = try fixture.engine.advance()
        // Named, so that the run can warn that the parcel ships.
        #expect(summary.refusedCancellations.map(\.guid) == [guid])
        #expect(summary.refusedCancellations.first?.reason.hasPrefix("handed over in protocol ") == true)
        let record = try fixture.engine.shipment(guid: guid)
        #expect(record.shipment.status == .closed)
        #expect(record.cancelRequestedAt == nil)
        #expect(record.shipment.history.map(\.toStatus) == [.requested, .created, .cancelRequested, .closed])
        #expect(record.shipment.history.last?.note?.hasSuffix("; cancellation refused") == true)
        let events = try fixture.events().filter { $0.eventInstance == guid }
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(events.last?.fromStatus == .cancelRequested)
    }

    @Test("cancellation after the handover is refused and the shipment stays closed")
    func cancellationRefusedAfterHandover() throws {
        let fixture = try EngineFixture()
        let guid = try registered(fixture, "H1")
        _ = try fixture.engine.close(carrierCode: "ppl")
        fixture.clock.advance(by: 11 * 60)
        _ = try fixture.engine.advance()
        _ = try fixture.engine.requestCancellation(guid: guid)
        fixture.clock.advance(by: 16 * 60)
        let summary = try fixture.engine.advance()
        #expect(summary.cancelRefused == 1)
        let shipment = try fixture.engine.shipment(guid: guid).shipment
        #expect(shipment.status == .closed || shipment.status == .inTransit)
        #expect(shipment.history.contains { $0.note?.contains("Cancellation refused") == true })
    }

    @Test("a delivered shipment cannot be canceled")
    func cannotCancelDelivered() throws {
        let fixture = try EngineFixture()
        let guid = try registered(fixture, "I1")
        _ = try fixture.engine.close(carrierCode: "ppl")
        fixture.clock.advance(by: 11 * 60)
        _ = try fixture.engine.advance()
        fixture.clock.advance(by: 3 * 86400)
        _ = try fixture.engine.advance()
        let status = try fixture.engine.shipment(guid: guid).shipment.status
        #expect(status == .delivered || status == .returned)
        #expect(throws: EngineError.self) { try fixture.engine.requestCancellation(guid: guid) }
    }

    @Test("the list pages and filters by status, order and carrier")
    func listing() throws {
        let fixture = try EngineFixture()
        for index in 1...25 { _ = try registered(fixture, "L\(index)") }
        let page = try fixture.engine.shipments(ShipmentQuery(page: 3, itemsPerPage: 10))
        #expect(page.totalCount == 25)
        #expect(page.pageCount == 3)
        #expect(page.items.map(\.shipment.orderCode) == ["L21", "L22", "L23", "L24", "L25"])
        #expect(try fixture.engine.shipments(ShipmentQuery(orderCode: "L7")).items.count == 1)
        #expect(try fixture.engine.shipments(ShipmentQuery(carrierCode: "dpd")).totalCount == 0)
        #expect(try fixture.engine.shipments(ShipmentQuery(status: .created)).totalCount == 25)
    }
}
