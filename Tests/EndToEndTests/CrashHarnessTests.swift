import Foundation
import Testing

@Suite("Crash harness: SIGKILL at named kill points and random moments, then every invariant")
struct CrashHarnessTests {
    /// CI mode: a few seeds. The full run is `scripts/crash-harness.py --seeds 200` (docs/RELIABILITY.md).
    @Test("after kills at every stage each order is registered once and every file is whole")
    func harness() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ConsignProcess.packageRoot + "/scripts/crash-harness.py",
                             "--binary", ConsignProcess.binary, "--seeds", "12", "--seed-base", "7000"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("12 passed, 0 failed"), "\(text)")
    }
}
