import ConsignSupport
import Foundation
import Testing

/// The spool's content hash (idempotency of re-sent files) must be the real SHA-256.
@Suite("SHA-256 of spool files")
struct SHA256Tests {
    @Test("known answers from FIPS 180-2", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownAnswers(text: String, expected: String) {
        let digest = SHA256()
        Array(text.utf8).withUnsafeBytes { digest.update($0) }
        #expect(digest.finalize() == expected)
    }

    @Test("a million 'a' fed in uneven pieces")
    func millionA() {
        let digest = SHA256()
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var offset = 0
        var piece = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            bytes[offset..<end].withUnsafeBytes { digest.update($0) }
            offset = end
            piece = piece * 3 % 1000 + 1
        }
        #expect(digest.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
