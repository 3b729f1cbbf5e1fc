import Foundation
import Testing

@testable import ConsignStore

@Suite("The pretty-printed layout of the hand-written JSON")
struct JSONTextPrettyTests {
    static let numbers: [Double] = [0, 3, 0.55, 12.5, 1.255, 0.001, 1_000_000, 25.125, -2.5]

    /// Writes the same nested value the dictionary below holds, keys in sorted order.
    static func written(_ text: String, _ number: Double) -> String {
        var json = JSONText(prettyPrinted: true)
        json.beginObject()
        json.key("data")
        json.beginObject()
        json.key("empty"); json.beginArray(); json.endArray()
        json.key("items")
        json.beginArray()
        json.beginObject()
        json.key("flag"); json.bool(true)
        json.key("nested"); json.beginObject(); json.endObject()
        json.key("note"); json.string(orNull: nil)
        json.key("number"); json.double(number)
        json.key("text"); json.string(text)
        json.endObject()
        json.string(text)
        json.int(-42)
        json.endArray()
        json.key("paginator"); json.beginObject(); json.key("page"); json.int(7); json.endObject()
        json.endObject()
        json.key("errors"); json.null()
        json.endObject()
        return json.string
    }

    @Test("nested objects, arrays, empty ones, strings and numbers match JSONSerialization's pretty output",
          arguments: JSONTextTests.awkward, numbers)
    func matchesFoundation(text: String, number: Double) throws {
        let object: [String: Any] = [
            "data": [
                "empty": [Any](),
                "items": [["flag": true, "nested": [String: Any](), "note": NSNull(), "number": number, "text": text],
                          text, -42] as [Any],
                "paginator": ["page": 7],
            ] as [String: Any],
            "errors": NSNull(),
        ]
        let expected = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])

        #expect(Self.written(text, number) == String(decoding: expected, as: UTF8.self))
    }

    @Test("the compact layout is unchanged by the pretty one")
    func compactStaysCompact() {
        var json = JSONText()
        json.beginObject()
        json.key("a"); json.beginArray(); json.endArray()
        json.key("b"); json.double(2)
        json.key("c"); json.bool(false)
        json.endObject()
        #expect(json.string == "{\"a\":[],\"b\":2,\"c\":false}")
    }
}
