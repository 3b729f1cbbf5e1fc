import COpenSSL
import ConsignSupport
import Glibc

/// A TLS session (`SSL`) over a connected socket; owns the `SSL` handle, not the socket.
///
/// Verifies the certificate chain and the host name (`SSL_set1_host`, or the IP address
/// for a literal) and sends SNI. Keeps the context alive as long as the session.
final class TLSStream {
    private let handle: OpaquePointer
    private let context: TLSContext
    private let socket: SocketConnection

    /// Runs the client handshake on `socket` within `timeout`; throws `.certificateRejected` naming the host.
    init(context: TLSContext, socket: SocketConnection, timeout: Double) throws(MailError) {
        guard let handle = SSL_new(context.handle) else {
            throw MailError(.tlsFailed, "SSL_new failed: \(TLSContext.lastErrorText())")
        }
        self.handle = handle
        self.context = context
        self.socket = socket
        try configure()
        try handshake(timeout: timeout)
    }

    deinit { SSL_free(handle) }

    private func configure() throws(MailError) {
        let host = socket.host
        guard SSL_set_fd(handle, socket.descriptor) == 1 else {
            throw MailError(.tlsFailed, "SSL_set_fd failed: \(TLSContext.lastErrorText())")
        }
        if TLSStream.isIPAddress(host) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), host) == 1 else {
                throw MailError(.tlsFailed, "cannot set the expected IP address '\(host)'")
            }
            return
        }
        guard consign_SSL_set_tlsext_host_name(handle, host) == 1, SSL_set1_host(handle, host) == 1 else {
            throw MailError(.tlsFailed, "cannot set the expected host name '\(host)': \(TLSContext.lastErrorText())")
        }
    }

    private func handshake(timeout: Double) throws(MailError) {
        while true {
            let result = SSL_connect(handle)
            if result == 1 { return }
            let code = SSL_get_error(handle, result)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE {
                let events = Int16(code == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT)
                try socket.wait(for: events, timeout: timeout, stage: "tls-handshake")
                continue
            }
            throw handshakeError()
        }
    }

    private func handshakeError() -> MailError {
        let verify = SSL_get_verify_result(handle)
        if verify != X509_V_OK {
            let reason = String(cString: X509_verify_cert_error_string(verify))
            ERR_clear_error()
            return MailError(.certificateRejected,
                             "TLS certificate of SMTP server '\(socket.host)' rejected: \(reason)")
        }
        let reason = TLSContext.lastErrorText()
        return MailError(.tlsFailed, "TLS handshake with SMTP server '\(socket.host)' failed: \(reason)")
    }

    /// Reads decrypted bytes within `timeout`; throws `.connectionClosed` at the end of the stream.
    func read(timeout: Double, stage: String) throws(MailError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { SSL_read(handle, $0.baseAddress, Int32($0.count)) }
            if count > 0 { return Array(buffer[..<Int(count)]) }
            try waitOrThrow(SSL_get_error(handle, count), timeout: timeout, stage: stage)
        }
    }

    /// Writes all of `bytes` within `timeout` per chunk.
    func write(_ bytes: [UInt8], timeout: Double, stage: String) throws(MailError) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let count = bytes.withUnsafeBytes { SSL_write(handle, $0.baseAddress! + start, Int32($0.count - start)) }
            if count > 0 {
                offset += Int(count)
                continue
            }
            try waitOrThrow(SSL_get_error(handle, count), timeout: timeout, stage: stage)
        }
    }

    /// Sends close_notify without waiting for the peer's.
    func shutdown() {
        _ = SSL_shutdown(handle)
        ERR_clear_error()
    }

    private func waitOrThrow(_ code: Int32, timeout: Double, stage: String) throws(MailError) {
        switch code {
        case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), timeout: timeout, stage: stage)
        case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), timeout: timeout, stage: stage)
        case SSL_ERROR_ZERO_RETURN:
            throw MailError(.connectionClosed, "SMTP server '\(socket.host)' closed the TLS connection")
        case SSL_ERROR_SYSCALL:
            let cause = SystemError(call: "SSL_read/SSL_write", path: socket.host, errno: errno)
            ERR_clear_error()
            throw MailError(.connectionClosed, "SMTP server '\(socket.host)' dropped the TLS connection", cause: cause)
        default:
            let reason = TLSContext.lastErrorText()
            throw MailError(.tlsFailed, "TLS I/O with SMTP server '\(socket.host)' failed: \(reason)")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }
}
