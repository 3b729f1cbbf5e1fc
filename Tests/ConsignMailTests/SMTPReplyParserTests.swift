@testable import ConsignMail
import Testing

@Suite("SMTP reply parser")
struct SMTPReplyParserTests {
    private func parse(_ text: String) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        parser.append(Array(text.utf8))
        var replies: [SMTPReply] = []
        while let reply = try parser.nextReply() { replies.append(reply) }
        return replies
    }

    @Test("joins continuation lines and accepts a code-only last line")
    func multiLineWithCodeOnlyLastLine() throws {
        let replies = try parse("250-mail.example.cz\r\n250-PIPELINING\r\n250\r\n")
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.example.cz", "PIPELINING", ""])])
    }

    @Test("tolerates bare LF line ends")
    func bareLineFeed() throws {
        #expect(try parse("220 ready\n") == [SMTPReply(code: 220, lines: ["ready"])])
    }

    @Test("waits for the rest of a reply split across reads")
    func splitAcrossReads() throws {
        var parser = SMTPReplyParser()
        parser.append(Array("250-one\r\n25".utf8))
        #expect(try parser.nextReply() == nil)
        parser.append(Array("0 two\r\n".utf8))
        #expect(try parser.nextReply() == SMTPReply(code: 250, lines: ["one", "two"]))
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("refuses malformed replies", arguments: [
        "650 nope\r\n",
        "150 nope\r\n",
        "25\r\n",
        "abc hello\r\n",
        "250-one\r\n251 two\r\n",
        "250xtext\r\n",
    ])
    func refusesMalformed(text: String) {
        #expect(throws: MailError.self) { try parse(text) }
    }

    @Test("refuses endless continuation lines")
    func endlessContinuation() {
        let text = String(repeating: "250-more\r\n", count: 101)
        #expect(throws: MailError.self) { try parse(text) }
    }

    @Test("refuses a reply line that is too long, even before its line end arrives")
    func lineTooLong() {
        var parser = SMTPReplyParser()
        parser.append(Array(("250 " + String(repeating: "x", count: 2100)).utf8))
        #expect(throws: MailError.self) { try parser.nextReply() }
    }

    @Test("accepts a 1,500-byte line within the lenient cap")
    func longButAcceptedLine() throws {
        let replies = try parse("250 " + String(repeating: "x", count: 1500) + "\r\n")
        #expect(replies.first?.lines.first?.count == 1500)
    }

    /// Regression for a fuzzing find (Fuzz/crashes/smtp-reply): a line at the limit was refused when
    /// its CR and LF arrived in different reads, but accepted when they arrived together.
    @Test("accepts a line at the length limit whose CR and LF arrive in different reads")
    func lineAtLimitWithSplitLineEnd() throws {
        let text = "250 " + String(repeating: "x", count: SMTPReplyParser.maximumLineLength - 4)
        var parser = SMTPReplyParser()
        parser.append(Array((text + "\r").utf8))
        #expect(try parser.nextReply() == nil)
        parser.append([0x0A])
        #expect(try parser.nextReply() == SMTPReply(code: 250, lines: [String(text.dropFirst(4))]))
    }

    @Test("refuses a line one byte over the limit, even when it ends in a CR")
    func lineOverLimitEndingInCarriageReturn() {
        let text = "250 " + String(repeating: "x", count: SMTPReplyParser.maximumLineLength - 3)
        var parser = SMTPReplyParser()
        parser.append(Array((text + "\r").utf8))
        let error = #expect(throws: MailError.self) { try parser.nextReply() }
        #expect(error?.code == .protocolViolation)
    }

    @Test("refuses a reply larger than 64 KiB")
    func replyTooLarge() {
        let line = "250-" + String(repeating: "y", count: 1000) + "\r\n"
        #expect(throws: MailError.self) { try parse(String(repeating: line, count: 70)) }
    }
}
