import ConsignSupport
import Foundation
import Testing

/// `AtomicFileWriter.rewriteWritten`: what was written is rewritten piece by piece (cut at the
/// boundary byte, across the 1 MiB reads), and writing goes on after it in the same file.
@Suite("A temp file rewritten in place keeps every byte and goes on")
struct AtomicRewriteTests {
    @Test("2.5 MiB of lines rewritten, then more written, then committed",
          arguments: [(0, "\n"), (1, "\n"), (7, "\r\n"), (3, "\r")])
    func rewriteThenContinue(unflushed: Int, lineEnd: String) throws {
        let folder = NSTemporaryDirectory() + "consign-rewrite-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try AtomicFileWriter(directory: folder, name: "out.txt")
        var expected = ""
        for index in 0..<60_000 {
            let line = "line \(index) with some text" + lineEnd
            try writer.write(line)
            expected += line.uppercased()
        }
        for index in 0..<unflushed { try writer.write("tail \(index)"); expected += "TAIL \(index)" }
        var pieces: [Int] = []
        try writer.rewriteWritten(boundaries: [0x0A, 0x0D]) { piece in
            pieces.append(piece.count)
            return Array(String(decoding: piece, as: UTF8.self).uppercased().utf8)
        }
        try writer.write("after\n")
        expected += "after\n"
        try writer.commit()
        #expect(try String(contentsOfFile: folder + "/out.txt", encoding: .utf8) == expected)
        #expect(pieces.count >= 3 && pieces.allSatisfy { $0 <= 1 << 20 }, "read in pieces of at most 1 MiB")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.txt"])
    }
}
