import ConsignCore
import Foundation
import Testing

@Suite("Shipment GUIDs")
struct GUIDTests {
    @Test("new GUIDs are lower-case version 7 GUIDs, all different, ordered by the time they were made")
    func timeOrderedVersion7() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let guids = (0..<2000).map { _ in GUID.make() }
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(Set(guids).count == guids.count)
        for guid in guids {
            #expect(GUID.isValid(guid), "\(guid)")
            let bytes = Array(guid.utf8)
            #expect(bytes[14] == UInt8(ascii: "7"))
            #expect("89ab".utf8.contains(bytes[19]))
        }
        let stamps = try guids.map { guid in
            try #require(UInt64(guid.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16))
        }
        #expect(stamps == stamps.sorted())
        #expect(stamps.first! >= before && stamps.last! <= after)
    }
}
