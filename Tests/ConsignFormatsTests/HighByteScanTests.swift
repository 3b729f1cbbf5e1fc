@testable import ConsignFormats
import Testing

/// `EncodingDetector.firstStrangeByte` walks a chunk's high bytes once for two checks; it must
/// find what the two checks would find apart, the earlier of the two.
@Suite("High byte scan")
struct HighByteScanTests {
    /// Pieces of random chunks: ASCII words and spaces, Windows-1250 letters, its undefined
    /// bytes (0x81, 0x98), ISO-8859-2 letters (ť 0xBB, Ś 0xA6) and guillemets.
    static let pieces: [[UInt8]] = [
        Array("Praha".utf8), [0x20], [0x0A], [0x9A], [0xE8], [0x81], [0x98], [0xBB], [0xA6], [0xAB],
        Array("ab".utf8), [0xF8, 0x65],
    ]

    /// The first byte at `start..<end` that the code page leaves undefined, one byte at a time.
    static func firstUndefined(_ bytes: [UInt8], _ start: Int, _ end: Int, _ page: SingleByteCodePage) -> Int? {
        (start..<end).first { !page.isText(bytes[$0]) }
    }

    @Test("finds the earlier of an undefined byte and an ISO letter", arguments: [false, true])
    func agreesWithTheTwoChecks(isoLetters: Bool) {
        let page = SingleByteCodePage.windows1250
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<30, using: &generator) {
                bytes += Self.pieces.randomElement(using: &generator)!
            }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let end = Int.random(in: start...bytes.count, using: &generator)
            let (both, iso) = bytes.withUnsafeBufferPointer { buffer in
                (EncodingDetector.firstStrangeByte(in: buffer, from: start, to: end, undefinedIn: page,
                                                   isoLetters: isoLetters),
                 isoLetters ? EncodingDetector.distinctiveISOLetter(in: buffer, from: start, to: end) : nil)
            }
            let expected = [Self.firstUndefined(bytes, start, end, page), iso].compactMap { $0 }.min()
            #expect(both == expected, "bytes \(bytes), \(start)..<\(end)")
        }
    }

    /// The first byte at `start..<end` that is undefined in `page` or, with `isoLetters`, an ISO
    /// letter standing as one: every byte judged, none skipped.
    static func firstStrange(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                             _ page: SingleByteCodePage?, _ isoLetters: Bool) -> Int? {
        (start..<end).first { index in
            if let page, !page.isText(buffer[index]) { return true }
            return isoLetters && index > 0 && EncodingDetector.isStandingISOLetter(at: index, in: buffer)
        }
    }

    @Test("judges every byte of any value, whichever high bytes the code page flags", arguments: [false, true])
    func everyByteJudged(isoLetters: Bool) {
        // The last leaves bytes of the letters' half undefined, as Windows-1253 does 0xD2 and 0xFF.
        var lettersUndefined = SingleByteCodePage.windows1250Upper
        lettersUndefined[0xD2 - 0x80] = 0xFFFD
        lettersUndefined[0xFF - 0x80] = 0xFFFD
        let pages: [SingleByteCodePage?] = [nil, .windows1250, .iso8859_2, .cp852,
                                            SingleByteCodePage(upper: lettersUndefined)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            // Letters, spaces and high bytes of all kinds, so that words hold ISO letters and neighbours.
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x80...0xFF, using: &generator)
                    : [0x20, 0x61, 0x6B, 0x0A].randomElement(using: &generator)!
            }
            let page = pages.randomElement(using: &generator)!
            let start = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let end = Int.random(in: start...bytes.count, using: &generator)
            bytes.withUnsafeBufferPointer { buffer in
                let found = EncodingDetector.firstStrangeByte(in: buffer, from: start, to: end, undefinedIn: page,
                                                              isoLetters: isoLetters)
                #expect(found == Self.firstStrange(buffer, start, end, page, isoLetters),
                        "bytes \(bytes), \(start)..<\(end), \(String(describing: page))")
            }
        }
    }

    @Test("finds an ISO letter inside a word with no code page given")
    func isoLetterAlone() {
        // "Žluťoučká" in ISO-8859-2 after a Windows-1250 undefined 0x81.
        let bytes: [UInt8] = [0x81, 0x20, 0xAE, 0x6C, 0x75, 0xBB, 0x6F, 0x75, 0xE8, 0x6B, 0xE1]
        let found = bytes.withUnsafeBufferPointer {
            EncodingDetector.firstStrangeByte(in: $0, from: 0, to: $0.count, undefinedIn: nil, isoLetters: true)
        }
        #expect(found == 5)
    }
}
