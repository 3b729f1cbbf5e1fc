import ConsignSupport
import Testing

/// Text from a file reaches logs and error reports; it must stay on its line and mean what it
/// says there.
@Suite("Outside text made safe for one line of a log or a report")
struct OneLineTextTests {
    @Test("line breaks, escape codes, separators, bidi and zero-width characters are escaped; a backslash too",
          arguments: [
        ("plain Žluťoučký kůň", "plain Žluťoučký kůň"),
        ("a\nb\r\nc\td", "a\\nb\\r\\nc\\td"),
        ("red\u{1B}[31m", "red\\u{1B}[31m"),
        ("x\u{2028}y\u{85}z", "x\\u{2028}y\\u{85}z"),
        ("abc\u{202E}fed", "abc\\u{202E}fed"),
        ("AA\\nBB", "AA\\\\nBB"),
        ("A11\u{200B}", "A11\\u{200B}"),
        ("\u{FEFF}B2", "\\u{FEFF}B2"),
        ("B2\u{3164}0", "B2\\u{3164}0"),
        ("B2\u{FE0F}1", "B2\\u{FE0F}1"),
        ("E\u{E0100}", "E\\u{E0100}"),
    ])
    func escapes(text: String, expected: String) {
        #expect(OneLineText.escaped(text) == expected)
    }

    @Test("e-mail addresses in a mail server's reply become <address>", arguments: [
        ("550 5.1.1 <bad@obchod.cz>: no such user", "550 5.1.1 <<address>>: no such user"),
        ("at recipient: 550 jana.novakova+rep@firma.example.com unknown", "at recipient: 550 <address> unknown"),
        ("two: a@b.cz, \"c@d.cz\"", "two: <address>, \"<address>\""),
        ("421 try later", "421 try later"),
        ("bare @ sign", "bare <address> sign"),
    ])
    func addresses(text: String, expected: String) {
        #expect(OneLineText.withoutAddresses(text) == expected)
    }

    @Test("a log line's message and values keep to one line")
    func logLine() {
        let sink = MemorySink()
        let logger = Logger(label: "test", minimumLevel: .info, sink: sink)
        logger.warning("see error/x\ny.csv.errors.txt", ["spool.file": "x\ny\u{1B}.csv"])
        #expect(sink.lines == ["warning test: see error/x\\ny.csv.errors.txt spool.file=x\\ny\\u{1B}.csv"])
    }
}
