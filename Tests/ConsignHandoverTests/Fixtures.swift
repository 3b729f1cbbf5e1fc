import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

/// Batches, temp folders and the poppler command-line tools shared by the suites.
enum Fixtures {
    /// 2026-12-04 16:30:00 UTC.
    static let acknowledgedAt = Date(timeIntervalSince1970: 1_796_401_800)

    /// Every Czech, Slovak, Hungarian and Polish letter with a diacritic that the brief names.
    static let diacritics =
        "ěščřžýáíéůúťďň ĚŠČŘŽ ľĺŕô őű ŐŰ ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"

    /// A batch of `parcels` rows with a fixed protocol number.
    static func batch(_ parcels: [HandoverParcel], isDemo: Bool = false) -> HandoverBatch {
        HandoverBatch(
            id: 42, carrierCode: "ppl", carrierName: "PPL CZ", protocolNumber: "PPL-2026-000417",
            requestedAt: acknowledgedAt.addingTimeInterval(-600), acknowledgedAt: acknowledgedAt,
            sender: Address(
                name: "Jiří Dvořák", company: "Žluťoučký kůň s.r.o.", street: "Křižíkova 148/34",
                city: "Praha 8", zip: "186 00", countryCode: "CZ"),
            codPayoutAccount: PayoutAccount(number: "19-2000145399/0800", isDemo: isDemo),
            parcels: parcels)
    }

    /// A single-piece parcel with the given fields and plain defaults for the rest.
    static func parcel(
        _ tracking: String, order: String, name: String = "Jana Nováková", city: String = "Brno",
        country: String = "CZ", weight: Decimal? = 1.5, cod: Money? = nil, declaredValue: Money? = nil,
        piece: Int = 1, of pieceCount: Int = 1
    ) -> HandoverParcel {
        HandoverParcel(
            trackingNumber: tracking, orderCode: order, variableSymbol: order.filter(\.isNumber),
            recipientName: name, zip: "602 00", city: city, countryCode: country,
            serviceCode: "ppl-home-delivery", serviceName: "PPL Parcel", pieceIndex: piece,
            pieceCount: pieceCount, weight: weight, cod: cod, declaredValue: declaredValue)
    }

    /// `count` single-piece parcels with tracking numbers `TRK000001`…, COD in CZK on odd rows.
    static func numberedParcels(_ count: Int) -> [HandoverParcel] {
        (1...count).map { index in
            parcel(
                String(format: "TRK%06d", index), order: "OBJ\(index)", weight: 2,
                cod: index % 2 == 1 ? Money(100, "CZK") : nil)
        }
    }

    /// Runs `body` with a new empty folder under the system temp folder, removed afterwards.
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("consign-handover-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}

/// Runs the poppler command-line tools the PDF tests read their results with.
enum Poppler {
    /// Where the tools are looked for; the setup script installs poppler-utils from Debian.
    static let searchPath = ["/usr/bin", "/usr/local/bin", "/bin"]

    /// The tool's standard output for `arguments`; fails the test clearly when it is missing.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        guard
            let executable = searchPath.map({ "\($0)/\(tool)" })
                .first(where: FileManager.default.isExecutableFile(atPath:))
        else {
            Issue.record("\(tool) not found in \(searchPath): install poppler-utils (scripts/debian-packages.txt)")
            throw PopplerMissing(tool: tool)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of the PDF at `path`, keeping its layout.
    static func text(of path: String) throws -> String {
        try run("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
    }

    /// The page count `pdfinfo` reports.
    static func pageCount(of path: String) throws -> Int? {
        let info = try run("pdfinfo", [path])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// Thrown after recording the issue, so that the test stops.
    struct PopplerMissing: Error {
        let tool: String
    }
}
