import ConsignCore
import Foundation
import Testing

@Suite("Tracking URLs from a carrier's template")
struct TrackingUrlTests {
    @Test("every {trackingNumber} is replaced, anything else is kept as written", arguments: [
        ("https://x.example/?id={trackingNumber}", "https://x.example/?id=AB12"),
        ("{trackingNumber}", "AB12"),
        ("{trackingNumber}/{trackingNumber}", "AB12/AB12"),
        ("https://x.example/{id}?n={trackingNumber}&q={", "https://x.example/{id}?n=AB12&q={"),
        ("https://x.example/{trackingNumbe", "https://x.example/{trackingNumbe"),
        ("https://x.example/{{trackingNumber}}", "https://x.example/{AB12}"),
        ("https://ž.example/ščř?{trackingNumber}", "https://ž.example/ščř?AB12"),
        ("", ""),
        ("no placeholder", "no placeholder"),
    ])
    func substitutes(template: String, expected: String) {
        let carrier = Carrier(id: 1, code: "x", name: "X", trackingUrlTemplate: template, services: [])
        #expect(carrier.trackingUrl(for: "AB12") == expected)
        #expect(carrier.trackingUrl(for: "AB12") == template.replacingOccurrences(of: "{trackingNumber}", with: "AB12"))
    }
}
