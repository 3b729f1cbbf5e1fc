import ConsignCore
import Testing

@Suite("Shipment GUIDs")
struct GUIDTests {
    @Test("new GUIDs are lower-case version 4 GUIDs and all differ")
    func randomVersion4() {
        let guids = (0..<2000).map { _ in GUID.make() }
        #expect(Set(guids).count == guids.count)
        for guid in guids.prefix(200) {
            #expect(GUID.isValid(guid), "\(guid)")
            let bytes = Array(guid.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(bytes[19]))
        }
    }
}
