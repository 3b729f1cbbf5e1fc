// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode and explicit existentials.
/// Release builds leave out the run-time exclusivity checks (a call into the runtime for every
/// access to a class's stored property or a global): the compile-time checks stay, and debug
/// builds, which the tests run, keep the run-time ones.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Consign",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "consign", targets: ["consign"]),
    ],
    targets: [
        // C libraries from Debian, one system-library target each (module map + shim header only).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo"),

        // Shared plumbing: logging, clock, system calls, atomic file output.
        .target(name: "ConsignSupport", dependencies: ["COpenSSL"], swiftSettings: strict),
        // The domain: shipments, statuses, events, validation, eligibility. No I/O.
        .target(name: "ConsignCore", dependencies: ["ConsignSupport"], swiftSettings: strict),
        // Carrier catalogue (bundled data) and the sandbox carrier network.
        .target(
            name: "ConsignCarriers", dependencies: ["ConsignCore"],
            resources: [.copy("Resources/carriers.json")], swiftSettings: strict),
        // SQLite store: schema, migrations, queries. The only importer of sqlite3.
        .target(name: "ConsignStore", dependencies: ["ConsignCore", "CSQLite"], swiftSettings: strict),
        // File formats: encodings, CSV readers and result writers.
        .target(name: "ConsignFormats", dependencies: ["ConsignCore"], swiftSettings: strict),
        // XML readers over libxml2's streaming reader. The only importer of libxml2.
        .target(name: "ConsignXML", dependencies: ["ConsignFormats", "CLibXML2"], swiftSettings: strict),
        // The shipment operations: the seed API's nine calls over store and carrier gateway.
        .target(
            name: "ConsignEngine", dependencies: ["ConsignCore", "ConsignStore", "ConsignCarriers"],
            swiftSettings: strict),
        // Handover protocols: CSV and PDF (cairo).
        .target(name: "ConsignHandover", dependencies: ["ConsignCore", "CCairo"], swiftSettings: strict),
        // MIME messages and the SMTP client (own code over sockets, OpenSSL for TLS).
        .target(name: "ConsignMail", dependencies: ["ConsignSupport", "COpenSSL"], swiftSettings: strict),
        // The spool pipeline: claim, parse, register, write results, archive, watch.
        .target(
            name: "ConsignSpool",
            dependencies: ["ConsignEngine", "ConsignFormats", "ConsignXML", "ConsignHandover", "ConsignMail"],
            swiftSettings: strict),
        // Thin executable: arguments, config, wiring, exit codes. Linked with Debian's mimalloc,
        // which takes over malloc and free for the whole process (Swift's runtime, SQLite, libxml2):
        // orders are made on the reading thread and freed on the store thread, which glibc's
        // allocator serves through its arena locks; mimalloc frees them to their own page without
        // one (10-20 % of a run's wall time, docs/PERFORMANCE.md).
        .executableTarget(
            name: "consign", dependencies: ["ConsignSpool"], swiftSettings: strict,
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]),

        .testTarget(name: "ConsignCoreTests", dependencies: ["ConsignCore"], swiftSettings: strict),
        .testTarget(name: "ConsignCarriersTests", dependencies: ["ConsignCarriers"], swiftSettings: strict),
        .testTarget(name: "ConsignStoreTests", dependencies: ["ConsignStore"], swiftSettings: strict),
        .testTarget(name: "ConsignFormatsTests", dependencies: ["ConsignFormats"], swiftSettings: strict),
        .testTarget(name: "ConsignXMLTests", dependencies: ["ConsignXML"], swiftSettings: strict),
        .testTarget(name: "ConsignEngineTests", dependencies: ["ConsignEngine"], swiftSettings: strict),
        .testTarget(name: "ConsignHandoverTests", dependencies: ["ConsignHandover"], swiftSettings: strict),
        // Test support shared by test targets: a real SMTP server (aiosmtpd) on loopback.
        .target(name: "ConsignTestSupport", path: "Tests/Support", swiftSettings: strict),
        .testTarget(
            name: "ConsignMailTests", dependencies: ["ConsignMail", "ConsignTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ConsignSpoolTests",
            dependencies: ["ConsignSpool", "ConsignEngine", "ConsignCarriers", "ConsignFormats", "ConsignHandover"],
            swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["ConsignTestSupport"], swiftSettings: strict),
    ]
)
