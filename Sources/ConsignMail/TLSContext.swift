import COpenSSL

/// An OpenSSL client context (`SSL_CTX`): TLS 1.2+, peer verification on; freed in `deinit`.
final class TLSContext {
    let handle: OpaquePointer

    /// Creates a context trusting `caFile` (PEM) or, when nil, the system store.
    init(caFile: String?) throws(MailError) {
        guard let handle = SSL_CTX_new(TLS_client_method()) else {
            throw MailError(.tlsFailed, "SSL_CTX_new failed: \(TLSContext.lastErrorText())")
        }
        self.handle = handle
        guard consign_SSL_CTX_require_tls12(handle) == 1 else {
            throw MailError(.tlsFailed, "cannot require TLS 1.2: \(TLSContext.lastErrorText())")
        }
        SSL_CTX_set_verify(handle, SSL_VERIFY_PEER, nil)
        try loadTrust(caFile)
    }

    deinit { SSL_CTX_free(handle) }

    private func loadTrust(_ caFile: String?) throws(MailError) {
        if let caFile {
            guard SSL_CTX_load_verify_locations(handle, caFile, nil) == 1 else {
                throw MailError(.tlsFailed, "cannot load CA file '\(caFile)': \(TLSContext.lastErrorText())")
            }
        } else if SSL_CTX_set_default_verify_paths(handle) != 1 {
            throw MailError(.tlsFailed, "cannot load the system CA store: \(TLSContext.lastErrorText())")
        }
    }

    /// The oldest queued OpenSSL error as text (`ERR_get_error` + `ERR_error_string_n`); clears the queue.
    static func lastErrorText() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no OpenSSL error queued" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
