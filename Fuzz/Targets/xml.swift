import ConsignFormats
import ConsignXML

/// libFuzzer entry: the input is an XML order file. Opens it through `XMLOrderReaders`, which
/// picks the Consign XML, Shoptet XML, POHODA or Money S3 reader by the root element, and reads
/// every order. A `FormatError` is a correct answer; a crash, hang or runaway memory is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.writeScratchFile(FuzzInput.bytes(data, size))
    let options = size % 3 == 2 ? ReaderOptions(maxFieldBytes: 16, maxDepth: 4) : ReaderOptions()
    do {
        guard let reader = try XMLOrderReaders.open(path: path, fileName: "fuzz.xml", options: options) else {
            return 0
        }
        _ = reader.dialect
        var count = 0
        while let order = try reader.next() {
            count += 1
            // An order needs at least an element's worth of bytes; more orders than bytes is a loop.
            if count > size { FuzzInput.fail("more orders than input bytes") }
            _ = order.orderCode
        }
    } catch {
        _ = error.code
    }
    return 0
}
