import ConsignFormats
import Testing

@Suite("Encoding text into a single-byte code page")
struct CodePageEncodeTests {
    @Test("encodable text comes out byte for byte, with nothing transliterated", arguments: [
        TextEncoding.windows1250, .iso8859_2, .cp852,
    ])
    func exact(encoding: TextEncoding) throws {
        var lossy: Set<Character> = []
        let text = "Jan Šťastný, Žďár nad Sázavou; Győr; Łódź\r\n"
        let bytes = encoding.encode(text, lossy: &lossy)
        #expect(lossy.isEmpty)
        #expect(bytes.count == text.unicodeScalars.count)
        #expect(try #require(encoding.codePage).decode(bytes) == text)
    }

    @Test("bytes decoded in place read as the same text as through the general decoder", arguments: [
        TextEncoding.utf8, .windows1250, .iso8859_2, .cp852,
    ])
    func decodesInPlace(encoding: TextEncoding) {
        var generator = SystemRandomNumberGenerator()
        let palette: [UInt8] = [0x20, 0x41, 0x7A, 0x7F, 0x80, 0x81, 0x8A, 0x9F, 0xA0, 0xA9, 0xC3, 0xC5, 0xE1, 0xFF]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20...0x7E, using: &generator)
                    : palette.randomElement(using: &generator)!
            }
            let expected = encoding.codePage.map { $0.decode(bytes) } ?? String(decoding: bytes, as: UTF8.self)
            #expect(bytes.withUnsafeBufferPointer { encoding.decode($0) } == expected, "\(bytes)")
        }
    }

    @Test("a character the page lacks is transliterated whole, also when decomposed")
    func transliterates() {
        var lossy: Set<Character> = []
        let decomposed = "Cafe\u{0301} €5 🐎 ok"
        let bytes = TextEncoding.iso8859_2.encode(decomposed, lossy: &lossy)
        #expect(lossy.contains("e\u{0301}"))
        #expect(lossy.contains("🐎"))
        #expect(bytes.starts(with: Array("Cafe".utf8)))
        #expect(bytes.suffix(3) == Array(" ok".utf8)[...])
        #expect(!bytes.contains(0xCC))
    }
}
