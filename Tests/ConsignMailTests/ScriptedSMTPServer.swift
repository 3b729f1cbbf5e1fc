import Foundation
import Glibc
import Synchronization

/// A tiny SMTP server on 127.0.0.1 that follows a script per connection.
///
/// Test double: a real server (aiosmtpd, see RealServerTests) will not stall before its
/// greeting, greylist, or drop the connection mid-DATA on demand, so these misbehaviours
/// are scripted here. Plain TCP only.
final class ScriptedSMTPServer: Sendable {
    /// One step of a connection's script.
    enum Step: Sendable {
        /// Write a reply line (CRLF added).
        case send(String)
        /// Read one command line and record it.
        case readLine
        /// Read message data up to and including CRLF.CRLF and record it.
        case readData
        /// Read about this many bytes of message data, then reset the connection.
        case readBytesThenReset(Int)
        /// Wait this many seconds.
        case sleep(Double)
        /// Close the connection gracefully.
        case close
    }

    /// The port the server listens on.
    let port: UInt16
    private let listener: Int32
    private let recorded = Mutex<[String]>([])
    private let data = Mutex<[[UInt8]]>([])
    private let done = DispatchSemaphore(value: 0)

    /// Starts listening and runs `scripts`, one per accepted connection, on a background thread.
    init(scripts: [[Step]]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw TestFailure("cannot listen on 127.0.0.1: errno \(errno)") }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in
            for script in scripts { serve(script) }
            Glibc.close(listener)
            done.signal()
        }
        thread.start()
    }

    /// The command lines received, in order, across connections.
    var commands: [String] { recorded.withLock { $0 } }
    /// Each message data block received (through CRLF.CRLF).
    var messages: [[UInt8]] { data.withLock { $0 } }

    /// Waits until every script has run (or `timeout` passes).
    @discardableResult
    func waitUntilDone(timeout: Double = 10) -> Bool {
        done.wait(timeout: .now() + timeout) == .success
    }

    private func serve(_ script: [Step]) {
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 10_000) == 1 else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        var reader = LineReader(fd: connection)
        var isOpen = true
        for step in script where isOpen {
            isOpen = run(step, on: connection, reader: &reader)
        }
        if isOpen { Glibc.close(connection) }
    }

    /// Runs one step; false once the connection is closed.
    private func run(_ step: Step, on connection: Int32, reader: inout LineReader) -> Bool {
        switch step {
        case .send(let line):
            let bytes = Array((line + "\r\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        case .readLine:
            if let line = reader.readLine() { recorded.withLock { $0.append(line) } }
        case .readData:
            let block = reader.readData()
            data.withLock { $0.append(block) }
        case .readBytesThenReset(let count):
            _ = reader.readBytes(count)
            // SO_LINGER 0 makes close() send RST: the client sees a reset mid-write.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            Glibc.close(connection)
            return false
        case .sleep(let seconds):
            usleep(UInt32(seconds * 1_000_000))
        case .close:
            Glibc.close(connection)
            return false
        }
        return true
    }
}

/// Buffered reads from a blocking socket for the scripted server.
private struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []

    mutating func readLine() -> String? {
        while true {
            if let end = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                return String(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self)
            }
            guard fill() else { return nil }
        }
    }

    mutating func readData() -> [UInt8] {
        let terminator: [UInt8] = [0x0D, 0x0A, 0x2E, 0x0D, 0x0A]
        while true {
            if buffer.count >= 3, let range = find(terminator) {
                let block = Array(buffer[..<range])
                buffer.removeFirst(range)
                return block
            }
            guard fill() else { return buffer }
        }
    }

    mutating func readBytes(_ count: Int) -> [UInt8] {
        while buffer.count < count, fill() {}
        return Array(buffer.prefix(count))
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for start in 0...(buffer.count - needle.count) where buffer[start] == 0x0D {
            if Array(buffer[start..<(start + needle.count)]) == needle { return start + needle.count }
        }
        return nil
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }
}
