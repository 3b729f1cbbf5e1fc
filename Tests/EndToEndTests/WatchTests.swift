import Foundation
import Testing

@Suite("consign watch", .serialized)
struct WatchTests {
    func startWatch(_ consign: ConsignProcess, config: String) throws -> Process {
        let watch = try consign.startWatch(config: config)
        usleep(400_000)
        return watch
    }

    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test(
        "a file written slowly in place is taken only when complete; a renamed file is taken at once; SIGTERM exits 0")
    func slowAndRenamed() throws {
        let consign = try ConsignProcess()
        let config = consign.root + "/watch.json"
        try Data("{\"spool\": {\"quietPeriodSeconds\": 1.5, \"rescanIntervalSeconds\": 60}}".utf8)
            .write(to: URL(fileURLWithPath: config))
        let watch = try startWatch(consign, config: config)
        defer { if watch.isRunning { watch.terminate() } }

        let rows = (1...30).map { SampleOrders.valid("SLOW-\($0)") }
        let bytes = SampleOrders.csv(rows)
        let path = consign.spool + "/in/slow.csv"
        let handle = try #require(
            FileHandle(
                forWritingAtPath: {
                    FileManager.default.createFile(
                        atPath: path,
                        contents: nil)
                    return path
                }()))
        let thirds = [0, bytes.count / 3, 2 * bytes.count / 3, bytes.count]
        for part in 0..<3 {
            handle.write(Data(bytes[thirds[part]..<thirds[part + 1]]))
            if part < 2 { usleep(900_000) }
        }
        try handle.close()
        #expect(waitFor(10) { consign.list("done").contains("slow.csv") })
        let result = try consign.read("out/results/slow.result.csv")
        #expect(result.components(separatedBy: "registered").count - 1 == 30)

        let staged = consign.root + "/ready.csv"
        try Data(SampleOrders.csv([SampleOrders.valid("FAST-1")])).write(to: URL(fileURLWithPath: staged))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -10)], ofItemAtPath: staged)
        let start = Date()
        #expect(rename(staged, consign.spool + "/in/ready.csv") == 0)
        #expect(waitFor(5) { consign.list("out/results").contains("ready.result.csv") })
        #expect(Date().timeIntervalSince(start) < 3.0, "taken on the inotify wake-up, not the 60 s rescan")

        watch.terminate()
        watch.waitUntilExit()
        #expect(watch.terminationStatus == 0)
    }
}

@Suite("consign watch stops between files", .serialized)
struct WatchStopTests {
    @Test("SIGTERM finishes the files started (one batch), leaves the others in work/ and exits 0; nothing is lost")
    func stopsBetweenBatches() throws {
        let consign = try ConsignProcess()
        let count = 600
        for index in 0..<count {
            let orders = SampleOrders.csv([SampleOrders.valid("STOP-\(index)")])
            try consign.drop(String(format: "s%04d.csv", index), orders)
        }
        let watch = try consign.startWatch()
        defer { if watch.isRunning { watch.terminate() } }
        let deadline = Date().addingTimeInterval(20)
        while consign.list("work").isEmpty && consign.list("done").isEmpty && Date() < deadline { usleep(5_000) }
        watch.terminate()
        watch.waitUntilExit()
        #expect(watch.terminationStatus == 0)

        let done = consign.list("done").count
        let waiting = consign.list("work").count + consign.list("in").count
        #expect(done < count, "stopped after the batch it had started, not after every file")
        #expect(done + waiting == count)
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("done").count == count)
        let list = try consign.run(["shipments", "--json", "--items-per-page", "1"]).json()
        #expect(((list["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int == count)
    }
}

@Suite("Files still open for writing")
struct OpenWriterTests {
    @Test("a file past the quiet period is still not taken while a writer holds it open")
    func heldOpen() throws {
        let consign = try ConsignProcess()
        try consign.drop("held.csv", SampleOrders.csv([SampleOrders.valid("HELD-1")]))
        let writer = try #require(FileHandle(forWritingAtPath: consign.spool + "/in/held.csv"))
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("in") == ["held.csv"])
        try writer.close()
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("done") == ["held.csv"])
    }
}
