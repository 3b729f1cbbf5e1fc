import ConsignCore
@testable import ConsignFormats
import Foundation
import Testing

@Suite("CSV encoding detection")
struct CSVEncodingTests {
    /// A file written in one encoding and the encoding and evidence the tokenizer must find.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let written: TextEncoding
        let bom: Bool
        let expected: TextEncoding
        let evidence: EncodingEvidence
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Windows-1250 by its C1 bytes", text: "name;city\nJan Šťastný;Žďár nad Sázavou\n",
             written: .windows1250, bom: false, expected: .windows1250, evidence: .controlBytes),
        Case(name: "ISO-8859-2 by Ž and ť at their ISO positions", text: "name;city\nŽluťoučký kůň;Brno\n",
             written: .iso8859_2, bom: false, expected: .iso8859_2, evidence: .distinctiveLetters),
        Case(name: "Slovak Windows-1250 with only ľ/Ľ stays Windows-1250",
             text: "name;city\nĽubica Kráľová;Lučenec\n",
             written: .windows1250, bom: false, expected: .windows1250, evidence: .distinctiveLetters),
        Case(name: "Czech ISO-8859-2 whose only ISO-only letters are š and ž",
             text: "name;street\nPetr Pospíšil;Růžová 5\nEva Kříž;Nádražní 1\n",
             written: .iso8859_2, bom: false, expected: .iso8859_2, evidence: .distinctiveLetters),
        Case(name: "Czech ISO-8859-2 with two š and one ř", text: "name;street\nLukáš Kašpar;Příčná 5\n",
             written: .iso8859_2, bom: false, expected: .iso8859_2, evidence: .distinctiveLetters),
        Case(name: "Slovak ISO-8859-2 by ľ inside words", text: "name;street\nĽubica Kráľová;Poľná 5\n",
             written: .iso8859_2, bom: false, expected: .iso8859_2, evidence: .distinctiveLetters),
        Case(name: "a micro sign before a unit stays Windows-1250", text: "name;note\nPetr Novák;vrstva 5 µm\n",
             written: .windows1250, bom: false, expected: .windows1250, evidence: .distinctiveLetters),
        Case(name: "a Slovak Kráľová among Czech addresses without š or ž stays Windows-1250",
             text: "name;street\nĽubica Kráľová;Dvořákova 5\nPetr Novák;Pěchotní 3\n",
             written: .windows1250, bom: false, expected: .windows1250, evidence: .distinctiveLetters),
        Case(name: "Hungarian Windows-1250 with ő and ű", text: "name;city\nSzőke Tünde;Győr\n",
             written: .windows1250, bom: false, expected: .windows1250, evidence: .distinctiveLetters),
        Case(name: "UTF-8 without BOM", text: "name;city\nŁukasz Wiśniewski;Łódź\n",
             written: .utf8, bom: false, expected: .utf8, evidence: .validUTF8),
        Case(name: "UTF-8 with BOM", text: "name;city\nJan Šťastný;Košice\n",
             written: .utf8, bom: true, expected: .utf8, evidence: .byteOrderMark),
    ]

    @Test("detects the encoding and decodes names and cities right", arguments: cases)
    func detects(_ testCase: Case) throws {
        var lossy = Set<Character>()
        let bytes = (testCase.bom ? [0xEF, 0xBB, 0xBF] : []) + testCase.written.encode(testCase.text, lossy: &lossy)
        let folder = try TempFolder()
        let tokenizer = try CSVTokenizer(path: try folder.write(bytes), fileName: "orders.csv")
        #expect(tokenizer.encoding == testCase.expected)
        #expect(tokenizer.encodingEvidence == testCase.evidence)
        #expect(tokenizer.hasByteOrderMark == testCase.bom)

        #expect(try tokenizer.nextRecord())
        #expect(try tokenizer.nextRecord())
        let expectedFields = testCase.text.split(separator: "\n")[1].split(separator: ";").map(String.init)
        #expect([tokenizer.string(at: 0), tokenizer.string(at: 1)] == expectedFields)
    }

    @Test("UTF-8 bytes pinned as Windows-1250 fail instead of turning into mojibake")
    func pinnedMismatch() throws {
        let folder = try TempFolder()
        let path = try folder.write("name;city\nŽluťoučký kůň;Šťáva Žďár\n", encoding: .utf8)
        let error = #expect(throws: FormatError.self) {
            try CSVTokenizer(path: path, fileName: "orders.csv", options: ReaderOptions(pinnedEncoding: .windows1250))
        }
        #expect(error?.code == .encodingMismatch)
    }

    @Test("a pinned encoding is used when the bytes agree")
    func pinnedAgrees() throws {
        let folder = try TempFolder()
        let path = try folder.write("name\nŠárka\n", encoding: .iso8859_2)
        let tokenizer = try CSVTokenizer(path: path, fileName: "orders.csv",
                                         options: ReaderOptions(pinnedEncoding: .iso8859_2))
        #expect(tokenizer.encodingEvidence == .configured)
        _ = try tokenizer.nextRecord()
        _ = try tokenizer.nextRecord()
        #expect(tokenizer.string(at: 0) == "Šárka")
    }

    @Test("a UTF-8 file with Windows-1250 bytes after the first 64 KiB fails naming the line")
    func laterInvalidUTF8() throws {
        var lines = ["name;city", "Jan Šťastný;Brno"]
        for index in 0..<8_000 { lines.append("Order \(index);Praha") }
        let head = Array((lines.joined(separator: "\n") + "\n").utf8)
        var lossy = Set<Character>()
        let tail = TextEncoding.windows1250.encode("Žluťoučký;Plzeň\n", lossy: &lossy)
        let folder = try TempFolder()
        let path = try folder.write(head + tail)

        #expect(head.count > CSVTokenizer.chunkSize)
        let error = #expect(throws: FormatError.self) { _ = try tokenize(path).count }
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == lines.count + 1)
    }

    @Test("UTF-8 lines in a Windows-1250 file are refused naming the line, wherever they are", arguments: [
        (0, 8_000), (3, 8_000), (3, 10), (8_000, 0),
    ])
    func utf8InsideCodePage(asciiBefore: Int, asciiAfter: Int) throws {
        var lossy = Set<Character>()
        var bytes = TextEncoding.windows1250.encode("name;city\nJan Šťastný;Žďár\n", lossy: &lossy)
        for index in 0..<asciiBefore { bytes += Array("Order \(index);Praha\n".utf8) }
        for index in 0..<asciiAfter { bytes += Array("Filler \(index);Brno\n".utf8) }
        bytes += Array("Jan Nováček;Dlouhá\n".utf8)
        let folder = try TempFolder()
        let path = try folder.write(bytes)

        let error = #expect(throws: FormatError.self) { _ = try tokenize(path).count }
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3 + asciiBefore + asciiAfter)
    }

    @Test("a byte Windows-1250 leaves undefined (a CP852 ü) refuses the file naming the line and the byte",
          arguments: [(0, 0x81), (8_000, 0x98), (3, 0x90), (5_000, 0x83), (11, 0x88)])
    func undefinedByte(asciiBefore: Int, byte: Int) throws {
        var lossy = Set<Character>()
        var bytes = TextEncoding.windows1250.encode("name;city\nJan Šťastný;Žďár\n", lossy: &lossy)
        for index in 0..<asciiBefore { bytes += Array("Order \(index);Praha\n".utf8) }
        // Defined high bytes (š, ž) before it on its line: the search goes on past them.
        bytes += TextEncoding.windows1250.encode("Jiří Šťastný Žižka", lossy: &lossy) + [UInt8(byte)]
            + Array("i;Brno\n".utf8)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3 + asciiBefore)
        #expect(error?.message.contains("0x" + String(byte, radix: 16, uppercase: true)) == true)
    }

    @Test("® « » early and a dash past 64 KiB: the whole file is Windows-1250, not ISO-8859-2 from its symbols")
    func symbolsThenDashIsWindows1250() throws {
        var lossy = Set<Character>()
        var bytes = TextEncoding.windows1250.encode("name;note\nSzabó Ödön;LEGO® készlet, »törékeny«\n",
                                                    lossy: &lossy)
        for index in 0..<8_000 { bytes += Array("Order \(index);Praha\n".utf8) }
        bytes += TextEncoding.windows1250.encode("Kovács Éva;Kérem – hívjon\n", lossy: &lossy)
        let folder = try TempFolder()
        let rows = try tokenize(try folder.write(bytes))
        #expect(rows[1].fields == ["Szabó Ödön", "LEGO® készlet, »törékeny«"])
        #expect(rows.last?.fields == ["Kovács Éva", "Kérem – hívjon"])
    }

    @Test("Czech ISO-8859-2 (š, ž or ť in words), then a Windows-1250 line: refused as mixed", arguments: [
        ("Jan Pospíšil;Šimek Růžička", 0), ("Jan Pospíšil;Šimek Růžička", 8_000),
        ("Jan Koťátko;Dlouha", 8_000),
    ])
    func isoThenWindows1250IsRefused(isoLine: String, asciiBefore: Int) throws {
        var lossy = Set<Character>()
        var bytes = Array("name;street\n".utf8)
        for index in 0..<asciiBefore { bytes += Array("Order \(index);Praha\n".utf8) }
        bytes += TextEncoding.iso8859_2.encode(isoLine + "\n", lossy: &lossy)
        for index in 0..<8_000 { bytes += Array("Filler \(index);Brno\n".utf8) }
        bytes += TextEncoding.windows1250.encode("Petr Ševčík;Náměstí\n", lossy: &lossy)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3 + asciiBefore + 8_000)
    }

    /// An ISO-8859-2 header and first row `head`, 8,000 ASCII rows (past the first 64 KiB), then
    /// `tail` in `tailEncoding`.
    static func isoFile(head: String, tail: String, in tailEncoding: TextEncoding) -> [UInt8] {
        var lossy = Set<Character>()
        var bytes = TextEncoding.iso8859_2.encode("name;city\n" + head + "\n", lossy: &lossy)
        for index in 0..<8_000 { bytes += Array("Order \(index);Praha\n".utf8) }
        return bytes + tailEncoding.encode(tail + "\n", lossy: &lossy)
    }

    @Test("Czech ISO-8859-2 with Š and Ž and no byte in 0x80–0x9F stays ISO-8859-2 to its end")
    func isoWithoutControlBytesStays() throws {
        let bytes = Self.isoFile(head: "Šárka Žáková;Žďár", tail: "Šťastný;Říčany", in: .iso8859_2)
        let folder = try TempFolder()
        let rows = try tokenize(try folder.write(bytes))
        #expect(rows[1].fields == ["Šárka Žáková", "Žďár"])
        #expect(rows.last?.fields == ["Šťastný", "Říčany"])
    }

    @Test("a file read as ISO-8859-2 with a C1 byte past the first 64 KiB (a Windows-1250 Š) is refused")
    func lateControlByteInISO() throws {
        let bytes = Self.isoFile(head: "Žluťoučký kůň;Brno", tail: "Šárka;Praha", in: .windows1250)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 8_003)
        #expect(error?.message.contains("0x8A") == true)
    }

    @Test("an ASCII start, then a Windows-1250 line, then a UTF-8 line, all past the first 64 KiB")
    func asciiThenCodePageThenUTF8() throws {
        var bytes = Array("name;city\n".utf8)
        for index in 0..<8_000 { bytes += Array("Order \(index);Praha\n".utf8) }
        var lossy = Set<Character>()
        bytes += TextEncoding.windows1250.encode("Jan Novák;Dlouhá\n", lossy: &lossy)
        bytes += Array("Jan Nováček;Dlouhá\n".utf8)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 8_003)
    }

    @Test("Windows-1250 Czech text in capitals and lower case is never taken for UTF-8")
    func codePageStaysCodePage() throws {
        let names = [
            "ÚŽLABINA;ČŠ", "Žluťoučký kůň;Úpěl", "ŘÍČANY;ÚSTÍ",
            "Ďáblice;Ľubica Kráľová", "Łódź;Ślęża",
        ]
        var lossy = Set<Character>()
        var text = "name;city\n"
        for round in 0..<3_000 { text += names[round % names.count] + "\n" }
        let folder = try TempFolder()
        let path = try folder.write(TextEncoding.windows1250.encode(text, lossy: &lossy))
        let rows = try tokenize(path)
        #expect(rows.count == 3_001)
        #expect(rows.last?.fields.first == names[2_999 % names.count].split(separator: ";").first.map(String.init))
    }

    @Test("an ASCII start followed by Windows-1250 switches the encoding before anything non-ASCII is decoded")
    func asciiThenSingleByte() throws {
        var lines = ["name;city"]
        for index in 0..<4_000 { lines.append("Order \(index);Praha") }
        var lossy = Set<Character>()
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
            + TextEncoding.windows1250.encode("Jan Šťastný;Žďár\r\n", lossy: &lossy)
        let folder = try TempFolder()
        let tokenizer = try CSVTokenizer(path: try folder.write(bytes), fileName: "orders.csv")
        #expect(tokenizer.encoding == .utf8)
        #expect(tokenizer.encodingEvidence == .defaultEncoding)

        var last: [String] = []
        while try tokenizer.nextRecord() { last = [tokenizer.string(at: 0), tokenizer.string(at: 1)] }
        #expect(last == ["Jan Šťastný", "Žďár"])
        #expect(tokenizer.encoding == .windows1250)
    }

    @Test("valid UTF-8 split across a chunk boundary is accepted")
    func multibyteAcrossChunks() throws {
        let line = "Žluťoučký kůň;Łódź\n"
        var text = "name;city\n"
        while text.utf8.count < 3 * CSVTokenizer.chunkSize { text += line }
        let folder = try TempFolder()
        let records = try tokenize(try folder.write(text))
        #expect(records.count == text.split(separator: "\n").count)
        #expect(records.allSatisfy { $0.fields == ["name", "city"] || $0.fields == ["Žluťoučký kůň", "Łódź"] })
    }
}

