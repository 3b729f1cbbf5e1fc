import Glibc
import Synchronization

/// Named kill points and injected faults, for the crash and fault tests only.
///
/// `CONSIGN_CRASH_AT=name:n` kills the process with SIGKILL the n-th time `hit("name")` runs
/// (n defaults to 1); `CONSIGN_PAUSE_AT=name:n` stops it there instead (SIGSTOP), so that a test
/// can change the world before it goes on (SIGCONT). `CONSIGN_FAULT=enospc:N` makes atomic-file
/// writes fail with ENOSPC once N bytes were written in this process. All are read once at
/// start; when they are unset (always, in production) a call is two loads and two branches.
public enum FaultInjection {
    private static let crashPlan = plan("CONSIGN_CRASH_AT")
    private static let pausePlan = plan("CONSIGN_PAUSE_AT")

    private static func plan(_ variable: String) -> (name: String, count: Int)? {
        guard let raw = getenv(variable).map({ String(cString: $0) }), !raw.isEmpty else { return nil }
        let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? max(1, Int(parts[1]) ?? 1) : 1)
    }

    private static let spaceLimit: Int? = {
        guard let raw = getenv("CONSIGN_FAULT").map({ String(cString: $0) }), raw.hasPrefix("enospc:") else {
            return nil
        }
        return Int(raw.dropFirst("enospc:".count))
    }()

    private static let hits = Mutex<[String: Int]>([:])
    private static let written = Mutex<Int>(0)

    /// Marks a kill point; kills (or stops) the process when the crash (or pause) plan names it
    /// and its count is reached.
    @inline(__always)
    public static func hit(_ name: String) {
        guard crashPlan?.name == name || pausePlan?.name == name else { return }
        let count = count(name)
        if let plan = crashPlan, plan.name == name, count == plan.count { kill(getpid(), SIGKILL) }
        if let plan = pausePlan, plan.name == name, count == plan.count { kill(getpid(), SIGSTOP) }
    }

    private static func count(_ name: String) -> Int {
        hits.withLock { counts -> Int in
            counts[name, default: 0] += 1
            return counts[name]!
        }
    }

    /// Throws ENOSPC when the injected space limit is exhausted by `bytes` more bytes.
    @inline(__always)
    public static func chargeWrite(_ bytes: Int, path: String) throws(SystemError) {
        guard let limit = spaceLimit else { return }
        let total = written.withLock { value -> Int in
            value += bytes
            return value
        }
        if total > limit { throw SystemError(call: "write", path: path, errno: ENOSPC) }
    }
}
