import ConsignSupport
import Glibc

/// A connected non-blocking TCP socket; owns the descriptor and closes it in `deinit`.
///
/// Every wait goes through `poll()` with the caller's timeout.
final class SocketConnection {
    /// The descriptor; -1 once closed.
    private(set) var descriptor: Int32
    /// The host this socket talks to, for messages.
    let host: String

    private init(descriptor: Int32, host: String) {
        self.descriptor = descriptor
        self.host = host
    }

    deinit { close() }

    /// Resolves `host` with `getaddrinfo` and connects to the first address that answers within `timeout`.
    static func connect(host: String, port: UInt16, timeout: Double) throws(MailError) -> SocketConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw MailError(.resolveFailed, "cannot resolve SMTP host '\(host)': \(reason)")
        }
        defer { freeaddrinfo(first) }

        var lastError = MailError(.connectFailed, "no address for SMTP host '\(host)'")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            do {
                return try connect(current.pointee, host: host, port: port, timeout: timeout)
            } catch {
                lastError = error
            }
            entry = current.pointee.ai_next
        }
        throw lastError
    }

    private static func connect(_ address: addrinfo, host: String, port: UInt16,
                                timeout: Double) throws(MailError) -> SocketConnection {
        let kind = address.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd: Int32
        do {
            fd = try syscall("socket") { socket(address.ai_family, kind, address.ai_protocol) }
        } catch {
            throw MailError(.connectFailed, "cannot create a socket for '\(host)'", cause: error)
        }
        let connection = SocketConnection(descriptor: fd, host: host)
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR else {
                throw connectError(host, port, SystemError(call: "connect", path: host, errno: code))
            }
            try connection.wait(for: Int16(POLLOUT), timeout: timeout, stage: "connect")
            try connection.checkConnectResult(port: port)
        }
        return connection
    }

    private func checkConnectResult(port: UInt16) throws(MailError) {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        guard code == 0 else {
            throw Self.connectError(host, port, SystemError(call: "connect", path: host, errno: code))
        }
    }

    private static func connectError(_ host: String, _ port: UInt16, _ cause: SystemError) -> MailError {
        MailError(.connectFailed, "cannot connect to SMTP server '\(host)' port \(port)", cause: cause)
    }

    /// Waits until `events` are ready or `timeout` seconds pass (then throws `.timeout`).
    func wait(for events: Int16, timeout: Double, stage: String) throws(MailError) {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let milliseconds = Int32(max(0, min(timeout * 1000, Double(Int32.max))))
        let ready: Int32
        do {
            ready = try syscall("poll", path: host) { poll(&entry, 1, milliseconds) }
        } catch {
            throw MailError(.ioFailed, "waiting for SMTP server '\(host)' failed", cause: error)
        }
        if ready == 0 {
            throw MailError(.timeout, "SMTP server '\(host)' did not answer within \(timeout) s at \(stage)")
        }
    }

    /// Reads what is available (up to 16 KiB) within `timeout`; throws `.connectionClosed` at end of stream.
    func read(timeout: Double, stage: String) throws(MailError) -> [UInt8] {
        try wait(for: Int16(POLLIN), timeout: timeout, stage: stage)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let fd = descriptor
        let count: Int
        do {
            count = try syscall("recv", path: host) {
                buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            }
        } catch where error.errno == EAGAIN || error.errno == EWOULDBLOCK {
            // poll() may report readiness that recv() then does not find; wait again.
            return try read(timeout: timeout, stage: stage)
        } catch {
            throw Self.ioError(host, error)
        }
        guard count > 0 else { throw MailError(.connectionClosed, "SMTP server '\(host)' closed the connection") }
        return Array(buffer[..<count])
    }

    /// Writes all of `bytes`, waiting at most `timeout` for each chunk to go out.
    func write(_ bytes: [UInt8], timeout: Double, stage: String) throws(MailError) {
        var offset = 0
        let fd = descriptor
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT), timeout: timeout, stage: stage)
            let start = offset
            do {
                offset += try syscall("send", path: host) {
                    bytes.withUnsafeBytes { send(fd, $0.baseAddress! + start, $0.count - start, Int32(MSG_NOSIGNAL)) }
                }
            } catch where error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                continue
            } catch {
                throw Self.ioError(host, error)
            }
        }
    }

    static func ioError(_ host: String, _ cause: SystemError) -> MailError {
        if [ECONNRESET, EPIPE].contains(cause.errno) {
            return MailError(.connectionClosed, "SMTP server '\(host)' reset the connection", cause: cause)
        }
        return MailError(.ioFailed, "I/O with SMTP server '\(host)' failed", cause: cause)
    }

    /// Closes the descriptor once.
    func close() {
        guard descriptor >= 0 else { return }
        closeDescriptor(descriptor)
        descriptor = -1
    }
}
