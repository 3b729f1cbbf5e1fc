import Foundation
import Testing

@Suite("consign run on a real spool, as cron runs it", .serialized)
struct RunCommandTests {
    @Test("valid orders are registered, the invalid one is rejected with its field, and the input is archived")
    func registersAndRejects() throws {
        let consign = try ConsignProcess()
        try consign.drop(
            "orders.csv",
            SampleOrders.csv([
                SampleOrders.valid("2024000101", cod: "1290,50"), SampleOrders.badZip("2024000102"),
                SampleOrders.valid("2024000103", method: "DPD"),
            ]))
        let run = try consign.run(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stdout.isEmpty)

        #expect(consign.list("in").isEmpty)
        #expect(consign.list("work").isEmpty)
        #expect(consign.list("done") == ["orders.csv"])
        #expect(consign.list("error") == ["orders.csv.errors.txt"])
        let errors = try consign.read("error/orders.csv.errors.txt")
        #expect(errors.contains("line 3"))
        #expect(errors.contains("2024000102"))
        #expect(errors.contains("recipient.zip"))

        let result = try consign.read("out/results/orders.result.csv")
        let lines = result.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[1].contains("2024000101") && lines[1].contains("registered"))
        #expect(lines[2].contains("2024000102") && lines[2].contains("rejected") && lines[2].contains("recipient.zip"))
        #expect(lines[3].contains("dpd"))

