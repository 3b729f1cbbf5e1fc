import ConsignFormats
import Testing

@testable import ConsignXML

/// The converters libxml2 uses for code-page files must decode exactly as `TextEncoding` does,
/// stop cleanly when the output is full, and fail at a byte the code page leaves undefined.
@Suite("Code-page converters registered with libxml2")
struct CodePageHandlerTests {
    func convert(_ input: [UInt8], _ encoding: TextEncoding, room: Int) -> (result: Int32, read: Int, text: [UInt8]) {
        let table = CodePageHandlers.table(encoding.codePage!)
        var output = [UInt8](repeating: 0, count: room)
        var written = Int32(room)
        var read = Int32(input.count)
        let result = input.withUnsafeBufferPointer { bytes in
            output.withUnsafeMutableBufferPointer { out in
                CodePageHandlers.convert(table, out.baseAddress, &written, bytes.baseAddress, &read)
            }
        }
        return (result, Int(read), Array(output.prefix(Int(written))))
    }

    @Test("every defined byte decodes as TextEncoding decodes it", arguments: [
        TextEncoding.windows1250, .iso8859_2, .cp852,
    ])
    func everyByte(encoding: TextEncoding) throws {
        let page = try #require(encoding.codePage)
        let input = (0...255).map(UInt8.init).filter(page.defines)
        let converted = convert(input, encoding, room: input.count * 3)
        #expect(converted.read == input.count)
        #expect(Int(converted.result) == converted.text.count)
        #expect(String(decoding: converted.text, as: UTF8.self) == encoding.decode(input))
    }

    @Test("a full output stops at a character boundary with the counts of what was done")
    func fullOutput() {
        let input: [UInt8] = [0x41, 0x8A, 0x9A, 0x42]  // A Š š B in Windows-1250
        let converted = convert(input, .windows1250, room: 4)
        #expect(converted.read == 2)
        #expect(String(decoding: converted.text, as: UTF8.self) == "AŠ")
    }

    @Test("mixed ASCII runs and letters convert the same whatever room the output has")
    func asciiRunsAnyRoom() {
        var input: [UInt8] = []
        for run in 0..<40 {
            input += Array("Praha 4, Na Pankráci".utf8.filter { $0 < 0x80 }.prefix(run % 13))
            input += [0x8A, 0xE8, 0x9E]  // Š č ž in Windows-1250
        }
        let whole = String(decoding: convert(input, .windows1250, room: input.count * 3).text, as: UTF8.self)
        #expect(whole == TextEncoding.windows1250.decode(input))
        for room in [3, 7, 8, 9, 15, 16, 17, 33] {
            var rest = input[...]
            var text: [UInt8] = []
            while !rest.isEmpty {
                let converted = convert(Array(rest), .windows1250, room: room)
                #expect(converted.read > 0 && converted.text.count <= room)
                guard converted.read > 0 else { break }
                text += converted.text
                rest = rest.dropFirst(converted.read)
            }
            #expect(String(decoding: text, as: UTF8.self) == whole, "room \(room)")
        }
    }

    @Test("an undefined byte fails the conversion after the bytes before it")
    func undefinedByte() {
        let converted = convert([0x41, 0x42, 0x81, 0x43], .windows1250, room: 16)
        #expect(converted.result == -2)
        #expect(converted.read == 2)
        #expect(converted.text == [0x41, 0x42])
    }
}
