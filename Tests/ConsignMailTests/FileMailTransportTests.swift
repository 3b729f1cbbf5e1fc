import ConsignMail
import Foundation
import Testing

@Suite("File mail transport")
struct FileMailTransportTests {
    @Test("writes the rendered message as <Message-ID>.eml and reports it delivered")
    func writesEml() throws {
        let directory = try TestSupport.makeTemporaryDirectory() + "/outbox"
        let message = try TestSupport.message(messageID: "<batch/7@consign.test>")
        let report = FileMailTransport(directory: directory).deliver(message)
        #expect(report.outcome == .delivered)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files == ["batch_7@consign.test.eml"])
        let stored = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + files[0]))
        #expect([UInt8](stored) == message.rendered())
    }

    @Test("reports a temporary failure when the folder cannot be created")
    func unwritableFolder() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        let blocker = directory + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let report = FileMailTransport(directory: blocker + "/sub").deliver(try TestSupport.message())
        #expect(report.outcome == .temporaryFailure)
        #expect(report.failure?.error?.code == .fileWriteFailed)
    }
}
