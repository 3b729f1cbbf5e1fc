import ConsignMail
import Foundation

/// libFuzzer entry: the input, split on 0xFF, gives a subject, two display names, a text body,
/// an HTML body, an attachment name and the attachment's bytes.
///
/// Header values holding CR, LF or NUL must be refused with `.headerInjection`; any message
/// that is built must render as 7-bit text with CRLF line ends only, lines of at most 998
/// octets, a header block of known fields only, and its attachment bytes intact.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fields = FuzzInput.fields(FuzzInput.bytes(data, size), maximumCount: 7)
    let parts = MessageParts(fields)
    guard let message = parts.build() else { return 0 }

    let rendered = message.rendered()
    RenderedMessageCheck(bytes: rendered).checkAll()
    if let attachment = message.attachments.first {
        RenderedMessageCheck(bytes: rendered).checkAttachment(attachment.data)
    }
    return 0
}

/// The fuzzed pieces of a message.
struct MessageParts {
    var subject = "", fromName = "", toName = "", text = "", html = "", attachmentName = ""
    var attachmentData: [UInt8] = []

    /// Takes the fields in order; missing ones stay empty.
    init(_ fields: [[UInt8]]) {
        func text(_ index: Int) -> String {
            index < fields.count ? String(decoding: fields[index], as: UTF8.self) : ""
        }
        subject = text(0)
        fromName = text(1)
        toName = text(2)
        self.text = text(3)
        html = text(4)
        attachmentName = text(5)
        attachmentData = fields.count > 6 ? fields[6] : []
    }

    /// The message, or nil when it was refused for the right reason.
    func build() -> MailMessage? {
        do {
            let from = try expecting(headerValues: [fromName]) { () throws(MailError) in
                try MailAddress("consign@example.cz", displayName: fromName)
            }
            let to = try expecting(headerValues: [toName]) { () throws(MailError) in
                try MailAddress("ucto@example.cz", displayName: toName)
            }
            var attachments: [MailAttachment] = []
            if !attachmentName.isEmpty {
                attachments.append(try expecting(headerValues: [attachmentName]) { () throws(MailError) in
                    try MailAttachment(fileName: attachmentName, contentType: "text/csv", data: attachmentData)
                })
            }
            let date = Date(timeIntervalSince1970: 1_709_416_000)
            return try expecting(headerValues: [subject]) { () throws(MailError) in
                try MailMessage(from: from, to: [to], subject: subject, date: date,
                                messageID: "fuzz@consign.test", textBody: text,
                                htmlBody: html.isEmpty ? nil : html, attachments: attachments)
            }
        } catch {
            return nil
        }
    }

    /// Runs `make`; a value holding CR, LF or NUL must make it throw `.headerInjection`, and
    /// anything else it throws must be `.invalidHeader` (an attachment name with `/` or controls).
    private func expecting<Value>(headerValues: [String], _ make: () throws(MailError) -> Value) throws(MailError)
        -> Value {
        let isInjection = headerValues.contains { $0.utf8.contains { [0x00, 0x0A, 0x0D].contains($0) } }
        do {
            let value = try make()
            if isInjection { FuzzInput.fail("CR, LF or NUL in \(headerValues) was accepted") }
            return value
        } catch {
            let expected: MailError.Code = isInjection ? .headerInjection : .invalidHeader
            if error.code != expected { FuzzInput.fail("expected \(expected), got \(error)") }
            throw error
        }
    }
}

/// Checks on a rendered message's bytes.
struct RenderedMessageCheck {
    let bytes: [UInt8]

    /// Fields a top-level header block may hold.
    static let topFields: Set<String> = ["Date", "From", "To", "Cc", "Subject", "Message-ID", "MIME-Version",
                                         "Content-Type"]

    /// 7-bit, CRLF only, short lines, known header fields each at most once.
    func checkAll() {
        if let high = bytes.first(where: { $0 >= 0x80 }) { FuzzInput.fail("8-bit byte \(high) in the output") }
        for (index, byte) in bytes.enumerated() {
            let isBareCR = byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)
            let isBareLF = byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D)
            if isBareCR || isBareLF { FuzzInput.fail("bare CR or LF at offset \(index)") }
        }
        let lines = self.lines
        if let long = lines.first(where: { $0.count > 998 }) { FuzzInput.fail("line of \(long.count) octets") }
        checkHeaders(lines)
    }

    /// The attachment part's base64 decodes to `data`.
    func checkAttachment(_ data: [UInt8]) {
        let lines = self.lines.map { String(decoding: $0, as: UTF8.self) }
        // The subject may fold into a line that looks like a parameter; take the one after the type.
        guard let typeLine = lines.firstIndex(of: "Content-Type: multipart/mixed;"), typeLine + 1 < lines.count,
              case let boundaryLine = lines[typeLine + 1], boundaryLine.hasPrefix(" boundary=\"") else {
            FuzzInput.fail("no multipart/mixed boundary parameter")
        }
        let boundary = "--" + boundaryLine.dropFirst(" boundary=\"".count).dropLast()
        let delimiters = lines.indices.filter { lines[$0] == boundary }
        guard delimiters.count == 2, let close = lines.firstIndex(of: boundary + "--"),
              let blank = lines[delimiters[1]...].firstIndex(of: ""), blank < close else {
            FuzzInput.fail("expected two parts before '\(boundary)--'")
        }
        let base64 = lines[(blank + 1)..<close].joined()
        guard let decoded = Data(base64Encoded: base64), Array(decoded) == data else {
            FuzzInput.fail("attachment bytes do not round-trip")
        }
    }

    private var lines: [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { $0.dropLast() }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    private func checkHeaders(_ lines: [ArraySlice<UInt8>]) {
        var seen: Set<String> = []
        for line in lines {
            if line.isEmpty { return }
            if line.first == 0x20 || line.first == 0x09 { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { FuzzInput.fail("header line without ':'") }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            guard Self.topFields.contains(name), seen.insert(name).inserted else {
                FuzzInput.fail("unexpected or repeated header field '\(name)'")
            }
        }
        FuzzInput.fail("no blank line after the headers")
    }
}
