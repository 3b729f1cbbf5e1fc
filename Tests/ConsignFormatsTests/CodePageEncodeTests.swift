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