        let list = try consign.run(["shipments", "--json"]).json()
        let paginator = try #require((list["data"] as? [String: Any])?["paginator"] as? [String: Any])
        #expect(paginator["totalCount"] as? Int == 2)
        #expect(try consign.events().map { $0["event"] as? String } == ["shipment:create", "shipment:create"])
        #expect(consign.list("out/tracking").count == 1)
    }

    @Test("under an address-space limit too small for a run, it exits 71 naming the limit and takes no file")
    func refusesTooSmallAddressSpace() throws {
        var consign = try ConsignProcess()
        try consign.drop("orders.csv", SampleOrders.csv([SampleOrders.valid("2024000111")]))
        consign.wrapper = ["/usr/bin/prlimit", "--as=268435456"]
        let run = try consign.run(["run"])
        #expect(run.status == 71, "\(run.stderr)")
        #expect(run.stderr.contains("address-space limit") && run.stderr.contains("256 MiB"), "\(run.stderr)")
        #expect(consign.list("in") == ["orders.csv"])
        #expect(consign.list("work").isEmpty)

        // A soft limit the hard one lets it raise is raised, and the file goes through.
        consign.wrapper = ["/usr/bin/prlimit", "--as=268435456:unlimited"]
        let raised = try consign.run(["run"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(consign.list("done") == ["orders.csv"])
    }

    @Test("a second run changes nothing and exits 0; the same content dropped again is not processed")
    func secondRunIsIdempotent() throws {
        let consign = try ConsignProcess()
        let bytes = SampleOrders.csv([SampleOrders.valid("A-1"), SampleOrders.valid("A-2")])
        try consign.drop("a.csv", bytes)
        #expect(try consign.run(["run"]).status == 0)
        let again = try consign.run(["run"])
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty)

        try consign.drop("a-copy.csv", bytes)
        let copy = try consign.run(["run"])
        #expect(copy.status == 0)
        #expect(consign.list("done") == ["a-copy.csv", "a.csv"])
        let total = try consign.run(["shipments", "--json"]).json()
        #expect(((total["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int == 2)
    }

    @Test("the same content rejected before is rejected again, exit 65, with a report naming the first copy")
    func rejectedContentAgain() throws {
        let consign = try ConsignProcess()
        try consign.drop("daily.csv", [])
        #expect(try consign.run(["run"]).status == 65)
        let first = try consign.read("error/daily.csv.errors.txt")

        try consign.drop("daily-2.csv", [])
        #expect(try consign.run(["run"]).status == 65)
        #expect(try consign.read("error/daily-2.csv.errors.txt").contains("rejected before as 'daily.csv'"))
        try consign.drop("daily.csv", [])
        #expect(try consign.run(["run"]).status == 65)
        #expect(try consign.read("error/daily.csv.errors.txt") == first, "the first copy's report keeps its reason")
        #expect(consign.list("error").filter { !$0.hasSuffix(".txt") }.count == 3)
    }

    /// A file of megabytes is hashed on a thread of its own while it is opened.
    @Test("a file of megabytes is processed once, not its copy; a big unreadable file is rejected, its copy again")
    func bigFilesOnce() throws {
        let consign = try ConsignProcess()
        // Past FileHasher.backgroundFrom (4 MiB): a memo column Consign does not read makes the size.
        let memo = String(repeating: "x", count: 3000)
        let rows = (1...1500).map { SampleOrders.valid("M-\($0)") + ";" + memo }
        let big = Array(([SampleOrders.header + ";memo"] + rows).joined(separator: "\r\n").appending("\r\n").utf8)
        #expect(big.count > 4 << 20)
        try consign.drop("big.csv", big)
        #expect(try consign.run(["run"]).status == 0)
        try consign.drop("big-copy.csv", big)
        let copy = try consign.run(["run"])
        #expect(copy.status == 0 && copy.stderr.contains("same content as 'big.csv'"), "\(copy.stderr)")
        let total = try consign.run(["shipments", "--json"]).json()
        #expect(((total["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int == 1500)

        let junk = [UInt8](repeating: 0, count: 5 << 20)
        try consign.drop("junk.csv", junk)
        #expect(try consign.run(["run"]).status == 65)
        #expect(consign.list("error").contains("junk.csv.errors.txt"))
        try consign.drop("junk-2.csv", junk)
        #expect(try consign.run(["run"]).status == 65)
        #expect(try consign.read("error/junk-2.csv.errors.txt").contains("rejected before as 'junk.csv'"))
    }

    @Test("a file changed after it was claimed is not recorded under its old content: it is read again, whole",
          arguments: ["append", "truncate", "rewrite keeping its time"])
    func changedWhileRead(change: String) throws {
        let consign = try ConsignProcess()
        let full = SampleOrders.csv((1...6).map { SampleOrders.valid("W-\($0)") })
        let cut = SampleOrders.csv((1...3).map { SampleOrders.valid("W-\($0)") })
        // Same size, other content (W-6 → W-7), written back with its old modification time.
        let other = SampleOrders.csv((1...5).map { SampleOrders.valid("W-\($0)") } + [SampleOrders.valid("W-7")])
        try consign.drop("w.csv", change == "append" ? cut : full)

        // Stopped after its second order, the file is changed, then the run goes on.
        let process = try Self.runPaused(consign, at: "register:2")
        let work = consign.spool + "/work/w.csv"
        let time = try FileManager.default.attributesOfItem(atPath: work)[.modificationDate]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: work))
        try handle.write(contentsOf: change == "append" ? full : change == "truncate" ? cut : other)
        try handle.truncate(atOffset: try handle.offset())
        try handle.close()
        if change == "rewrite keeping its time" {
            try FileManager.default.setAttributes([.modificationDate: time!], ofItemAtPath: work)
        }
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75, "a temporary failure: the file is read again")
        #expect(consign.list("work") == ["w.csv"] && consign.list("done").isEmpty)
        #expect(try Self.total(consign) == 0, "nothing of the changed read is kept")

        #expect(try consign.run(["run"]).status == 0)
        let expected = change == "append" ? 6 : change == "truncate" ? 3 : 6
        #expect(try Self.total(consign) == expected)
        // The content now recorded is the one read: the full file sent again is processed or skipped rightly.
        try consign.drop("w-full.csv", full)
        #expect(try consign.run(["run"]).status == 0)
        #expect(try Self.total(consign) == (change == "rewrite keeping its time" ? 7 : 6))
    }

    @Test("a file in parts changed after a part was committed: the part stays, nothing twice, nothing lost")
    func changedAfterPart() throws {
        let consign = try ConsignProcess()
        let config = consign.root + "/parts.json"
        try Data(#"{"spool": {"commitEveryOrders": 2}}"#.utf8).write(to: URL(fileURLWithPath: config))
        try consign.drop("p.csv", SampleOrders.csv((1...6).map { SampleOrders.valid("Q-\($0)") }))

        // Parts end after orders 2 and 3; stopped at the fourth, the file grows by two orders.
        let errors = Pipe()
        let process = try Self.runPaused(consign, at: "register:4", config: config, errors: errors)
        let grown = SampleOrders.csv((1...8).map { SampleOrders.valid("Q-\($0)") })
        try Data(grown).write(to: URL(fileURLWithPath: consign.spool + "/work/p.csv"))
        kill(process.processIdentifier, SIGCONT)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75)
        #expect(log.contains("first 3 orders were answered and committed"), "\(log)")
        #expect(try Self.total(consign) == 3)

        #expect(try consign.run(["--config", config, "run"]).status == 0)
        let rows = try consign.read("out/results/p.result.csv").split(separator: "\r\n").dropFirst()
        #expect(rows.count == 8, "every order of the file as it is now answered once")
        #expect(rows.filter { $0.contains("\"duplicate\"") }.count == 3, "the committed ones, with their GUIDs")
        #expect(try Self.total(consign) == 8)
    }

    @Test("a file cut after it was hashed is not rejected under the hash of its whole content")
    func cutAfterHash() throws {
        let consign = try ConsignProcess()
        func order(_ index: Int) -> String {
            "<order code=\"C-\(index)\"><shippingMethod>PPL</shippingMethod><recipient><name>Jana Nováková</name>"
                + "<street>Dlouhá 12</street><city>Praha 1</city><zip>110 00</zip><country>CZ</country>"
                + "<phone>+420 601 123 456</phone></recipient><packages><package weight=\"2.5\"/></packages></order>\n"
        }
        // Far more than the reading thread reads ahead before the hash is done.
        let full = Array(("<consign-orders version=\"1\">\n" + (1...12_000).map(order).joined()
            + "</consign-orders>\n").utf8)
        try consign.drop("c.xml", full)

        let process = try Self.runPaused(consign, at: "hashed")
        // Cut in the middle of an order: the reader meets the end of the file inside an element.
        #expect(truncate(consign.spool + "/work/c.xml", off_t(full.count * 3 / 4) + 7) == 0)
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75, "a temporary failure, not a rejection of the content hashed")
        #expect(consign.list("work") == ["c.xml"] && consign.list("error").isEmpty)

        // The whole file sent again is read, not skipped as rejected before.
        try FileManager.default.removeItem(atPath: consign.spool + "/work/c.xml")
        try consign.drop("c.xml", full)
        #expect(try consign.run(["run"]).status == 0)
        #expect(try Self.total(consign) == 12_000)
    }

    /// Starts `consign run` with `CONSIGN_PAUSE_AT=point` and returns once it has stopped there.
    static func runPaused(_ consign: ConsignProcess, at point: String, config: String? = nil,
                          errors: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ConsignProcess.binary)
        process.arguments = (config.map { ["--config", $0] } ?? []) + ["--spool", consign.spool, "run"]
        var environment = ProcessInfo.processInfo.environment.merging(consign.environment) { $1 }
        environment["CONSIGN_PAUSE_AT"] = point
        process.environment = environment
        process.standardError = errors ?? FileHandle.nullDevice
        try process.run()
        let deadline = Date(timeIntervalSinceNow: 30)
        while !isStopped(process.processIdentifier) && Date() < deadline { usleep(10_000) }
        #expect(isStopped(process.processIdentifier), "stopped at \(point)")
        return process
    }

    /// True when process `pid` is stopped (state T in /proc).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] == "T"
    }

    /// The store's shipment count.
    static func total(_ consign: ConsignProcess) throws -> Int? {
        let page = try consign.run(["shipments", "--json"]).json()
        return ((page["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int
    }

    @Test("tracking numbers go on from the last committed run: no number twice in a store")
    func trackingNumbersContinue() throws {
        let consign = try ConsignProcess()
        try consign.drop("one.csv", SampleOrders.csv((1...3).map { SampleOrders.valid("T-\($0)") }))
        #expect(try consign.run(["run"]).status == 0)
        try consign.drop("two.csv", SampleOrders.csv((4...6).map { SampleOrders.valid("T-\($0)") }))
        #expect(try consign.run(["run"]).status == 0)

        // A PPL number is "4" and the serial's ten digits; one parcel per order.
        let serials = try ["one", "two"].flatMap { name in
            try consign.read("out/results/\(name).result.csv").split(separator: "\r\n").dropFirst().map { line in
                let number = line.split(separator: ";")[6].filter(\.isNumber)
                return try #require(Int(number.dropFirst()), "\(line)")
            }
        }
        #expect(serials.count == 6)
        #expect(serials == Array(serials[0]..<serials[0] + 6), "\(serials)")
    }

    @Test("a sandbox.serial that is not a serial (text, or near 2^64) is logged as a warning; registration goes on",
          arguments: ["abc", "18446744073709551614"])
    func badSerialWarns(value: String) throws {
        let consign = try ConsignProcess()
        try consign.drop("one.csv", SampleOrders.csv([SampleOrders.valid("S-1")]))
        #expect(try consign.run(["run"]).status == 0)
        let update = "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
            + "db.execute(\"UPDATE meta SET value = ? WHERE key = 'sandbox.serial'\", (sys.argv[2],)); db.commit()"
        #expect(try shell(["python3", "-c", update, consign.spool + "/state/consign.sqlite", value]) == 0)

        try consign.drop("two.csv", SampleOrders.csv([SampleOrders.valid("S-2"), SampleOrders.valid("S-3")]))
        let run = try consign.run(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("sandbox.serial is not a serial"), "\(run.stderr)")
        #expect(consign.list("done") == ["one.csv", "two.csv"])
    }

    @Test("an order already registered from another file is reported as duplicate with the same GUID")
    func duplicateAcrossFiles() throws {
        let consign = try ConsignProcess()
        try consign.drop("one.csv", SampleOrders.csv([SampleOrders.valid("D-1")]))
        #expect(try consign.run(["run"]).status == 0)
        try consign.drop("two.csv", SampleOrders.csv([SampleOrders.valid("D-1"), SampleOrders.valid("D-2")]))
        #expect(try consign.run(["run"]).status == 0)
        let first = try consign.read("out/results/one.result.csv").split(separator: "\r\n")[1]
        let second = try consign.read("out/results/two.result.csv").split(separator: "\r\n")[1]
        #expect(second.contains("duplicate"))
        let guid = first.split(separator: ";").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .first { $0.count == 36 }
        #expect(guid != nil && second.contains(guid!))
    }

    @Test("a file still being written (fresh mtime) is left in in/ until the quiet period has passed")
    func quietPeriod() throws {
        let consign = try ConsignProcess()
        let path = consign.spool + "/in/fresh.csv"
        try Data(SampleOrders.csv([SampleOrders.valid("Q-1")])).write(to: URL(fileURLWithPath: path))
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("in") == ["fresh.csv"])
        #expect(consign.list("done").isEmpty)
    }

    @Test("a done-marker makes a fresh file ready at once and is removed")
    func doneMarker() throws {
        let consign = try ConsignProcess()
        try Data(SampleOrders.csv([SampleOrders.valid("M-1")])).write(
            to: URL(fileURLWithPath: consign.spool + "/in/m.csv"))
        try Data().write(to: URL(fileURLWithPath: consign.spool + "/in/m.csv.done"))
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("in").isEmpty)
        #expect(consign.list("done") == ["m.csv"])
    }

    @Test("an unknown format is rejected to error/ with a message listing the formats Consign reads")
    func unknownFormat() throws {
        let consign = try ConsignProcess()
        try consign.drop("notes.txt", Array("hello;world\r\n1;2\r\n".utf8))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(consign.list("error") == ["notes.txt", "notes.txt.errors.txt"])
        #expect(try consign.read("error/notes.txt.errors.txt").contains("Consign reads"))
    }

    @Test("a symlink in in/ is refused and not followed")
    func symlinkRefused() throws {
        let consign = try ConsignProcess()
        let target = consign.root + "/secret.csv"
        try Data(SampleOrders.csv([SampleOrders.valid("S-1")])).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: consign.spool + "/in/link.csv", withDestinationPath: target)
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(consign.list("error").contains("link.csv"))
        #expect(try consign.read("error/link.csv.errors.txt").contains("symbolic link"))
        #expect(FileManager.default.fileExists(atPath: target))
        #expect(try consign.run(["shipments", "--json"]).stdout.contains("\"totalCount\" : 0"))
    }

    @Test("a second run while one holds the spool lock says so and exits 75")
    func lockHeld() throws {
        let consign = try ConsignProcess()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        try FileManager.default.createDirectory(atPath: consign.spool + "/state", withIntermediateDirectories: true)
        holder.arguments = [consign.spool + "/state/consign.lock", "sleep", "5"]
        try holder.run()
        defer { holder.terminate() }
        usleep(300_000)
        let run = try consign.run(["run"])
        #expect(run.status == 75)
        #expect(run.stderr.contains("another consign"))
    }

    @Test("bad usage exits 64 with Error: and the usage on stderr")
    func badUsage() throws {
        let consign = try ConsignProcess()
        let unknown = try consign.run(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: unknown command"))
        let option = try consign.run(["shipments", "--colour"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("Usage: consign shipments"))
        let help = try consign.run(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Usage: consign"))

        try consign.drop("kept.csv", SampleOrders.csv([SampleOrders.valid("U-1")]))
        let extra = try consign.run(["run", "now"])
        #expect(extra.status == 64)
        #expect(extra.stderr.contains("'now'"), "\(extra.stderr)")
        #expect(consign.list("in") == ["kept.csv"])
        #expect(try consign.run(["carrier", "ppl", "home_delivery", "extra"]).status == 64)
        let language = try consign.run(["carrier", "ppl", "home_delivery", "--lang", "xx"], spool: false)
        #expect(language.status == 64)
        #expect(language.stderr.contains("--lang"), "\(language.stderr)")
        #expect(try consign.run(["carrier", "ppl", "home_delivery", "--lang", "sk"], spool: false).status == 0)
        #expect(try consign.run(["carrier", "ppl", "home_delivery", "--lang", "SK"], spool: false).status == 0)
    }

    @Test("a file finished from a crashed run's commit logs its orders and rejections, not registered=0")
    func rollForwardLogLine() throws {
        let consign = try ConsignProcess()
        try consign.drop("crash.csv", SampleOrders.csv([SampleOrders.valid("RF-1"), SampleOrders.valid("RF-2")]))
        try consign.runKilled(at: "after-commit:1")
        let rerun = try consign.run(["--log-level", "info", "run"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("orders=2"), "\(rerun.stderr)")
        #expect(!rerun.stderr.contains("registered=0"), "\(rerun.stderr)")
        #expect(consign.list("done") == ["crash.csv"])
    }

    @Test("a file killed after its result was published is finished as its own run's, not as the same file again")
    func killedAfterPublish() throws {
        let consign = try ConsignProcess()
        // No rejected order: no staged report is left to show that the run was interrupted.
        try consign.drop("late.csv", SampleOrders.csv([SampleOrders.valid("KP-1"), SampleOrders.valid("KP-2")]))
        try consign.runKilled(at: "after-publish:1")
        #expect(consign.list("work") == ["late.csv"])
        #expect(consign.list("out/results") == ["late.result.csv"])

        let rerun = try consign.run(["--log-level", "info", "run"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(!rerun.stderr.contains("already processed"), "\(rerun.stderr)")
        #expect(!rerun.stderr.contains("change the content"), "\(rerun.stderr)")
        #expect(rerun.stderr.contains("orders=2"), "\(rerun.stderr)")
        #expect(consign.list("done") == ["late.csv"])
        #expect(try consign.read("out/results/late.result.csv").contains("KP-1"))
    }

    @Test("a copy sent again and killed at its claim is still 'already processed' once the ERP took the result")
    func resentKilledAtClaim() throws {
        let consign = try ConsignProcess()
        let bytes = SampleOrders.csv([SampleOrders.valid("RC-1"), SampleOrders.badZip("RC-2")])
        try consign.drop("a.csv", bytes)
        #expect(try consign.run(["run"]).status == 65)
        try FileManager.default.removeItem(atPath: consign.spool + "/out/results/a.result.csv")
        try consign.drop("a.csv", bytes)
        try consign.runKilled(at: "claim:1")
        #expect(consign.list("work") == ["a.csv"])

        let rerun = try consign.run(["--log-level", "info", "run"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("already processed"), "\(rerun.stderr)")
        #expect(consign.list("out/results").isEmpty)
    }
}

@Suite("Configuration and spool mistakes fail loudly")
struct MistakeTests {
    @Test("an unknown key, a fraction for a whole number or a shipper it cannot print exits 78; no spool exits 74")
    func mistakes() throws {
        let consign = try ConsignProcess()
        try Data("{\"Shipper\": {\"name\": \"Real\"}}".utf8).write(to: URL(fileURLWithPath: consign.root + "/bad.json"))
        let typo = try consign.run(["--config", consign.root + "/bad.json", "run"])
        #expect(typo.status == 78)
        #expect(typo.stderr.contains("'Shipper'"))
        for shipper in [#"{"countryCode": "Czechia", "zip": "186 00"}"#, #"{"countryCode": "CZ", "zip": "18600x"}"#,
                        #"{"countryCode": "CZ", "phone": "12"}"#] {
            try Data("{\"shipper\": \(shipper)}".utf8).write(to: URL(fileURLWithPath: consign.root + "/shipper.json"))
            let bad = try consign.run(["--config", consign.root + "/shipper.json", "run"])
            #expect(bad.status == 78 && bad.stderr.contains("shipper."), "\(shipper): \(bad.stderr)")
        }
        for (json, key) in [(#"{"spool": {"commitEveryOrders": 1.5}}"#, "spool.commitEveryOrders"),
                            (#"{"spool": {"commitEveryOrders": 1e30}}"#, "spool.commitEveryOrders"),
                            (#"{"spool": {"maxFileBytes": 0.5}}"#, "spool.maxFileBytes"),
                            (#"{"spool": {"maxFileBytes": 99999999999999999999999}}"#, "spool.maxFileBytes"),
                            (#"{"mail": {"smtp": {"port": 25.5}}}"#, "mail.smtp.port"),
                            (#"{"spool": {"commitEveryOrders": 2, "commitEveryOrders": 3}}"#,
                             "spool.commitEveryOrders"),
                            (#"{"carriers": [{"carrierCode": "ppl"}, {"carrierCode": "dpd", "carrierCode": "x"}]}"#,
                             "carriers[].carrierCode")] {
            try Data(json.utf8).write(to: URL(fileURLWithPath: consign.root + "/fraction.json"))
            let fraction = try consign.run(["--config", consign.root + "/fraction.json", "run"])
            #expect(fraction.status == 78 && fraction.stderr.contains("'\(key)'"), "\(fraction.stderr)")
        }
        // One name typed composed and decomposed: the same key twice, and the message says why they look different.
        let twice = #"{"shippingMethods": {"Osobní odběr": {"carrier": "ppl"}, "#
            + #""Osobni\#u{301} odběr": {"carrier": "ppl"}}}"#
        try Data(twice.utf8).write(to: URL(fileURLWithPath: consign.root + "/twice.json"))
        let repeated = try consign.run(["--config", consign.root + "/twice.json", "run"])
        #expect(repeated.status == 78 && repeated.stderr.contains("composed or decomposed"), "\(repeated.stderr)")
        let missing = try consign.run(["--spool", consign.root + "/nowhere", "run"], spool: false)
        #expect(missing.status == 74)
        #expect(!FileManager.default.fileExists(atPath: consign.root + "/nowhere"))
        let query = try consign.run(["shipments"])
        #expect(query.status == 74)
        #expect(query.stderr.contains("no Consign database"))
    }

    @Test("the config's paymentMethods declares a shop's own payment name COD, another prepaid; a bad kind exits 78")
    func paymentMethods() throws {
        let consign = try ConsignProcess()
        let config = consign.root + "/consign.json"
        try Data(#"{"paymentMethods": {"Platba u řidiče": "cod", "Dobírka - předplaceno": "prepaid"}}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        try consign.drop("pay.csv", Self.shoptetExport([
            ("P1", "shipping", "PPL"), ("P1", "billing", "Platba u řidiče"),
            ("P2", "shipping", "PPL"), ("P2", "billing", "Dobírka - předplaceno"),
        ]))
        let run = try consign.run(["--config", config, "run"])
        #expect(run.status == 0, "\(run.stderr)")
        let shipments = try consign.run(["--config", config, "shipments", "--json"]).json()
        let items = try #require((shipments["data"] as? [String: Any])?["items"] as? [[String: Any]])
        let cod = Dictionary(uniqueKeysWithValues: items.map { ($0["orderCode"] as? String ?? "", $0["cod"]) })
        #expect((cod["P1"] as? [String: Any])?["value"] as? String == "100.00")
        #expect(cod["P2"] is NSNull)

        try Data(#"{"paymentMethods": {"Hotově": "cash"}}"#.utf8).write(to: URL(fileURLWithPath: config))
        #expect(try consign.run(["--config", config, "run"]).status == 78)
    }

    @Test("a shippingMethods entry may name its carrier by id; names that fold to one, or no such carrier, exit 78")
    func shippingMethodEntries() throws {
        let consign = try ConsignProcess()
        let config = consign.root + "/consign.json"
        try Data(#"{"shippingMethods": {"Osobní odběr Brno": {"carrier": "110", "service": "pickup_point"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        let header = "orderCode;shippingMethod;carrier;pickupPointId;name;street;city;zip;country;phone;weight"
        let rows = ["", "ppl", "110", "PPL"].enumerated().map { index, carrier in
            "M\(index);Osobní odběr Brno;\(carrier);KM12345678;Jana Nováková;Dlouhá 12;Praha;110 00;CZ;601123456;1"
        }
        try consign.drop("entries.csv", Array(([header] + rows).joined(separator: "\n").appending("\n").utf8))
        let run = try consign.run(["--config", config, "run"])
        #expect(run.status == 0, "\(run.stderr)")
        let shipments = try consign.run(["--config", config, "shipments", "--json"]).json()
        let items = try #require((shipments["data"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 4)
        #expect(items.allSatisfy { $0["carrierCode"] as? String == "ppl" && $0["serviceCode"] as? String
            == "ppl-parcelshop" }, "\(items.map { ($0["carrierCode"], $0["serviceCode"]) })")

        try Data((#"{"shippingMethods": {"Osobní odběr": {"carrier": "ppl", "service": "pickup_point"},"#
                  + #""OSOBNI ODBER": {"carrier": "dpd", "service": "pickup_point"}}}"#).utf8)
            .write(to: URL(fileURLWithPath: config))
        let twice = try consign.run(["--config", config, "run"])
        #expect(twice.status == 78 && twice.stderr.contains("'OSOBNI ODBER' and 'Osobní odběr'"), "\(twice.stderr)")
        try Data(#"{"shippingMethods": {"Kurýr": {"carrier": "xyz", "service": "home_delivery"}}}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        let unknown = try consign.run(["--config", config, "run"])
        #expect(unknown.status == 78 && unknown.stderr.contains("no carrier \"xyz\""), "\(unknown.stderr)")
    }

    @Test("a payment name neither COD nor known as paid otherwise is named in a warning; known ones are quiet")
    func unknownPaymentName() throws {
        let consign = try ConsignProcess()
        try consign.drop("pay.csv", Self.shoptetExport([
            ("U1", "shipping", "PPL"), ("U1", "billing", "Platba šekem"),
            ("U2", "shipping", "PPL"), ("U2", "billing", "Platba kartou online"),
            ("U3", "shipping", "PPL"), ("U3", "billing", "Dobírka"),
        ]))
        let run = try consign.run(["run"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("payment names neither known") && run.stderr.contains("'Platba šekem'"))
        #expect(!run.stderr.contains("kartou") && !run.stderr.contains("Dobírka"))
    }

    /// A Shoptet order export (one row per item) of `items`: (order code, item type, item name).
    static func shoptetExport(_ items: [(String, String, String)]) -> [UInt8] {
        let header =
            "\"code\";\"deliveryFullName\";\"deliveryStreet\";\"deliveryCity\";\"deliveryZip\";"
            + "\"deliveryCountryCode\";\"phone\";\"priceToPay\";\"currency\";\"orderItemType\";\"itemName\";"
        let rows = items.map { code, type, name in
            "\"\(code)\";\"Jana Nováková\";\"Dlouhá 12\";\"Praha\";\"110 00\";\"CZ\";\"601123456\";"
                + "\"100,00\";\"CZK\";\"\(type)\";\"\(name)\";"
        }
        return Array(([header] + rows).joined(separator: "\r\n").appending("\r\n").utf8)
    }

    @Test("Shoptet rows of one order that are not together reject the whole file instead of losing the COD row",
          arguments: [
            // The first part registrable (it has the shipping row)...
            [
                ("S1", "product", "Hrnek"), ("S1", "shipping", "PPL"), ("S2", "shipping", "PPL"),
                ("S1", "billing", "Dobírka"),
            ],
            // ...or rejected on its own (no shipping row), the rest coming after another order.
            [
                ("S1", "product", "Hrnek"), ("S1", "billing", "Dobírka"), ("S2", "shipping", "PPL"),
                ("S1", "shipping", "PPL"),
            ],
          ])
    func splitShoptetOrder(items: [(String, String, String)]) throws {
        let consign = try ConsignProcess()
        try consign.drop("split.csv", Self.shoptetExport(items))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(consign.list("error").contains("split.csv"))
        #expect(try consign.read("error/split.csv.errors.txt").contains("not together"))
        #expect(try consign.run(["shipments", "--json"]).stdout.contains("\"totalCount\" : 0"))
    }

    @Test("a split Shoptet order that already has a shipment from an earlier file still rejects the file")
    func splitShoptetOrderRegisteredBefore() throws {
        let consign = try ConsignProcess()
        try consign.drop("first.csv", Self.shoptetExport([("S1", "shipping", "PPL"), ("S1", "billing", "Dobírka")]))
        #expect(try consign.run(["run"]).status == 0)
        try consign.drop("split.csv", Self.shoptetExport([
            ("S1", "product", "Hrnek"), ("S2", "shipping", "PPL"), ("S1", "shipping", "PPL"),
            ("S1", "billing", "Dobírka"),
        ]))
        #expect(try consign.run(["run"]).status == 65)
        #expect(consign.list("error").contains("split.csv"))
        #expect(try consign.read("error/split.csv.errors.txt").contains("not together"))
        #expect(try consign.run(["shipments", "--json"]).stdout.contains("\"totalCount\" : 1"))
    }

    @Test("a UTF-8 file whose first non-ASCII text comes after 64 KiB gets its result in UTF-8 too")
    func lateNonASCIIResultEncoding() throws {
        let consign = try ConsignProcess()
        let ascii = (1...1_200).map { "A\($0);PPL;;Jana Novakova;Dlouha 12;Praha 1;110 00;CZ;601123456;;1;;CZK" }
        let late = "B1;Šnek;;Jana;Dlouha 1;Praha;110 00;CZ;601123456;;1;;CZK"
        try consign.drop("late.csv", SampleOrders.csv(ascii + [late]))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        let result = try Data(contentsOf: URL(fileURLWithPath: consign.root + "/spool/out/results/late.result.csv"))
        let text = try #require(String(data: result, encoding: .utf8), "result is not UTF-8")
        #expect(text.contains("Šnek"))
        #expect(text.components(separatedBy: "\r\n").filter { $0.contains(";\"registered\";") }.count == 1_200)
    }

    @Test("hidden temp files an interrupted run left in the output folders are removed at the next start")
    func leftoverTemps() throws {
        let consign = try ConsignProcess()
        #expect(try consign.run(["run"]).status == 0)
        let leftovers = ["out/results/.a.result.csv.pending.rewrite", "out/results/.b.result.csv.pending",
                         "out/events/.events-000000000001.ndjson.4242.tmp"]
        for path in leftovers { try Data("x".utf8).write(to: URL(fileURLWithPath: consign.spool + "/" + path)) }
        #expect(try consign.run(["run"]).status == 0)
        for path in leftovers {
            #expect(!FileManager.default.fileExists(atPath: consign.spool + "/" + path), "\(path)")
        }
    }

    @Test("rows written before a late UTF-8 line, with Consign's own non-ASCII text, are rewritten in UTF-8")
    func lateNonASCIIAfterOwnText() throws {
        let consign = try ConsignProcess()
        let header = "orderCode;carrier;service;pickupPointId;name;street;city;zip;country;phone;weight"
        // Refused by the carrier: its message names "Česká pošta", written before the encoding is known.
        let early = "E0;cpost;pickup_point;abc;Jan Novak;Dlouha 1;Praha;110 00;CZ;601123456;1"
        let ascii = (1...1_200).map { "A\($0);ppl;home_delivery;;Jan Novak;Dlouha 1;Praha;110 00;CZ;601123456;1" }
        let late = "L1;ppl;home_delivery;;Jan Žluťoučký;Dlouhá 1;Praha;110 00;CZ;601123456;1"
        try consign.drop("own.csv", Array(([header, early] + ascii + [late, ""]).joined(separator: "\r\n").utf8))
        #expect(try consign.run(["run"]).status == 65)
        let results = consign.root + "/spool/out/results"
        let result = try Data(contentsOf: URL(fileURLWithPath: results + "/own.result.csv"))
        let text = try #require(String(data: result, encoding: .utf8), "result is not UTF-8 throughout")
        #expect(text.contains("Česká pošta") && text.contains("\"L1\";\"registered\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: results) == ["own.result.csv"])
    }

    @Test("a first line of data with no value twice is 'no header row' too; extra columns '#', '21 %' are not")
    func noHeaderDistinctValues() throws {
        let consign = try ConsignProcess()
        let line = "2024009002;PPL;;Jana Tajna;Dlouhá 1;Praha 1;110 00;CZ;601123456;jana@example.cz;2;;CZK\r\n"
        try consign.drop("distinct.csv", Array(line.utf8))
        let numbered = "#;21 %;2024;@id;" + SampleOrders.header + "\r\n1;a;b;c;" + SampleOrders.valid("H-1") + "\r\n"
        try consign.drop("numbered.csv", Array(numbered.utf8))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(!run.stderr.contains("Tajna"))
        #expect(try consign.read("error/distinct.csv.errors.txt").contains("line 1 looks like an order"))
        #expect(try consign.read("out/results/numbered.result.csv").contains("registered"))
    }

    @Test("a file without a header row is rejected without the data of its first line in the log")
    func noHeaderNoPersonalLog() throws {
        let consign = try ConsignProcess()
        let line = "2024009001;PPL;Jana Tajna;Jana Tajna;Dlouhá 1;Praha;110 00;CZ;601123456;2\r\n"
        try consign.drop("nohdr.csv", Array(line.utf8))
        let run = try consign.run(["run"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("malformed"))
        #expect(!run.stderr.contains("Tajna"))
        #expect(try consign.read("error/nohdr.csv.errors.txt").contains("line 1 looks like an order, not a header row"))
    }
}

@Suite("Result file names")
struct ResultNameTests {
    @Test("inputs sharing a stem get their own result files")
    func sameStem() throws {
        let consign = try ConsignProcess()
        try consign.drop("z.csv", SampleOrders.csv([SampleOrders.valid("Z-1")]))
        try consign.drop("z.txt", SampleOrders.csv([SampleOrders.valid("Z-2")]))
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("out/results") == ["z.result.csv", "z.txt.result.csv"])
        #expect(try consign.read("out/results/z.result.csv").contains("Z-1"))
        #expect(try consign.read("out/results/z.txt.result.csv").contains("Z-2"))
    }
}

@Suite("Batches of small files with colliding content or names")
struct BatchCollisionTests {
    @Test("identical files and result-name collisions in one batch: every file archived, no result lost")
    func collisions() throws {
        let consign = try ConsignProcess()
        let same = SampleOrders.csv([SampleOrders.valid("BC-1")])
        try consign.drop("a.csv", same)
        try consign.drop("b.csv", same)
        try consign.drop("x.csv", SampleOrders.csv([SampleOrders.valid("BC-2")]))
        try consign.drop("x.CSV", SampleOrders.csv([SampleOrders.valid("BC-3")]))
        let run = try consign.run(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(consign.list("done") == ["a.csv", "b.csv", "x.CSV", "x.csv"])
        #expect(consign.list("in").isEmpty && consign.list("work").isEmpty)
        let results = consign.list("out/results")
        #expect(!results.contains { $0.hasPrefix(".") })
        let texts = try results.map { try consign.read("out/results/" + $0) }.joined()
        for code in ["BC-1", "BC-2", "BC-3"] { #expect(texts.contains(code), "\(code) in no result file") }
    }

    @Test("a spool that lost its database refuses to run instead of registering done/ again")
    func lostDatabase() throws {
        let consign = try ConsignProcess()
        try consign.drop("a.csv", SampleOrders.csv([SampleOrders.valid("LD-1")]))
        #expect(try consign.run(["run"]).status == 0)
        for name in consign.list("state") where name.hasPrefix("consign.sqlite") {
            try FileManager.default.removeItem(atPath: consign.spool + "/state/" + name)
        }
        let run = try consign.run(["run"])
        #expect(run.status == 74)
        #expect(run.stderr.contains("restore the database"))
    }

    @Test("a file name of 247 bytes is answered under a shortened name and blocks no other file")
    func longFileName() throws {
        let consign = try ConsignProcess()
        let long = String(repeating: "objednavky-", count: 22) + "x.csv"
        #expect(long.utf8.count == 247)
        try consign.drop(long, SampleOrders.csv([SampleOrders.valid("LN-1"), SampleOrders.badZip("LN-2")]))
        try consign.drop("ok.csv", SampleOrders.csv([SampleOrders.valid("LN-3")]))
        let run = try consign.run(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(consign.list("work").isEmpty && consign.list("in").isEmpty)
        #expect(consign.list("done") == [long, "ok.csv"].sorted())
        let results = consign.list("out/results")
        #expect(results.count == 2 && results.allSatisfy { $0.utf8.count <= 210 }, "\(results)")
        let report = try #require(consign.list("error").first)
        #expect(report.hasSuffix(".csv.errors.txt") && report.utf8.count <= 215 && report.contains("~"), "\(report)")
        #expect(try consign.read("error/" + report).contains("LN-2"))
        let texts = try results.map { try consign.read("out/results/" + $0) }.joined()
        for code in ["LN-1", "LN-2", "LN-3"] { #expect(texts.contains(code), "\(code) in no result file") }
    }

    @Test("a file dropped under the name of one an interrupted run left in work/ waits, so both are answered")
    func sameNameAsResumed() throws {
        let consign = try ConsignProcess()
        #expect(try consign.run(["run"]).status == 0)
        let first = SampleOrders.csv([SampleOrders.valid("SN-1"), SampleOrders.badZip("SN-2")])
        try Data(first).write(to: URL(fileURLWithPath: consign.spool + "/work/orders.csv"))
        try consign.drop("orders.csv", SampleOrders.csv([SampleOrders.valid("SN-3"), SampleOrders.badZip("SN-4")]))

        let run = try consign.run(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(consign.list("in") == ["orders.csv"])
        let result = try consign.read("out/results/orders.result.csv")
        #expect(result.contains("SN-1") && !result.contains("SN-3"))
        #expect(try consign.read("error/orders.csv.errors.txt").contains("SN-2"))

        let next = try consign.run(["run"])
        #expect(next.status == 65, "\(next.stderr)")
        #expect(consign.list("in").isEmpty && consign.list("work").isEmpty)
        #expect(try consign.read("out/results/orders.result.csv").contains("SN-3"))
        #expect(try consign.read("error/orders.csv.errors.txt").contains("SN-4"))
    }
}
