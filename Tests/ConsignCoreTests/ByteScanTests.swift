import ConsignSupport
import Testing

@Suite("Word-at-a-time byte searches agree with a byte-by-byte loop")
struct ByteScanTests {
    /// Bytes near every boundary the word tests use, plus ordinary text.
    static let palette: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x26, 0x3C, 0x3E, 0x41,
                                   0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0xC1, 0xC2, 0xC3, 0xEE, 0xEF,
                                   0xF0, 0xFF]

    @Test("on random buffers of every length up to 40, at every start, with one or no byte of interest")
    func agreeWithLoop() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let length = Int.random(in: 0...40, using: &generator)
            let plain = UInt8.random(in: 0x23...0x5B, using: &generator)
            var bytes = [UInt8](repeating: plain, count: length)
            // Mostly plain text with a few palette bytes, so that runs without a hit span several words.
            for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                bytes[Int.random(in: 0..<length, using: &generator)] = Self.palette.randomElement(using: &generator)!
            }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...length { Self.expectFirstIndexes(buffer, from: start) }
                let controls = bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF }
                #expect(ByteScan.mayHoldControls(buffer) == controls, "\(bytes)")
                #expect(ByteScan.containsNonASCII(buffer) == bytes.contains { $0 >= 0x80 }, "\(bytes)")
                #expect(ByteScan.isPlainPrintableASCII(buffer)
                            == bytes.allSatisfy { (0x20...0x7E).contains($0) && $0 != 0x5C }, "\(bytes)")
                #expect(ByteScan.containsC1(buffer) == bytes.contains { (0x80...0x9F).contains($0) }, "\(bytes)")
                let special = bytes.contains { $0 == 0x3B || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                #expect(ByteScan.contains(buffer, anyOf: 0x3B, 0x22, 0x0A, 0x0D) == special, "\(bytes)")
            }
        }
    }

    @Test("measures the equal prefix of two buffers wherever they first differ, up to any count")
    func equalPrefixAgreesWithLoop() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let length = Int.random(in: 0...100, using: &generator)
            let first = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var second = first
            // None, one or two differing bytes, anywhere (the first decides).
            for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                second[Int.random(in: 0..<length, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            }
            let count = Int.random(in: 0...length, using: &generator)
            let expected = (0..<count).first { first[$0] != second[$0] } ?? count
            let found = first.withUnsafeBufferPointer { left in
                second.withUnsafeBufferPointer { right in
                    ByteScan.equalPrefix(left.baseAddress ?? UnsafePointer(bitPattern: 1)!,
                                         right.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: count)
                }
            }
            #expect(found == expected, "\(first) \(second) \(count)")
        }
    }

    /// Every search for a first byte agrees with a loop, from `start`.
    static func expectFirstIndexes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) {
        let length = buffer.count
        let bytes = Array(buffer)
        let expected = (start..<length).first { Self.needsJSONEscape(buffer[$0]) } ?? length
        #expect(ByteScan.firstJSONEscape(in: buffer, from: start) == expected, "\(bytes) \(start)")
        let xml = (start..<length).first { Self.needsXMLWork(buffer[$0]) } ?? length
        #expect(ByteScan.firstXMLEscape(in: buffer, from: start) == xml, "\(bytes) \(start)")
        let c1 = (start..<length).first { (0x80...0x9F).contains(buffer[$0]) } ?? length
        #expect(ByteScan.firstC1(in: buffer, from: start) == c1, "\(bytes) \(start)")
        let symbol = (start..<length).first { (0x80...0xBF).contains(buffer[$0]) } ?? length
        #expect(ByteScan.firstHighSymbol(in: buffer, from: start) == symbol, "\(bytes) \(start)")
        let high = (start..<length).first { buffer[$0] >= 0x80 } ?? length
        #expect(ByteScan.firstNonASCII(in: buffer, from: start) == high, "\(bytes) \(start)")
        let quote = (start..<length).first { buffer[$0] == 0x22 } ?? length
        #expect(ByteScan.firstIndex(of: 0x22, in: buffer, from: start) == quote, "\(bytes) \(start)")
        let stop = (start..<length).first { [0x0A, 0x3E].contains(buffer[$0]) || buffer[$0] >= 0x80 }
        #expect(ByteScan.firstNonASCII(orEither: 0x0A, 0x3E, in: buffer, from: start) == stop ?? length,
                "\(bytes) \(start)")
        expectFieldEnds(buffer, from: start)
    }

    /// The searches for a CSV field's end agree with a loop.
    static func expectFieldEnds(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) {
        let length = buffer.count
        let quoted = (start..<length).first { buffer[$0] == 0x22 || buffer[$0] < 0x0E } ?? length
        #expect(ByteScan.firstIndex(of: 0x22, orBelow: 0x0E, in: buffer, from: start) == quoted,
                "\(Array(buffer)) \(start)")
        let plain = (start..<length).first { [0x3B, 0x0D, 0x0A].contains(buffer[$0]) } ?? length
        #expect(ByteScan.firstIndex(ofAny: 0x3B, 0x0D, 0x0A, in: buffer, from: start) == plain,
                "\(Array(buffer)) \(start)")
    }

    @Test("on words dense with bytes of interest: the first is found, whatever follows it in its word")
    func denseWords() {
        // Several hits in one word: a borrow from one may flag the bytes above it, never one below.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let length = Int.random(in: 0...24, using: &generator)
            let bytes = (0..<length).map { _ in Self.palette.randomElement(using: &generator)! }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...length { Self.expectFirstIndexes(buffer, from: start) }
            }
        }
    }

    static func needsXMLWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || [0x26, 0x3C, 0x3E, 0x22, 0xEF].contains(byte)
    }

    static func needsJSONEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    @Test("every single byte value, alone and at each place of a 17-byte run")
    func everyByte() {
        for value in UInt8.min...UInt8.max {
            for place in 0..<17 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                bytes[place] = value
                let escape = value < 0x20 || value == 0x22 || value == 0x5C
                bytes.withUnsafeBufferPointer { buffer in
                    #expect(ByteScan.firstJSONEscape(in: buffer, from: 0) == (escape ? place : 17))
                    #expect(ByteScan.mayHoldControls(buffer) == (value < 0x20 || value == 0x7F || value == 0xC2
                                                                  || value == 0xEF))
                    #expect(ByteScan.containsNonASCII(buffer) == (value >= 0x80))
                    #expect(ByteScan.isPlainPrintableASCII(buffer) == ((0x20...0x7E).contains(value) && value != 0x5C))
                    #expect(ByteScan.containsC1(buffer) == (0x80...0x9F).contains(value))
                    #expect(ByteScan.firstC1(in: buffer, from: 0) == ((0x80...0x9F).contains(value) ? place : 17))
                    #expect(ByteScan.firstHighSymbol(in: buffer, from: 0)
                                == ((0x80...0xBF).contains(value) ? place : 17))
                    #expect(ByteScan.firstNonASCII(in: buffer, from: 0) == (value >= 0x80 ? place : 17))
                    #expect(ByteScan.firstNonASCII(orEither: 0x0A, 0x0D, in: buffer, from: 0)
                                == (value >= 0x80 || value == 0x0A || value == 0x0D ? place : 17))
                    #expect(ByteScan.firstXMLEscape(in: buffer, from: 0) == (Self.needsXMLWork(value) ? place : 17))
                    Self.expectFieldEnds(buffer, from: 0)
                    #expect(ByteScan.contains(buffer, anyOf: 0x3B, 0x22, 0x0A, 0xFF)
                                == [0x3B, 0x22, 0x0A, 0xFF].contains(value))
                }
            }
        }
    }
}
