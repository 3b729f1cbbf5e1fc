import ConsignCore
import ConsignEngine
import Foundation
import Testing

@Suite("Orders sent again, repeated in one file, or with money Consign must not guess")
struct ResubmissionTests {
    @Test("an order sent again with other data is rejected naming what changed, not silently a duplicate")
    func changedOrder() throws {
        let fixture = try EngineFixture()
        guard case .registered = try fixture.register(EngineFixture.order("R1", cod: "100")) else {
            Issue.record("not registered"); return
        }
        var changed = EngineFixture.order("R1", cod: "250")
        changed.recipient.name = "Jan Jiný"
        guard case .rejected(let problems) = try fixture.register(changed) else { Issue.record("not rejected"); return }
        #expect(problems.first?.code == .shipmentAlreadyExists)
        #expect(problems.first?.message.contains("recipient.name") == true)
        #expect(problems.first?.message.contains("cod") == true)
    }

    @Test("an order code repeated within one file is rejected; its first occurrence stays registered")
    func repeatedInFile() throws {
        let fixture = try EngineFixture()
        _ = try fixture.register(EngineFixture.order("R2"), sourceFile: "same.csv#1")
        guard case .rejected(let problems) = try fixture.register(EngineFixture.order("R2"), sourceFile: "same.csv#1")
        else { Issue.record("not rejected"); return }
        #expect(problems.map(\.code) == [.repeatedInFile])
        #expect(try fixture.engine.shipments(.init(orderCode: "R2")).totalCount == 1)
    }

    @Test("a repeat of an order whose first occurrence in the file was rejected is not registered")
    func repeatAfterRejection() throws {
        let fixture = try EngineFixture()
        guard case .rejected = try fixture.register(EngineFixture.order("R4", method: "nobody"), sourceFile: "f.csv#1")
        else { Issue.record("first occurrence not rejected"); return }
        guard case .rejected(let problems) = try fixture.register(EngineFixture.order("R4"), sourceFile: "f.csv#1")
        else { Issue.record("repeat registered"); return }
        #expect(problems.map(\.code) == [.repeatedInFile])
        // The same order in another file is a new input and is registered.
        guard case .registered = try fixture.register(EngineFixture.order("R4"), sourceFile: "g.csv#2")
        else { Issue.record("not registered from another file"); return }
        #expect(try fixture.engine.shipments(.init(orderCode: "R4")).totalCount == 1)
    }

    @Test("a repeat of an order answered as a duplicate or as changed earlier in the file is a repeat")
    func repeatAfterDuplicate() throws {
        let fixture = try EngineFixture()
        _ = try fixture.register(EngineFixture.order("R6"), sourceFile: "a.csv#1")
        guard case .duplicate = try fixture.register(EngineFixture.order("R6"), sourceFile: "b.csv#2")
        else { Issue.record("not a duplicate"); return }
        guard case .rejected(let again) = try fixture.register(EngineFixture.order("R6"), sourceFile: "b.csv#2")
        else { Issue.record("repeat answered again"); return }
        #expect(again.map(\.code) == [.repeatedInFile])

        guard case .rejected(let changed) = try fixture.register(EngineFixture.order("R6", zip: "120 00"),
                                                                 sourceFile: "c.csv#3")
        else { Issue.record("changed order not rejected"); return }
        #expect(changed.map(\.code) == [.shipmentAlreadyExists])
        guard case .rejected(let repeated) = try fixture.register(EngineFixture.order("R6", zip: "130 00"),
                                                                  sourceFile: "c.csv#3")
        else { Issue.record("repeat of a changed order not rejected"); return }
        #expect(repeated.map(\.code) == [.repeatedInFile])
    }

    @Test("orders without a code are each rejected as such, never as repeats of one another")
    func emptyCodes() throws {
        let fixture = try EngineFixture()
        for _ in 0..<2 {
            guard case .rejected(let problems) = try fixture.register(EngineFixture.order(""), sourceFile: "e.csv#1")
            else { Issue.record("registered without a code"); return }
            #expect(!problems.map(\.code).contains(.repeatedInFile))
        }
    }

    @Test("an order code written precomposed or decomposed is the same order")
    func canonicalCodes() throws {
        let fixture = try EngineFixture()
        let precomposed = EngineFixture.order("\u{17D}001")
        let decomposed = EngineFixture.order("Z\u{30C}001")
        guard case .registered(let first) = try fixture.register(precomposed, sourceFile: "a.csv#1")
        else { Issue.record("not registered"); return }
        guard case .duplicate(let again) = try fixture.register(decomposed, sourceFile: "b.csv#2")
        else { Issue.record("decomposed code not recognised"); return }
        #expect(again.shipment.guid == first.shipment.guid)
        #expect(Array(first.shipment.orderCode.utf8) == Array("\u{17D}001".utf8))
    }

    @Test("forgetting the file's rejections (a new input) lets the order through again")
    func forgottenRejections() throws {
        let fixture = try EngineFixture()
        _ = try fixture.register(EngineFixture.order("R5", method: "nobody"), sourceFile: "f.csv#1")
        try fixture.engine.store.forgetFileOrders()
        guard case .registered = try fixture.register(EngineFixture.order("R5"), sourceFile: "f.csv#1")
        else { Issue.record("not registered"); return }
    }

    @Test("COD with more than two decimals is refused, never rounded", arguments: ["100.12345", "0.001", "12.5001"])
    func codDecimals(amount: String) throws {
        let fixture = try EngineFixture()
        guard case .rejected(let problems) = try fixture.register(EngineFixture.order("R3", cod: amount)) else {
            Issue.record("not rejected"); return
        }
        #expect(problems.map(\.instance) == ["cod"])
    }

    @Test("control characters in names become spaces")
    func controlCharacters() throws {
        let fixture = try EngineFixture()
        var order = EngineFixture.order("R4")
        order.recipient.name = "Eve\u{07}\u{1B}[31m\r\nX"
        guard case .registered(let record) = try fixture.register(order) else { Issue.record("not registered"); return }
        #expect(record.shipment.recipient.name?.unicodeScalars.contains { $0.value < 0x20 } == false)
    }
}
