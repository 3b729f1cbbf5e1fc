import ConsignCarriers
import ConsignCore
import Foundation
import Testing

@Suite("The bundled carrier catalogue")
struct CatalogueTests {
    static let languages = ["cs", "sk", "hu", "pl", "en", "de"]

    @Test("loads from the bundle with every carrier")
    func loadsEveryCarrier() throws {
        let catalogue = try Fixtures.catalogue()
        #expect(catalogue.carriers.map(\.code) == ["cpost", "ppl", "packeta", "dpd", "gls", "mpl"])
        #expect(catalogue.carrier("110")?.code == "ppl")
        #expect(catalogue.carrier("PPL")?.name == "PPL")
    }

    @Test("has names and descriptions in all six languages")
    func hasAllLanguages() throws {
        for carrier in try Fixtures.catalogue().carriers {
            #expect(Set(carrier.descriptions.keys).isSuperset(of: Self.languages), "\(carrier.code)")
            for service in carrier.services {
                #expect(Set(service.names.keys).isSuperset(of: Self.languages), "\(service.code)")
                #expect(Set(service.descriptions.keys).isSuperset(of: Self.languages), "\(service.code)")
                #expect(service.names.values.allSatisfy { !$0.isEmpty })
            }
        }
    }

    @Test("offers the services of the brief", arguments: [
        ("cpost", [ServiceType.homeDelivery, .postOffice, .pickupPoint, .locker]),
        ("ppl", [.homeDelivery, .pickupPoint, .locker]),
        ("packeta", [.pickupPoint, .locker, .homeDelivery]),
        ("dpd", [.homeDelivery, .pickupPoint, .express]),
        ("gls", [.homeDelivery, .pickupPoint]),
        ("mpl", [.homeDelivery, .postOffice, .pickupPoint, .locker]),
    ])
    func offersServices(code: String, types: [ServiceType]) throws {
        let carrier = try #require(try Fixtures.catalogue().carrier(code))
        for type in types {
            #expect(carrier.service(ofType: type) != nil, "\(code) \(type)")
        }
        #expect(carrier.trackingUrl(for: "X1").contains("X1"))
    }

    @Test("keeps decimal limits exact")
    func keepsDecimalsExact() throws {
        let catalogue = try Fixtures.catalogue()
        let ppl = try #require(catalogue.carrier("ppl")?.service(ofType: .homeDelivery))
        #expect(ppl.maxWeight == Decimal(string: "31.5"))
        #expect(ppl.maxWeight.fixed(decimals: 3) == "31.500")
        let gls = try #require(catalogue.carrier("gls")?.service(ofType: .homeDelivery))
        #expect(gls.codMaximum["EUR"] == Decimal(string: "1659.04"))
        let packeta = try #require(catalogue.carrier("packeta")?.service(ofType: .pickupPoint))
        #expect(packeta.codMaximum == ["CZK": 20000, "EUR": 700, "HUF": 220000, "RON": 3500])
    }

    @Test("round-trips 31.5 through JSON text exactly")
    func roundTripsThroughJSON() throws {
        let service = CarrierService(code: "x", type: .locker, countries: ["CZ"], maxWeight: Decimal(string: "31.5")!,
                                     codMaximum: ["EUR": Decimal(string: "2655.51")!])
        let decoded = try JSONDecoder().decode(CarrierService.self, from: JSONEncoder().encode(service))
        #expect(decoded == service)
    }

    @Test("reads limits written as strings or numbers")
    func readsStringsAndNumbers() throws {
        let json = """
            [{"id": 1, "code": "Test", "name": "Test", "trackingUrlTemplate": "https://t/{trackingNumber}",
              "services": [{"code": "t-home", "type": "home_delivery", "countries": ["cz"], "maxWeight": "31.5",
                            "maxGirth": 300, "codMaximum": {"czk": "1290.50", "EUR": 700.25}}]}]
            """
        let catalogue = try CatalogueLoader.decode(Data(json.utf8), source: "test.json")
        let service = try #require(catalogue.carrier("test")?.services.first)
        #expect(service.maxWeight == Decimal(string: "31.5"))
        #expect(service.maxGirth == 300)
        #expect(service.codMaximum == ["CZK": Decimal(string: "1290.50")!, "EUR": Decimal(string: "700.25")!])
        #expect(service.countries == ["CZ"])
        #expect(service.requiresPhone)
    }

    @Test("names the field of a malformed catalogue")
    func namesMalformedField() {
        let json = #"""
            [{"id": 1, "code": "t", "name": "T", "trackingUrlTemplate": "{trackingNumber}",
              "services": [{"code": "s", "type": "drone", "countries": ["CZ"], "maxWeight": 1}]}]
            """#
        #expect {
            try CatalogueLoader.decode(Data(json.utf8), source: "bad.json")
        } throws: { error in
            let error = error as? CarrierError
            return error?.code == .malformed && error?.source == "bad.json" && error?.field == "[0].services.[0].type"
        }
    }

    @Test("refuses inconsistent catalogues", arguments: [
        #"[{"id": 1, "code": "t", "name": "T", "trackingUrlTemplate": "https://t/", "services": []}]"#,
        #"[{"id": 1, "code": "t", "name": "T", "trackingUrlTemplate": "{trackingNumber}", "services": []}, "#
            + #"{"id": 2, "code": "T", "name": "T", "trackingUrlTemplate": "{trackingNumber}", "services": []}]"#,
        #"[{"id": 1, "code": "t", "name": "T", "trackingUrlTemplate": "{trackingNumber}", "services": "#
            + #"[{"code": "s", "type": "locker", "countries": ["CZ"], "maxWeight": 0}]}]"#,
    ])
    func refusesInconsistent(json: String) {
        #expect {
            try CatalogueLoader.decode(Data(json.utf8), source: "bad.json")
        } throws: { error in
            (error as? CarrierError)?.code == .inconsistent
        }
    }

    @Test("loads a replacement catalogue from a file and reports an unreadable one")
    func loadsFromFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carriers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("carriers.json")
        let bundled = try Fixtures.catalogue()
        try JSONEncoder().encode(Array(bundled.carriers.prefix(2))).write(to: file)

        let loaded = try CatalogueLoader.load(contentsOf: file)
        #expect(loaded.carriers == Array(bundled.carriers.prefix(2)))
        #expect {
            try CatalogueLoader.load(contentsOf: folder.appendingPathComponent("missing.json"))
        } throws: { error in
            (error as? CarrierError)?.code == .unreadable
        }
    }

    @Test("a service is found by code or type in any letter case; an unknown name is not",
          arguments: [("home_delivery", "ppl-private"), ("HOME_DELIVERY", "ppl-private"),
                      ("PPL-Private", "ppl-private"), ("Pickup_Point", "ppl-parcelshop"),
                      ("ppl-parcelbox", "ppl-parcelbox"), ("courier", nil)])
    func serviceNamedInAnyCase(name: String, code: String?) throws {
        let ppl = try #require(try Fixtures.catalogue().carrier("ppl"))
        #expect(ppl.service(named: name)?.code == code)
    }
}

