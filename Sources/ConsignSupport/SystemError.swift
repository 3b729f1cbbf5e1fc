import Glibc

/// A failed system call: the call's name, the path or object it concerned, and `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// The C function that failed, e.g. `rename`.
    public let call: String
    /// The path or object the call was about, when there is one.
    public let path: String?
    /// The `errno` value read right after the call.
    public let errno: Int32

    /// Creates an error for `call` on `path` with `errno`.
    public init(call: String, path: String? = nil, errno: Int32) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    /// True for failures that are expected to pass: disk full, quota, I/O, busy, no memory.
    public var isTemporary: Bool {
        [ENOSPC, EDQUOT, EIO, EAGAIN, EBUSY, ENOMEM, ETIMEDOUT, EMFILE, ENFILE].contains(errno)
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        if let path { return "\(call) '\(path)': \(reason)" }
        return "\(call): \(reason)"
    }
}

/// Every system call goes through here: `errno` is read at once and `EINTR` is retried.
///
/// `close` must not be retried on `EINTR` (the descriptor is gone on Linux); use `closeDescriptor`.
@discardableResult
public func syscall<T: BinaryInteger>(
    _ name: String, path: String? = nil, _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(call: name, path: path, errno: code)
    }
}

/// Closes a descriptor once, ignoring `EINTR` as Linux requires.
public func closeDescriptor(_ fd: Int32) {
    _ = Glibc.close(fd)
}