@Suite("CSV dialect of ASCII files")
struct CSVASCIIDialectTests {
    @Test("a pure ASCII file reports the fallback encoding for its results", arguments: [
        (TextEncoding.windows1250, TextEncoding.windows1250), (.utf8, .utf8), (.iso8859_2, .iso8859_2),
    ])
    func asciiFallback(fallback: TextEncoding, expected: TextEncoding) throws {
        let folder = try TempFolder()
        let path = try folder.write("orderCode;city\nA1;Praha\n")
        let reader = try ConsignCSVReader(path: path, fileName: "orders.csv",
                                          options: ReaderOptions(fallbackEncoding: fallback))
        _ = try readAll(reader)
        #expect(reader.dialect.encoding == expected)
        #expect(reader.dialect.encodingEvidence == .defaultEncoding)
    }

    @Test("ISO-8859-2 letters inside words and a Windows-1250 byte in the first 64 KiB refuse the file, naming both")
    func isoLettersWithWindows1250Byte() throws {
        var lossy = Set<Character>()
        let bytes = Array("name;city\n".utf8)
            + TextEncoding.iso8859_2.encode("Jana Žluťoučká;Brno\n", lossy: &lossy)
            + TextEncoding.windows1250.encode("Petr Novák – sklad;Praha\n", lossy: &lossy)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("0xBB inside a word on line 2") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("byte 0x96 on line 3") == true, "\(error?.message ?? "")")
    }

    @Test("ISO-8859-2 names in capitals or ending in ś, next to a Windows-1250 dash, are refused as mixed",
          arguments: ["Jana VÝŠKOVÁ", "RŮŽENA NOVÁKOVÁ", "SZCZĘŚCIE", "Staś Kowal", "Anna Kaś"])
    func isoCapitalsAndWordEnds(_ name: String) throws {
        var lossy = Set<Character>()
        let bytes = Array("name;city\n".utf8) + TextEncoding.iso8859_2.encode("\(name);Brno\n", lossy: &lossy)
            + TextEncoding.windows1250.encode("Petr Novák – sklad;Praha\n", lossy: &lossy)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
    }

    @Test("a Windows-1250 file whose ISO-8859-2 part starts past 64 KiB is refused at its line")
    func isoLettersPastTheFirstBlock() throws {
        var lossy = Set<Character>()
        var bytes = Array("name;city\n".utf8)
            + TextEncoding.windows1250.encode("Tomáš – Novák;Praha\n", lossy: &lossy)
        for index in 0..<5_000 { bytes += Array("Order \(index);Praha\n".utf8) }
        bytes += TextEncoding.iso8859_2.encode("Žaneta Žluťoučká;Brno\n", lossy: &lossy)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 5_003)
        #expect(error?.message.contains("0xBB on line 5003") == true, "\(error?.message ?? "")")
    }

    /// The Windows-1250 bytes that decided the encoding may come after an ASCII start: the message
    /// must not say they were in the first 64 KiB.
    @Test("an ASCII start, then Windows-1250, then an ISO-8859-2 letter in a word: refused, the reason as it is")
    func isoLetterAfterASCIIStart() throws {
        var lossy = Set<Character>()
        var bytes = Array("name;city\n".utf8)
        for index in 0..<5_000 { bytes += Array("Order \(index);Praha\n".utf8) }
        bytes += TextEncoding.windows1250.encode("Tomáš – Novák;Praha\n", lossy: &lossy)
        for index in 0..<5_000 { bytes += Array("Order \(index);Brno\n".utf8) }
        bytes += TextEncoding.iso8859_2.encode("Žaneta Žluťoučká;Brno\n", lossy: &lossy)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 10_003)
        let message = error?.message ?? ""
        #expect(message.contains("0xBB on line 10003") && message.contains("read as Windows-1250"), "\(message)")
        #expect(!message.contains("64 KiB"), "\(message)")
    }

    @Test("a UTF-8 line in the first 64 KiB of a Windows-1250 file is named by its line")
    func utf8LineInFirstBlockNamed() throws {
        var lossy = Set<Character>()
        let bytes = Array("name;city\n".utf8)
            + TextEncoding.windows1250.encode("Jan Šťastný;Žďár\n", lossy: &lossy)
            + Array("Jan Nováček;Dlouhá\nPetr Černý;Brno\nŽaneta Říhová;Plzeň\n".utf8)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3, "\(error?.message ?? "")")
    }

    @Test("Windows-1250 symbols beside a space or a guillemet and Polish ą, Slovak ľ inside words stay Windows-1250",
          arguments: [
              "LEGO® sada – »křehké«;Praha\n", "Wąsowicz – sklad;Kraków\n",
              "Ľubica Kráľová – sklad;Žilina\n", "»LEGO®« sada – sleva;Praha\n",
              "«LEGO®» sada – sleva;Praha\n", "Sada »Technic LEGO®« – 10 €;Brno\n",
              "Jozef Kováč, PÄŤ BRATOV – Devätsilová 5;Žilina\n",
              "Mária Kráľová – DĹŽKA BALÍKA 120 cm;Žilina\n",
          ])
    func windows1250SymbolsAndLetters(_ line: String) throws {
        var lossy = Set<Character>()
        let bytes = Array("name;city\n".utf8) + TextEncoding.windows1250.encode(line, lossy: &lossy)
        let folder = try TempFolder()
        let rows = try tokenize(try folder.write(bytes))
        #expect(rows.last?.fields.joined(separator: ";") == String(line.dropLast()))
    }

    /// Pairs that read as two capitals in Windows-1250 (`Kč` is `KÄŤ`, `PÍSEK` is `PĂŤSEK`):
    /// pasted as UTF-8 into a Windows-1250 file they must still be refused, not stored garbled.
    @Test("UTF-8 lines whose letters read as code-page capitals are refused", arguments: [
        "Cena 1 290 Kč;Praha\n", "Dlouhá č.p. 12;Praha\n", "PÍSEK;IČ 12345678\n",
    ])
    func utf8LinesLikeCapitals(_ line: String) throws {
        var lossy = Set<Character>()
        let bytes = Array("name;city\n".utf8) + TextEncoding.windows1250.encode("Jan Novák – sklad;Praha\n",
                                                                                  lossy: &lossy)
            + Array(line.utf8)
        let error = try tokenizingError(bytes)
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3, "\(error?.message ?? "")")
    }

    @Test("a byte the pinned code page leaves undefined is named by line and value")
    func pinnedMismatchNamesLineAndByte() throws {
        let bytes = Array("name;city\nJan;Praha\nPetr ".utf8) + [0x81] + Array(";Brno\n".utf8)
        let folder = try TempFolder()
        let error = #expect(throws: FormatError.self) {
            _ = try tokenize(try folder.write(bytes), options: ReaderOptions(pinnedEncoding: .windows1250))
        }
        #expect(error?.code == .encodingMismatch)
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("byte 0x81 on line 3") == true, "\(error?.message ?? "")")
    }

    @Test("a UTF-8 file cut inside its last character is refused, naming that line when nothing follows it")
    func utf8CutAtTheEnd() throws {
        for ending in ["", "\n"] {
            let bytes = Array("name;city\nJan Nováček;Brno\nPetr;Plze".utf8) + [0xC5] + Array(ending.utf8)
            let error = try tokenizingError(bytes)
            #expect(error?.code == .encodingMismatch, "ending \(ending.debugDescription)")
            // With a line end after it, the first block's check names the UTF-8 text it mixes with.
            if ending.isEmpty { #expect(error?.location?.line == 3, "\(error?.message ?? "")") }
        }
    }
}
