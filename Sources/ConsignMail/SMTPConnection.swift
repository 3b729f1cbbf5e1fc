/// The byte stream under an SMTP session: a socket, upgraded to TLS on demand.
final class SMTPConnection {
    private let socket: SocketConnection
    private let settings: SMTPSettings
    private var tls: TLSStream?

    private init(socket: SocketConnection, settings: SMTPSettings) {
        self.socket = socket
        self.settings = settings
    }

    /// Connects to the configured server; for implicit TLS also runs the handshake.
    static func open(settings: SMTPSettings) throws(MailError) -> SMTPConnection {
        let socket = try SocketConnection.connect(host: settings.host, port: settings.port,
                                                  timeout: settings.timeouts.connect)
        let connection = SMTPConnection(socket: socket, settings: settings)
        if settings.tls == .tls { try connection.startTLS(timeout: settings.timeouts.connect) }
        return connection
    }

    /// Runs the TLS handshake on the socket (after a 220 to STARTTLS, or at once for implicit TLS).
    func startTLS(timeout: Double) throws(MailError) {
        let context = try TLSContext(caFile: settings.caFile)
        tls = try TLSStream(context: context, socket: socket, timeout: timeout)
    }

    /// Reads what the server sent within `timeout`.
    func read(timeout: Double, stage: String) throws(MailError) -> [UInt8] {
        if let tls { return try tls.read(timeout: timeout, stage: stage) }
        return try socket.read(timeout: timeout, stage: stage)
    }

    /// Writes `bytes`, each chunk within `timeout`.
    func write(_ bytes: [UInt8], timeout: Double, stage: String) throws(MailError) {
        if let tls { return try tls.write(bytes, timeout: timeout, stage: stage) }
        try socket.write(bytes, timeout: timeout, stage: stage)
    }

    /// Ends TLS (close_notify) and closes the socket; safe to call twice.
    func close() {
        tls?.shutdown()
        tls = nil
        socket.close()
    }
}
