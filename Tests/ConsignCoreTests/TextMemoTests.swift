@testable import ConsignCore
import ConsignSupport
import Testing

@Suite("TextMemo answers what the function answers, by the bytes of each text, across its resets")
struct TextMemoTests {
    /// A function that tells its keys apart by every byte, and counts its calls.
    final class Counted: @unchecked Sendable {
        var calls = 0
        func callAsFunction(_ key: String) -> String {
            calls += 1
            return "<\(key)>"
        }
    }

    @Test("keys of one length that differ in one byte, canonically equal keys, and more keys than recent slots")
    func answersEveryKey() {
        let memo = TextMemo<String>(limit: 64)
        let compute = Counted()
        // Same length, one byte apart; "é" precomposed and decomposed (equal as Strings, not as bytes).
        let keys = ["Česká republika", "Česká republikb", "CZ", "SK", "", "caf\u{E9}", "cafe\u{301}",
                    "Slovensko", "Magyarország", "Polska"]
        for round in 0..<3 {
            for key in keys + keys.reversed() {
                #expect(memo.value(for: key, compute.callAsFunction) == "<\(key)>", "round \(round): \(key)")
            }
        }
        // Each key computed once: the two forms of "café" are two keys (their bytes differ).
        #expect(compute.calls == keys.count)
    }

    @Test("thousands of keys of every length, past the limit, looked up from four threads at once")
    func manyKeysFromThreads() async {
        let memo = TextMemo<String>(limit: 100)
        let keys = (0..<3000).map { index in String(repeating: "ž", count: index % 23) + "\(index)" }
        let wrong = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var wrong = 0
                    for index in 0..<keys.count {
                        let key = keys[(index * 7 + worker * 13) % keys.count]
                        if memo.value(for: key, { "<\($0)>" }) != "<\(key)>" { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }

    @Test("past its limit the table starts over and still answers right")
    func startsOverPastLimit() {
        let memo = TextMemo<String>(limit: 3)
        let compute = Counted()
        for index in 0..<50 {
            let key = "key \(index % 7)"
            #expect(memo.value(for: key, compute.callAsFunction) == "<\(key)>")
        }
        #expect(compute.calls > 7)
    }

    @Test("ByteScan.equal compares lengths and every byte")
    func byteEquality() {
        let samples: [[UInt8]] = [[], [1], [1, 2], Array(0..<40), Array(0..<39) + [99], Array(repeating: 7, count: 33)]
        for first in samples {
            for second in samples {
                first.withUnsafeBufferPointer { left in
                    second.withUnsafeBufferPointer { right in
                        #expect(ByteScan.equal(left, right) == (first == second), "\(first) \(second)")
                    }
                }
            }
        }
    }
}
