import Foundation
import Testing

@Suite("Query and lifecycle commands of the built binary", .serialized)
struct QueryCommandTests {
    static let t0 = "2026-12-04T08:00:00+0000"
    static let t1 = "2026-12-04T09:00:00+0000"
    static let t2 = "2026-12-04T12:00:00+0000"

    func spoolWithOrders(_ rows: [String]) throws -> ConsignProcess {
        let consign = try ConsignProcess()
        try consign.drop("orders.csv", SampleOrders.csv(rows))
        let run = try consign.run(["run"], now: Self.t0)
        #expect(run.status == 0, "\(run.stderr)")
        return consign
    }

    func guids(_ consign: ConsignProcess) throws -> [String] {
        let list = try consign.run(["shipments", "--json", "--items-per-page", "1000"]).json()
        let items = try #require((list["data"] as? [String: Any])?["items"] as? [[String: Any]])
        return items.compactMap { $0["guid"] as? String }
    }

    @Test("shipments --json pages with Shoptet's paginator")
    func paging() throws {
        let consign = try spoolWithOrders((1...7).map { SampleOrders.valid("P-\($0)") })
        let page = try consign.run(["shipments", "--json", "--items-per-page", "3", "--page", "3"]).json()
        let data = try #require(page["data"] as? [String: Any])
        #expect(page["errors"] is NSNull)
        #expect((data["items"] as? [Any])?.count == 1)
        let paginator = try #require(data["paginator"] as? [String: Any])
        #expect(paginator["totalCount"] as? Int == 7)
        #expect(paginator["pageCount"] as? Int == 3)
        #expect(paginator["page"] as? Int == 3)
        #expect(paginator["itemsOnPage"] as? Int == 1)
        #expect(paginator["itemsPerPage"] as? Int == 3)
    }

