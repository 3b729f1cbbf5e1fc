import Foundation
import Testing

/// Runs the built `consign` binary as a user would, in a fresh temp spool.
struct ConsignProcess {
    /// What one invocation printed and returned.
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String

        /// stdout parsed as JSON.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any])
        }
    }

    let root: String
    var spool: String { root + "/spool" }
    private let cleanup: FolderCleanup
    var environment: [String: String] = [:]
    /// A command the binary is started through (e.g. setpriv), if any.
    var wrapper: [String] = []

    /// A fresh folder with an empty spool.
    init() throws {
        root = NSTemporaryDirectory() + "consign-e2e-" + UUID().uuidString
        cleanup = FolderCleanup(root)
        try FileManager.default.createDirectory(atPath: root + "/spool/in", withIntermediateDirectories: true)
    }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    static var binary: String {
        for candidate in [
            ".build/debug/consign", ".build/x86_64-unknown-linux-gnu/debug/consign",
            ".build/release/consign",
        ] {
            let path = packageRoot + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot + "/.build/debug/consign"
    }

    /// Runs `consign --spool <spool> ARGS` (unless `spool: false`) and waits.
    @discardableResult
    func run(
        _ arguments: [String], spool useSpool: Bool = true, now: String? = nil,
        input: String? = nil
    ) throws -> Output {
        let process = Process()
        let command = wrapper + [Self.binary] + (useSpool ? ["--spool", spool] : []) + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        if let now { env["CONSIGN_NOW"] = now }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `consign ARGS` with `CONSIGN_CRASH_AT=point`, so that it is killed there (SIGKILL).
    @discardableResult
    func runKilled(at point: String, _ arguments: [String] = ["run"]) throws -> Output {
        var copy = self
        copy.environment["CONSIGN_CRASH_AT"] = point
        return try copy.run(arguments)
    }

    /// Runs the binary as user `nobody` (for permission tests; needs root to switch).
    func runAsNobody(_ arguments: [String]) throws -> Output {
        var copy = self
        copy.wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        return try copy.run(arguments)
    }

    /// Writes `text` as `in/<name>` with an mtime in the past, so it is past the quiet period.
    func drop(_ name: String, _ bytes: [UInt8]) throws {
        let path = spool + "/in/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
    }

    /// Starts `consign watch` on this spool (with `config` when given); stderr is discarded.
    func startWatch(config: String? = nil) throws -> Process {
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: Self.binary)
        watch.arguments = ["--spool", spool] + (config.map { ["--config", $0] } ?? []) + ["watch"]
        watch.standardError = FileHandle.nullDevice
        try watch.run()
        return watch
    }

    /// Copies a file of `samples/` into `in/` with an old mtime.
    func dropSample(_ name: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.packageRoot + "/samples/" + name))
        try drop(name, Array(bytes))
    }

    /// Names in a spool folder, sorted, hidden ones included.
    func list(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool + "/" + folder)) ?? []).sorted()
    }

    /// Text of a spool file.
    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: spool + "/" + path)), as: UTF8.self)
    }

    /// All event lines exported so far.
    func events() throws -> [[String: Any]] {
        try list("out/events").filter { $0.hasSuffix(".ndjson") }.flatMap { name in
            try read("out/events/" + name).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }
}

/// Removes a test's temp folder when the last copy of its `ConsignProcess` is gone.
final class FolderCleanup: Sendable {
    let path: String

    init(_ path: String) { self.path = path }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A small Consign CSV (UTF-8) with valid and invalid orders.
enum SampleOrders {
    static let header =
        "orderCode;shippingMethod;pickupPointId;name;street;city;zip;country;phone;email;weight;cod;currency"

    static func csv(_ rows: [String]) -> [UInt8] {
        Array(([header] + rows).joined(separator: "\r\n").appending("\r\n").utf8)
    }

    static func valid(_ code: String, method: String = "PPL", cod: String = "") -> String {
        "\(code);\(method);;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;+420 601 123 456;jana@example.cz;"
            + "2,5;\(cod);CZK"
    }

    static func badZip(_ code: String) -> String {
        "\(code);PPL;;Petr Šťastný;Hlavní 1;Brno;1100;CZ;601123456;;1;;CZK"
    }
}
