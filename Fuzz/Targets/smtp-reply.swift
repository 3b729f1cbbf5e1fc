import ConsignMail

/// libFuzzer entry: the input is what an SMTP server sends. The first byte seeds how the rest is
/// cut into chunks and which client settings are used.
///
/// Checks that `SMTPReplyParser` returns the same replies however the bytes are chunked and that
/// every reply is within its limits, then drives `SMTPSession` with the same bytes and checks
/// that it always finishes, exactly once, and never writes a command with a stray CR or LF.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPReply(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let seed = input.first else { return 0 }
    let stream = Array(input.dropFirst())
    var generator = SplitMix(seed: UInt64(seed))
    let chunks = FuzzInput.chunks(stream, generator: &generator, maximumLength: 64)

    let whole = ReplyTranscript(chunks: [stream])
    let chunked = ReplyTranscript(chunks: chunks)
    if whole != chunked { FuzzInput.fail("chunking changed the parsed replies: \(whole) vs \(chunked)") }

    var driver = SessionFuzzDriver(flags: seed)
    driver.run(chunks: chunks)
    return 0
}

/// The replies a parser returns for some chunks, and whether it stopped on an error.
struct ReplyTranscript: Equatable, CustomStringConvertible {
    var replies: [SMTPReply] = []
    var error: MailError.Code?

    /// Feeds `chunks` one by one, taking every reply after each, until the first error.
    init(chunks: [[UInt8]]) {
        var parser = SMTPReplyParser()
        do {
            for chunk in chunks {
                parser.append(chunk)
                while let reply = try parser.nextReply() {
                    ReplyTranscript.check(reply)
                    replies.append(reply)
                }
                ReplyTranscript.checkBuffer(parser)
            }
        } catch {
            self.error = error.code
        }
    }

    var description: String { "\(replies.map(\.code)) error \(error?.rawValue ?? "none")" }

    private static func check(_ reply: SMTPReply) {
        guard (200...599).contains(reply.code) else { FuzzInput.fail("reply code \(reply.code) out of range") }
        guard !reply.lines.isEmpty, reply.lines.count <= SMTPReplyParser.maximumLineCount else {
            FuzzInput.fail("reply with \(reply.lines.count) lines")
        }
    }

    private static func checkBuffer(_ parser: SMTPReplyParser) {
        // A pending reply plus one unfinished line (the chunk may end just past the limit).
        let limit = SMTPReplyParser.maximumReplySize + SMTPReplyParser.maximumLineLength + 64
        if parser.bufferedByteCount > limit { FuzzInput.fail("parser buffers \(parser.bufferedByteCount) bytes") }
    }
}

/// Runs an `SMTPSession` against fuzzed server bytes, playing the I/O loop's part.
struct SessionFuzzDriver {
    private var session: SMTPSession
    private let flags: UInt8
    private var finishedCount = 0
    private var events: [SMTPSession.Event] = []

    /// Creates a session whose TLS mode, credentials and transport answers depend on `flags`.
    init(flags: UInt8) {
        self.flags = flags
        let modes: [SMTPTLSMode] = [.off, .starttls, .tls, .off]
        let hasLogin = flags & 0x04 != 0
        let settings = SMTPSettings(host: "mail.test", port: 25, tls: modes[Int(flags & 0x03)],
                                    username: hasLogin ? "consign" : nil, password: hasLogin ? "secret" : nil,
                                    allowPlainAuth: flags & 0x08 != 0, heloName: "consign.test")
        do {
            let recipients = try ["a@example.cz", "b@example.cz"].map { try MailAddress($0) }
            let envelope = SMTPEnvelope(sender: try MailAddress("consign@example.cz"), recipients: recipients)
            let message = Array("Subject: x\r\n\r\n.\r\n..line\r\nend\r\n".utf8)
            session = SMTPSession(settings: settings, envelope: envelope, message: message, messageID: "id@test")
        } catch {
            FuzzInput.fail("fixed addresses refused: \(error)")
        }
    }

    /// Connects, feeds each chunk, then ends the connection; checks the session finished once.
    mutating func run(chunks: [[UInt8]]) {
        handle(.connected)
        for chunk in chunks where !session.isFinished {
            handle(.bytesReceived(chunk))
        }
        if !session.isFinished { handle(flags & 0x10 != 0 ? .timeout : .connectionClosed) }
        guard session.isFinished, finishedCount == 1 else {
            FuzzInput.fail("session finished \(finishedCount) times, isFinished \(session.isFinished)")
        }
        if !session.handle(.connectionClosed).isEmpty { FuzzInput.fail("actions after the session finished") }
    }

    private mutating func handle(_ first: SMTPSession.Event) {
        events = [first]
        while !events.isEmpty {
            let event = events.removeFirst()
            _ = session.timeout
            _ = session.stage
            for action in session.handle(event) { perform(action) }
        }
    }

    private mutating func perform(_ action: SMTPSession.Action) {
        switch action {
        case .send(let bytes):
            checkCommand(bytes)
        case .sendMessageData(let bytes):
            if !bytes.suffix(5).elementsEqual(Array("\r\n.\r\n".utf8)) { FuzzInput.fail("data not ended by CRLF.CRLF") }
            events.append(.dataSent)
        case .startTLS:
            events.append(flags & 0x20 != 0 ? .transportFailed(MailError(.tlsFailed, "fuzz")) : .tlsEstablished)
        case .close:
            break
        case .finished(let report):
            finishedCount += 1
            if report.recipients.count != 2 { FuzzInput.fail("report with \(report.recipients.count) recipients") }
        }
    }

    /// Commands are CRLF-ended lines (several when pipelined) with no other CR or LF.
    private func checkCommand(_ bytes: [UInt8]) {
        for (index, byte) in bytes.enumerated() {
            let isBareCR = byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)
            let isBareLF = byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D)
            if isBareCR || isBareLF { FuzzInput.fail("command with a stray CR or LF: \(bytes)") }
        }
        if !bytes.suffix(2).elementsEqual([0x0D, 0x0A]) { FuzzInput.fail("command not ended by CRLF: \(bytes)") }
    }
}
