import Foundation

/// A failure of the test support itself (a server that does not start, a tool missing).
public struct SupportFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The real SMTP server for tests: `scripts/smtp-test-server.py` (aiosmtpd) on 127.0.0.1 with a
/// throw-away self-signed certificate for `localhost`/127.0.0.1; stopped in `deinit`.
public final class AiosmtpdServer {
    /// The server's temp folder.
    public let directory: String
    /// Where received messages are saved.
    public let outputDirectory: String
    /// The self-signed certificate (use as CA file).
    public let certificatePath: String
    /// Port with STARTTLS required.
    public let starttlsPort: UInt16
    /// Port with implicit TLS.
    public let tlsPort: UInt16
    /// The AUTH user.
    public static let user = "consign"
    /// The AUTH password.
    public static let password = "s3cret-pässword"
    private let process: Process
    private let input: Pipe

    /// Generates a certificate with `altNames`, starts the server and waits for its READY line.
    public init(altNames: String = "DNS:localhost,IP:127.0.0.1") throws {
        directory = NSTemporaryDirectory() + "consign-smtp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        outputDirectory = directory + "/received"
        certificatePath = directory + "/cert.pem"
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        try Self.makeCertificate(in: directory, name: "cert", altNames: altNames)

        process = Process()
        input = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.scriptPath, "--cert", certificatePath, "--key", directory + "/cert.key",
                             "--out", outputDirectory, "--user", Self.user, "--password", Self.password]
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        (starttlsPort, tlsPort) = try Self.readReadyLine(output, errors: errors, process: process)
    }

    deinit { stop() }

    /// Stops the server (idempotent).
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The saved messages: raw bytes and envelope facts, sorted by file name.
    public func received() throws -> [(raw: [UInt8], facts: [String: Any], emlPath: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: outputDirectory).filter { $0.hasSuffix(".eml") }
        return try names.sorted().map { name in
            let path = outputDirectory + "/" + name
            let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let json = try Data(contentsOf: URL(fileURLWithPath: String(path.dropLast(4)) + ".json"))
            let facts = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
            return (raw, facts, path)
        }
    }

    /// Runs `openssl req` for a self-signed certificate `<name>.pem` + `<name>.key` with the given SANs.
    public static func makeCertificate(in directory: String, name: String, altNames: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                             "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=\(altNames)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SupportFailure("openssl req failed; is the openssl CLI installed?")
        }
    }

    private static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/smtp-test-server.py").path
    }

    private static func readReadyLine(_ output: Pipe, errors: Pipe,
                                      process: Process) throws -> (UInt16, UInt16) {
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let words = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard words.count == 3, words[0] == "READY", let first = UInt16(words[1]), let second = UInt16(words[2]) else {
            process.waitUntilExit()
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw SupportFailure("the aiosmtpd test server did not start (python3 and aiosmtpd are required; "
                + "pip install -r scripts/python-requirements.txt): \(reason)")
        }
        return (first, second)
    }
}
