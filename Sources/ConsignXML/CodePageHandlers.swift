import CLibXML2
import ConsignFormats

/// Table-driven input converters for the code pages Consign reads, registered with libxml2 by
/// the names `SAXParser` opens files with.
///
/// Without them libxml2 converts through glibc's iconv, a generic converter that cost 15 % of
/// the reading thread on a Windows-1250 POHODA file. Registered handlers are found by name
/// before iconv. A byte the code page leaves undefined fails the conversion, as iconv does.
enum CodePageHandlers {
    /// Registers the handlers once per process (before the first code-page file is opened).
    static let registered: Void = {
        register("WINDOWS-1250", windows1250Input)
        register("ISO-8859-2", iso8859_2Input)
        register("CP852", cp852Input)
    }()

    private static func register(_ name: String, _ input: xmlCharEncodingInputFunc) {
        _ = xmlNewCharEncodingHandler(name, input, nil)
    }

    /// Per byte: the UTF-8 length in the low byte, then up to three UTF-8 bytes; 0 = undefined.
    static func table(_ page: SingleByteCodePage) -> [UInt32] {
        (0...255).map { byte in
            guard let scalar = page.scalar(of: UInt8(byte)) else { return 0 }
            var packed = UInt32(0)
            var length = UInt32(0)
            for unit in String(Character(scalar)).utf8 {
                length += 1
                packed |= UInt32(unit) << (8 * length)
            }
            return packed | length
        }
    }

    /// Converts as much of `input` as fits into `output` (libxml2's `xmlCharEncodingInputFunc`
    /// contract: on return the counts say how much was read and written); -2 at an undefined byte.
    static func convert(
        _ table: [UInt32], _ output: UnsafeMutablePointer<UInt8>?, _ outputCount: UnsafeMutablePointer<Int32>?,
        _ input: UnsafePointer<UInt8>?, _ inputCount: UnsafeMutablePointer<Int32>?
    ) -> Int32 {
        guard let output, let outputCount, let inputCount else { return -1 }
        guard let input else {
            outputCount.pointee = 0
            inputCount.pointee = 0
            return 0
        }
        let available = Int(outputCount.pointee)
        var read = 0
        var written = 0
        var result: Int32?
        let bytes = UnsafeBufferPointer(start: input, count: Int(inputCount.pointee))
        table.withUnsafeBufferPointer { entries in
            while read < bytes.count {
                // An ASCII run (identical in every code page read here) is copied in one go.
                let runEnd = min(EncodingDetector.firstHighByte(in: bytes, from: read) ?? bytes.count,
                                 read + available - written)
                if runEnd > read {
                    (output + written).update(from: input + read, count: runEnd - read)
                    written += runEnd - read
                    read = runEnd
                    continue
                }
                let entry = entries[Int(input[read])]
                let length = Int(entry & 0xFF)
                guard length > 0 else {
                    result = -2
                    return
                }
                guard written + length <= available else { return }
                for offset in 0..<length {
                    output[written + offset] = UInt8(truncatingIfNeeded: entry >> (8 * (offset + 1)))
                }
                written += length
                read += 1
            }
        }
        outputCount.pointee = Int32(written)
        inputCount.pointee = Int32(read)
        return result ?? Int32(written)
    }
}

private let windows1250Table = CodePageHandlers.table(.windows1250)
private let iso8859_2Table = CodePageHandlers.table(.iso8859_2)
private let cp852Table = CodePageHandlers.table(.cp852)

private let windows1250Input: xmlCharEncodingInputFunc = { output, outputCount, input, inputCount in
    CodePageHandlers.convert(windows1250Table, output, outputCount, input, inputCount)
}
private let iso8859_2Input: xmlCharEncodingInputFunc = { output, outputCount, input, inputCount in
    CodePageHandlers.convert(iso8859_2Table, output, outputCount, input, inputCount)
}
private let cp852Input: xmlCharEncodingInputFunc = { output, outputCount, input, inputCount in
    CodePageHandlers.convert(cp852Table, output, outputCount, input, inputCount)
}
