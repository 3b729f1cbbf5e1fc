import ConsignSupport
import Glibc

/// An instance lock: `flock` on `state/consign.lock` for the spool, and on `<database>.lock` for
/// the database it uses (see `Commands.takeLocks`).
///
/// The kernel drops the lock when the process dies, so a crash never leaves a stale lock.
public final class SpoolLock {
    private let fd: Int32

    /// Takes the lock without waiting, or throws `.locked` (temporary) if another consign holds it;
    /// `subject` says what the lock guards in that error.
    public init(path: String, subject: String = "this spool") throws(SpoolError) {
        let descriptor: Int32
        do {
            descriptor = try syscall("open", path: path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        } catch {
            throw SpoolError.system(error, "cannot open the lock file '\(path)' of \(subject) (its folder must "
                                    + "exist and be writable)")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            closeDescriptor(descriptor)
            if code == EWOULDBLOCK {
                throw SpoolError(.locked, "another consign is already working on \(subject) (lock '\(path)' is "
                                 + "held); this run did nothing", isTemporary: true)
            }
            throw SpoolError.system(SystemError(call: "flock", path: path, errno: code), "cannot lock \(subject)")
        }
        fd = descriptor
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        closeDescriptor(fd)
    }
}
