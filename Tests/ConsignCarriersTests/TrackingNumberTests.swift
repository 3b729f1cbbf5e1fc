import ConsignCarriers
import ConsignCore
import Testing

@Suite("Tracking numbers per carrier")
struct TrackingNumberTests {
    @Test("computes the UPU S10 check digit")
    func s10CheckDigit() {
        #expect(TrackingNumber.s10CheckDigit("47312482") == 9)
        #expect(TrackingNumber.s10CheckDigit("95081919") == 4)
        #expect(TrackingNumber.s10CheckDigit("4731248") == nil)
    }

    @Test("computes the DPD ISO 7064 Mod 37,36 check character", arguments: [
        ("01905002345614", Character("0")), ("01905002345615", "Y"),
    ])
    func dpdCheck(number: String, check: Character) {
        #expect(TrackingNumber.mod37_36CheckCharacter(number) == check)
    }

    /// ISO 7064 Mod 37,36 written out from the standard, character by character, to check the
    /// table-driven implementation against.
    static func referenceMod37_36(_ text: String) -> Character? {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*")
        var product = 36
        for character in text {
            guard character.isASCII, let value = alphabet.firstIndex(of: Character(character.uppercased()))
            else { return nil }
            product = (product + value - 1) % 36 + 1
            product = (product * 2) % 37
        }
        let check = (37 - product) % 36
        return alphabet[check]
    }

    @Test("the Mod 37,36 check character matches the standard's definition on random inputs")
    func dpdCheckMatchesReference() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*-é ")
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...20, using: &generator)).map { _ in
                pool.randomElement(using: &generator)!
            })
            #expect(TrackingNumber.mod37_36CheckCharacter(text) == Self.referenceMod37_36(text), "\(text)")
        }
    }

    @Test("computes the GLS check digit; anything but 11 ASCII digits has none")
    func glsCheck() {
        #expect(TrackingNumber.glsCheckDigit("36412373477") == 8)
        #expect(TrackingNumber.glsCheckDigit("3641237347") == nil)
        #expect(TrackingNumber.glsCheckDigit("3641237347A") == nil)
        #expect(TrackingNumber.glsCheckDigit("3641237347٧") == nil)
    }

    @Test("validates known numbers", arguments: [
        ("RR950819194CZ", "cpost", true),
        ("RR442097828CZ", "cpost", true),
        ("RR950819195CZ", "cpost", false),
        ("RR950819194SK", "cpost", false),
        ("DR0404870003M", "cpost", true),
        ("NP1504102232M", "cpost", true),
        ("XX0404870003M", "cpost", false),
        ("DR040487000M", "cpost", false),
        ("40123456789", "ppl", true),
        ("4012345678", "ppl", false),
        ("4012345678A", "ppl", false),
        ("Z1234567890", "packeta", true),
        ("Z123456789", "packeta", false),
        ("1234567890", "packeta", false),
        ("01905002345614", "dpd", true),
        ("019050023456140", "dpd", true),
        ("01905002345615Y", "dpd", true),
        ("01905002345615X", "dpd", false),
        ("0190500234561", "dpd", false),
        ("364123734778", "gls", true),
        ("364123734777", "gls", false),
        ("36412373477", "gls", false),
        ("MPL0000012345", "mpl", true),
        ("mpl0000012345", "mpl", false),
        ("MPL12", "mpl", false),
        ("Z1234567890", "fedex", false),
    ])
    func validates(number: String, carrier: String, valid: Bool) {
        #expect(TrackingNumber.isValid(number, carrierCode: carrier) == valid)
    }

    @Test("makes valid numbers for every carrier and service type",
          arguments: ["cpost", "ppl", "packeta", "dpd", "gls", "mpl"])
    func makesValidNumbers(carrier: String) {
        for type in ServiceType.allCases {
            for serial: UInt64 in [0, 1, 47_312_482, 999_999_999_999, UInt64.max] {
                let number = TrackingNumber.make(carrierCode: carrier, serviceType: type, serial: serial)
                #expect(TrackingNumber.isValid(number, carrierCode: carrier), "\(carrier) \(type) \(number)")
            }
        }
    }

    @Test("uses the Czech Post product prefix and S10 abroad", arguments: [
        (ServiceType.homeDelivery, "DR"), (.postOffice, "NP"), (.pickupPoint, "NB"), (.locker, "NB"),
        (.international, "CA"),
    ])
    func czechPostPrefix(type: ServiceType, prefix: String) {
        let number = TrackingNumber.make(carrierCode: "cpost", serviceType: type, serial: 47_312_482)
        #expect(number.hasPrefix(prefix))
        #expect(number.count == 13)
        #expect(TrackingNumber.isS10(number, country: "CZ") == (type == .international))
    }

    @Test("makes the S10 number of the worked example; the second letter counts hundreds of millions")
    func s10Example() {
        #expect(TrackingNumber.make(carrierCode: "cpost", serviceType: .international, serial: 47_312_482)
                == "CA473124829CZ")
        #expect(TrackingNumber.make(carrierCode: "cpost", serviceType: .international, serial: 947_312_482)
                == "CJ473124829CZ")
        #expect(TrackingNumber.make(carrierCode: "cpost", serviceType: .international, serial: 1_847_312_482)
                == "CS473124829CZ")
    }

    @Test("gives consecutive serials distinct numbers")
    func distinctSerials() {
        for carrier in ["cpost", "ppl", "packeta", "dpd", "gls", "mpl"] {
            let numbers = (0..<50).map {
                TrackingNumber.make(carrierCode: carrier, serviceType: .homeDelivery, serial: 123_456_789 + UInt64($0))
            }
            #expect(Set(numbers).count == 50, "\(carrier)")
        }
    }
}
