import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation
import Testing

/// Reads back dataPacks generated at test time by the PyPI package `pohoda` (an independent
/// writer of POHODA XML), so the POHODA reader is not only checked against our own samples.
@Suite("POHODA dataPacks written by the PyPI package pohoda")
struct PohodaPackageTests {
    /// Generates two orders; writes `raw.xml` as the package wrote it and `repaired.xml` with the
    /// offer namespace of pohoda < 1.19 (header and items in `ofr:`) moved to the order namespace.
    static let script = #"""
        import sys, importlib.metadata
        from pohoda.Pohoda import Pohoda
        folder = sys.argv[1]
        pohoda = Pohoda('12345678', 'consign-test')
        first = pohoda.create_order({
            'orderType': 'receivedOrder', 'numberOrder': '2024000501', 'date': '2024-03-02',
            'text': 'Objednávka z e-shopu',
            'partnerIdentity': {'address': {'name': 'Jiří Šťastný', 'city': 'Žďár nad Sázavou',
                                            'street': 'Horní 4', 'zip': '591 01', 'country': 'CZ',
                                            'phone': '+420 601 123 456',
                                            'email': 'jiri@example.cz'}},
            'paymentType': {'paymentType': 'delivery'}, 'carrier': 'PPL'})
        first.add_item({'text': 'Hrnek', 'quantity': 2, 'payVAT': True, 'rateVAT': 'high',
                        'homeCurrency': {'unitPrice': 550}})
        pohoda.add_item('OBJ1', first)
        second = pohoda.create_order({
            'orderType': 'receivedOrder', 'numberOrder': '2024000502', 'date': '2024-03-02',
            'partnerIdentity': {'address': {'name': 'Kovács Ágnes', 'city': 'Budapest', 'street': 'Váci út 37',
                                            'zip': '1037', 'country': 'HU', 'mobilPhone': '06 20 123 4567'},
                                'shipToAddress': {'name': 'Kovács Ágnes', 'city': 'Győr',
                                                  'street': 'Baross Gábor út 12', 'zip': '9021'}},
            'paymentType': {'paymentType': 'creditcard'}, 'carrier': 'MPL házhoz'})
        pohoda.add_item('OBJ2', second)
        pohoda.write(folder + '/raw.xml')
        data = open(folder + '/raw.xml', 'rb').read()
        open(folder + '/repaired.xml', 'wb').write(data.replace(b'version_2/offer.xsd', b'version_2/order.xsd'))
        print(importlib.metadata.version('pohoda'))
        """#

    /// True when `python3` can import the `pohoda` package.
    static let isPackageAvailable: Bool = (try? python(["-c", "import pohoda.Pohoda"]).status) == 0

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(
        "a generated dataPack reads back with names, cities and COD; pohoda < 1.19 output is never misread",
        .enabled(
            if: isPackageAvailable,
            "needs python3 with the PyPI package pohoda (scripts/python-requirements.txt)"))
    func readsGeneratedDataPack() throws {
        let folder = try TempFolder()
        let scriptPath = try folder.write("make.py", text: Self.script)
        let run = try Self.python([scriptPath, folder.url.path])
        try #require(run.status == 0)
        let version = run.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
            .compactMap { Int($0) }
        let hasOfferNamespaceBug = version.lexicographicallyPrecedes([1, 19])

        let raw = try readAll(folder.url.appendingPathComponent("raw.xml").path)
        #expect(raw.count == 2)
        if hasOfferNamespaceBug {
            #expect(raw.allSatisfy { $0.orderCode.isEmpty && $0.issues.map(\.field) == ["orderCode"] })
        }

        let readable = hasOfferNamespaceBug ? "repaired.xml" : "raw.xml"
        let records = try readAll(folder.url.appendingPathComponent(readable).path)
        #expect(records.map(\.orderCode) == ["2024000501", "2024000502"])
        #expect(records.first?.recipient.name == "Jiří Šťastný")
        #expect(records.first?.recipient.city == "Žďár nad Sázavou")
        #expect(records.first?.isCashOnDelivery == true)
        #expect(records.first?.codAmount == 1100)
        #expect(records.last?.recipient.city == "Győr")
        #expect(records.last?.recipient.country == "HU")
        #expect(records.last?.recipient.phone == "06 20 123 4567")
        #expect(records.last?.shippingMethod == "MPL házhoz")
        #expect(records.last?.isCashOnDelivery == false)
    }
}
