import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// `Store.activeShipment` skips the probe of the order index for a code above every stored one.
/// These tests hold the shortcut to SQLite's own order and to what other connections write.
@Suite("The order probe skipped for codes above the highest stored")
struct HighestOrderCodeTests {
    /// SQLite's answer to `a > b` for two texts under the BINARY collation.
    static func sqliteAbove(_ first: String, _ second: String, in store: Store) throws -> Bool {
        let statement = try store.database.statement("SELECT ?1 > ?2")
        try statement.bind(text: first, at: 1)
        try statement.bind(text: second, at: 2)
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0) == 1
    }

    @Test("the byte order agrees with SQLite on random codes: prefixes, equal texts, non-ASCII")
    func orderMatchesSQLite() throws {
        let store = try TemporaryStore.make("highest")
        let pieces = ["", "0", "1", "9", "10", "A", "a", "Z", "-", "é", "Ž", "€", "😀", "\u{7F}", "ab", "aB"]
        var generator = SystemRandomNumberGenerator()
        var pairs = [("", ""), ("a", ""), ("", "a"), ("ab", "a"), ("a", "ab"), ("é", "z"), ("z", "é")]
        for _ in 0..<2_000 {
            let first = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            let other = (0..<Int.random(in: 0...4)).map { _ in pieces.randomElement()! }.joined()
            let second = Bool.random() ? first : other
            pairs.append((first, second))
        }
        for (first, second) in pairs {
            let expected = try Self.sqliteAbove(first, second, in: store)
            #expect(HighestOrderCode.isAbove(first, second) == expected, "\(first) > \(second)")
        }
    }

    @Test("codes stored in falling, rising and mixed order are all found again in the same transaction")
    func foundInTheSameTransaction() throws {
        let store = try TemporaryStore.make("highest")
        let codes = ["500", "400", "600", "600A", "60", "ž1", "a", "Z", "599"]
        try store.transaction {
            for code in codes {
                #expect(try store.activeShipment(orderCode: code) == nil, "\(code) before it is stored")
                _ = try store.insert(QueryFixture.record(orderCode: code, carrier: "ppl", status: .created))
                #expect(try store.activeShipment(orderCode: code)?.shipment.orderCode == code, "\(code) after")
            }
        }
        try store.transaction { () throws in
            for code in codes {
                let found = try store.activeShipment(orderCode: code)
                #expect(found != nil, "\(code) later")
            }
            #expect(try store.activeShipment(orderCode: "zz") == nil)
        }
    }

    @Test("a shipment another connection stored between two transactions is seen by the second")
    func anotherWriterBetweenTransactions() throws {
        let path = try TemporaryStore.folder("highest") + "/consign.sqlite"
        let store = try Store(path: path)
        let other = try Store(path: path)
        try store.transaction {
            _ = try store.insert(QueryFixture.record(orderCode: "100", carrier: "ppl", status: .created))
            #expect(try store.activeShipment(orderCode: "900") == nil)
        }
        try other.transaction {
            _ = try other.insert(QueryFixture.record(orderCode: "900", carrier: "ppl", status: .created))
        }
        let seen = try store.transaction { try store.activeShipment(orderCode: "900") }
        #expect(seen?.shipment.orderCode == "900")
        #expect(try store.activeShipment(orderCode: "900") != nil)
    }

    @Test("a committed part forgets the highest code; outside a transaction it is never assumed")
    func forgottenAtEachCommit() throws {
        let store = try TemporaryStore.make("highest")
        try store.transaction {
            _ = try store.insert(QueryFixture.record(orderCode: "100", carrier: "ppl", status: .created))
            #expect(try store.activeShipment(orderCode: "900") == nil)
            guard case .known(let highest) = store.highestOrderCode else {
                Issue.record("not read: \(store.highestOrderCode)"); return
            }
            #expect(highest == "100")
            try store.commitSoFar()
            guard case .unread = store.highestOrderCode else {
                Issue.record("kept across a commit: \(store.highestOrderCode)"); return
            }
        }
        guard case .unknown = store.highestOrderCode else {
            Issue.record("kept after the transaction: \(store.highestOrderCode)"); return
        }
        #expect(try store.activeShipment(orderCode: "100") != nil)
    }
}