    @Test("--order finds an order written as the import keeps it: spaces around, Ž composed or decomposed")
    func orderAsImported() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("\u{017D}001"), SampleOrders.valid("9")])
        for typed in ["Z\u{030C}001", " \u{017D}001 ", "\u{00A0}9", "9 "] {
            let page = try consign.run(["shipments", "--json", "--order", typed]).json()
            let paginator = (page["data"] as? [String: Any])?["paginator"] as? [String: Any]
            #expect(paginator?["totalCount"] as? Int == 1, "\(typed.debugDescription)")
        }
    }

    @Test("the detail renders each package's ZPL label the same on every read; the listing leaves labels out")
    func labelsInDetailNotInList() throws {
        let consign = try spoolWithOrders((1...3).map { SampleOrders.valid("Z-\($0)") })
        let items = try page(consign, ["--items-per-page", "10"]).items
        #expect(items.count == 3)
        for item in items {
            let guid = try #require(item["guid"] as? String)
            let listed = try #require((item["packages"] as? [[String: Any]])?.first)
            #expect(listed["labelZpl"] is NSNull)
            let tracking = try #require(listed["trackingNumber"] as? String)
            let label = try #require(try detailLabel(consign, guid))
            #expect(label.hasPrefix("^XA") && label.contains("^FD\(tracking)^FS"))
            #expect(try detailLabel(consign, guid) == label)
        }
    }

    func detailLabel(_ consign: ConsignProcess, _ guid: String) throws -> String? {
        let detail = try consign.run(["shipment", guid, "--json"]).json()
        let packages = (detail["data"] as? [String: Any])?["packages"] as? [[String: Any]]
        return packages?.first?["labelZpl"] as? String
    }

    @Test("--status and --carrier ignore case; an unknown status is a usage error")
    func filterCase() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("C-1"), SampleOrders.valid("C-2")])
        #expect(try page(consign, ["--status", "CREATED", "--carrier", "PPL"]).items.count == 2)
        #expect(try consign.run(["shipments", "--status", "shipped"]).status == 64)
        let unknown = try consign.run(["shipments", "--carrier", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\"nope\" not found"))
        #expect(try page(consign, ["--carrier", "gls"]).items.isEmpty)
    }

    @Test("mailq --retry with an unknown report id is a refused query: exit 1 and a message naming the id")
    func retryUnknownReport() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("R-1")])
        let output = try consign.run(["mailq", "--retry", "99"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("no report with id 99"))
    }

    static let itemKeys: Set<String> = [
        "carrierCode", "changeTime", "cod", "creationTime", "guid", "note", "orderCode", "packages", "pickupPointId",
        "recipient", "sender", "serviceCode", "shipmentType", "status", "value", "variableSymbol",
    ]

    func page(_ consign: ConsignProcess, _ options: [String]) throws
        -> (items: [[String: Any]], paginator: [String: Any])
    {
        let output = try consign.run(["shipments", "--json"] + options)
        #expect(output.status == 0, "\(output.stderr)")
        let data = try #require(try output.json()["data"] as? [String: Any])
        return (try #require(data["items"] as? [[String: Any]]), try #require(data["paginator"] as? [String: Any]))
    }

    @Test("filtered pages hold exactly the matching shipments in order, with every field and the right paginator")
    func filteredPages() throws {
        let methods = ["PPL", "DPD", "PPL", "GLS"]
        let consign = try spoolWithOrders((1...14).map { SampleOrders.valid("F-\($0)", method: methods[$0 % 4]) })
        let all = try page(consign, ["--items-per-page", "1000"]).items
        #expect(all.count == 14)
        let cancelled = try #require(all.filter { $0["carrierCode"] as? String == "ppl" }.dropFirst().first)
        let guid = try #require(cancelled["guid"] as? String)
        #expect(try consign.run(["cancel", guid], now: Self.t0).status == 0)

        let cases: [([String], (String, String) -> Bool)] = [
            (["--carrier", "PPL"], { carrier, _ in carrier == "ppl" }),
            (["--status", "created"], { _, status in status == "created" }),
            (["--status", "created", "--carrier", "ppl"], { carrier, status in
                carrier == "ppl" && status == "created"
            }),
            (["--status", "cancel_requested"], { _, status in status == "cancel_requested" }),
            (["--carrier", "dpd", "--status", "delivered"], { _, _ in false }),
        ]
        let fresh = try page(consign, ["--items-per-page", "1000"]).items
        for (filter, keep) in cases {
            let expected = fresh.filter { keep($0["carrierCode"] as? String ?? "", $0["status"] as? String ?? "") }
                .compactMap { $0["guid"] as? String }
            var seen: [String] = []
            for number in 1...3 {
                let (items, paginator) = try page(consign, filter + ["--items-per-page", "3", "--page", "\(number)"])
                seen += items.compactMap { $0["guid"] as? String }
                #expect(items.allSatisfy { Set($0.keys) == Self.itemKeys }, "\(filter)")
                #expect(paginator["totalCount"] as? Int == expected.count, "\(filter)")
                #expect(paginator["pageCount"] as? Int == max(1, (expected.count + 2) / 3))
                #expect(paginator["itemsOnPage"] as? Int == items.count)
                #expect(paginator["page"] as? Int == number)
            }
            #expect(seen == Array(expected.prefix(9)), "\(filter)")
        }
        let sample = try #require(fresh.first)
        #expect((sample["recipient"] as? [String: Any])?["name"] as? String == "Jana Nováková")
        #expect(((sample["packages"] as? [[String: Any]])?.first?["weight"] as? Double) == 2.5)
        #expect(sample["note"] is NSNull)
    }

    @Test("shipment GUID --json shows packages, tracking and history; an unknown GUID is a Shoptet error")
    func detail() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("S-1", cod: "500")])
        let guid = try #require(try guids(consign).first)
        let detail = try consign.run(["shipment", guid, "--json"]).json()
        let data = try #require(detail["data"] as? [String: Any])
        #expect(data["guid"] as? String == guid)
        #expect((data["cod"] as? [String: Any])?["value"] as? String == "500.00")
        let history = try #require(data["history"] as? [[String: Any]])
        #expect(history.map { $0["toStatus"] as? String } == ["requested", "created"])
        let package = try #require((data["packages"] as? [[String: Any]])?.first)
        #expect((package["trackingNumber"] as? String)?.count == 11)

        let missing = try consign.run(["shipment", "00000000-0000-0000-0000-000000000000", "--json"])
        #expect(missing.status == 1)
        let errors = try #require(try missing.json()["errors"] as? [[String: Any]])
        #expect(errors.first?["errorCode"] as? String == "shipment-not-found")
    }

    @Test("options lists every service with the reasons it does not fit")
    func options() throws {
        let consign = try spoolWithOrders([
            "W-1;PPL;;Jana Nováková;Dlouhá 12;Praha 1;110 00;CZ;601123456;;25;;CZK",
        ])
        let output = try consign.run(["options", "W-1"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("weight 25 kg over"))
        let json = try consign.run(["options", "W-1", "--json"]).json()
        let options = try #require((json["data"] as? [String: Any])?["shippingOptions"] as? [[String: Any]])
        #expect(options.contains { $0["eligible"] as? Bool == true })
        #expect(options.contains { $0["eligible"] as? Bool == false })
    }

    @Test("carriers --type filters and carrier packeta pickup_point --lang hu answers in Hungarian")
    func carriers() throws {
        let consign = try ConsignProcess()
        let all = try consign.run(["carriers", "--json"]).json()
        let pickup = try consign.run(["carriers", "--type", "pickup_point", "--json"]).json()
        let express = try consign.run(["carriers", "--type", "express", "--json"]).json()
        let count = { (json: [String: Any]) in ((json["data"] as? [String: Any])?["carriers"] as? [Any])?.count ?? -1 }
        #expect(count(all) >= 6)
        #expect(count(express) < count(all))
        #expect(count(pickup) >= 5)

        let hungarian = try consign.run(["carrier", "packeta", "pickup_point", "--lang", "hu", "--json"]).json()
        let english = try consign.run(["carrier", "packeta", "pickup_point", "--lang", "en", "--json"]).json()
        let name = { (json: [String: Any]) in
            ((json["data"] as? [String: Any])?["service"] as? [String: Any])?["name"] as? String
        }
        #expect(name(hungarian) != nil)
        #expect(name(hungarian) != name(english))
        let bad = try consign.run(["carrier", "packeta", "teleport"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("Error:"))
    }

    @Test("cancel then run with the sandbox clock moved on shows canceled and a shipment:fail event")
    func cancelFlow() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("C-1")])
        let guid = try #require(try guids(consign).first)
        let cancel = try consign.run(["cancel", guid], now: Self.t0)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(try consign.run(["run"], now: Self.t1).status == 0)
        let detail = try consign.run(["shipment", guid, "--json"]).json()
        #expect((detail["data"] as? [String: Any])?["status"] as? String == "canceled")
        let events = try consign.events().filter { $0["eventInstance"] as? String == guid }
        #expect(events.map { $0["event"] as? String } == ["shipment:create", "shipment:update", "shipment:fail"])
        #expect(events.map { $0["sequence"] as? Int } == [1, 2, 3])
    }

    @Test("close ppl then run shows closed, later in_transit, and writes the handover protocol")
    func closeFlow() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("K-1", cod: "100"), SampleOrders.valid("K-2")])
        let close = try consign.run(["close", "ppl"], now: Self.t0)
        #expect(close.status == 0, "\(close.stderr)")
        #expect(try consign.run(["status"]).stdout.contains("close batches waiting for the carrier: ppl #1"))
        #expect(try consign.run(["run"], now: Self.t0.replacingOccurrences(of: "08:00", with: "08:20")).status == 0)
        let closed = try consign.run(["shipments", "--status", "closed", "--json"]).json()
        #expect(((closed["data"] as? [String: Any])?["items"] as? [Any])?.count == 2)
        #expect(consign.list("out/handover").filter { $0.hasSuffix(".pdf") }.count == 1)
        #expect(consign.list("out/handover").filter { $0.hasSuffix(".csv") }.count == 1)

        #expect(try consign.run(["run"], now: Self.t2).status == 0)
        let moving = try consign.run(["shipments", "--status", "in_transit", "--json"]).json()
        #expect(((moving["data"] as? [String: Any])?["items"] as? [Any])?.count == 2)
        let tracking = consign.list("out/tracking")
        #expect(tracking.count >= 2)

        // The next day's close from cron finds nothing open: a success, not an error mail.
        let idle = try consign.run(["close", "ppl"], now: Self.t2)
        #expect(idle.status == 0, "\(idle.stderr)")
        #expect(idle.stdout.contains("no open shipments for ppl; nothing to close") && idle.stderr.isEmpty)
        let idleJSON = try consign.run(["close", "ppl", "--json"], now: Self.t2)
        #expect((try idleJSON.json()["data"] as? [String: Any])?["shipments"] as? Int == 0)
        #expect(try consign.run(["close", "nosuch"], now: Self.t2).status == 1)
    }

    @Test("status counts files waiting and shipments by status")
    func status() throws {
        let consign = try spoolWithOrders([SampleOrders.valid("T-1")])
        let status = try consign.run(["status", "--json"]).json()
        let data = try #require(status["data"] as? [String: Any])
        #expect(data["filesWaiting"] as? Int == 0)
        #expect((data["shipmentsByStatus"] as? [String: Any])?["created"] as? Int == 1)
    }
}
