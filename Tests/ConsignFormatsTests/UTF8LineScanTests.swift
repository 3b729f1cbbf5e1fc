@testable import ConsignFormats
import Testing

/// `EncodingDetector.firstUTF8Line` skips ASCII a word at a time; these tests hold it to the
/// plain byte-by-byte definition of a UTF-8 line on many random mixes of ASCII, line breaks,
/// Windows-1250 letters, UTF-8 letters and cut sequences.
@Suite("UTF-8 line scan")
struct UTF8LineScanTests {
    /// The definition, one byte at a time: a line qualifies when every high byte belongs to a
    /// well-formed UTF-8 sequence and at least one sequence has a lead byte 0xC3–0xC5.
    static func reference(_ bytes: [UInt8], final: Bool, extra: UInt8) -> Int? {
        var (lineStart, letters, strays, index) = (0, 0, 0, 0)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == extra {
                if letters > 0 && strays == 0 { return lineStart }
                (lineStart, letters, strays) = (index + 1, 0, 0)
            }
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = byte >= 0xF5 ? 0 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length > 0 && index + length > bytes.count && !final { return nil }
            let wellFormed = length > 0 && index + length <= bytes.count
                && (1..<length).allSatisfy { bytes[index + $0] & 0xC0 == 0x80 }
            if wellFormed {
                if (0xC3...0xC5).contains(byte) { letters += 1 }
                index += length
            } else {
                strays += 1
                index += 1
            }
        }
        return final && letters > 0 && strays == 0 ? lineStart : nil
    }

    /// Pieces random inputs are made of: markup, breaks, code-page and UTF-8 letters, and
    /// the first bytes of sequences cut short.
    static let pieces: [[UInt8]] = [
        Array("<ORDER>".utf8), Array("ab".utf8), Array("Praha 4".utf8), [0x0A], [UInt8(ascii: ">")],
        [0xE1], [0x9A, 0x65], Array("č".utf8), Array("Ž".utf8), Array("€".utf8), [0xC3], [0xE2, 0x82],
        [0xF0, 0x9F, 0x93, 0xA6], Array("abcdefghijk".utf8),
    ]

    @Test("agrees with the byte-by-byte definition on random inputs", arguments: [UInt8(0x0A), UInt8(ascii: ">")])
    func agreesWithDefinition(extra: UInt8) {
        // A failing input is printed in full by the expectation, so it can be replayed.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<24, using: &generator) {
                bytes += Self.pieces.randomElement(using: &generator)!
            }
            for final in [false, true] {
                let fast = bytes.withUnsafeBufferPointer {
                    EncodingDetector.firstUTF8Line(in: $0, final: final, breakingAlsoAt: extra)
                }
                #expect(fast == Self.reference(bytes, final: final, extra: extra), "bytes \(bytes), final \(final)")
            }
        }
    }

    @Test("finds a high byte in every position of a word")
    func findsHighBytesAnywhere() {
        for position in 0..<19 {
            var bytes = [UInt8](repeating: 0x41, count: 19)
            bytes[position] = 0xC5
            let found = bytes.withUnsafeBufferPointer { EncodingDetector.firstHighByte(in: $0, from: 0) }
            #expect(found == position)
        }
        let none = [UInt8](repeating: 0x41, count: 19).withUnsafeBufferPointer {
            EncodingDetector.firstHighByte(in: $0, from: 3)
        }
        #expect(none == nil)
    }
}
