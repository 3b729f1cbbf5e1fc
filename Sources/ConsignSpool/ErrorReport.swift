import ConsignCore
import ConsignEngine
import ConsignFormats
import ConsignStore
import ConsignSupport

/// The `<file>.errors.txt` next to rejected originals in `error/`: one line per problem,
/// naming the line or element, the order and the field. Streamed to a hidden temp file.
struct ErrorReport {
    let fileName: String
    private var writer: AtomicFileWriter?
    private var folder: String?
    private(set) var problemCount = 0

    init(fileName: String) { self.fileName = fileName }

    var reportName: String { "\(fileName).errors.txt" }

    /// Adds every problem of a rejected order.
    mutating func add(order: OrderRecord, result: RegistrationResult) {
        let errors: [CoreError]
        switch result {
        case .rejected(let problems): errors = problems
        case .carrierRejected(_, let problem): errors = [problem]
        case .registered, .duplicate: return
        }
        for error in errors {
            pending.append("\(fileName), \(order.location), order \"\(order.orderCode)\", field \(error.instance): "
                           + "\(error.message) [\(error.code.rawValue)]\n")
        }
    }

    /// Adds a file-level failure.
    mutating func add(fileError: FormatError) {
        pending.append("\(fileError.description) [\(fileError.code.rawValue)]\n")
    }

    private var pending: [String] = [] {
        didSet { problemCount = pending.count }
    }

    /// Writes the collected lines to the hidden temp file and fsyncs it (nothing when empty).
    mutating func stage(in folder: String) throws {
        guard !pending.isEmpty else { return }
        let writer = try AtomicFileWriter(directory: folder, name: reportName,
                                          temporaryName: ErrorReport.temporaryName(fileName))
        for line in pending { try writer.write(line) }
        try writer.sync()
        self.writer = writer
        self.folder = folder
    }

    /// Renames the staged report into place, or a report staged by a crashed run.
    mutating func publish(in folder: String) throws {
        if let writer {
            try writer.publish()
            return
        }
        let staged = "\(folder)/\(ErrorReport.temporaryName(fileName))"
        if FileSystem.exists(staged) { try FileSystem.move(staged, to: "\(folder)/\(reportName)") }
    }

    /// True when a crashed run left a staged report for `fileName`.
    static func isStaged(fileName: String, in folder: String) -> Bool {
        FileSystem.exists("\(folder)/\(temporaryName(fileName))")
    }

    static func temporaryName(_ fileName: String) -> String { ".\(fileName).errors.txt.pending" }
}

/// Builds result rows from registration results.
enum ResultRows {
    static func make(_ order: OrderRecord, _ result: RegistrationResult) -> ResultRow {
        var row = ResultRow(orderCode: order.orderCode, location: order.location, outcome: .rejected)
        switch result {
        case .registered(let record):
            fill(&row, record)
            row.outcome = .registered
        case .duplicate(let record):
            fill(&row, record)
            row.outcome = .duplicate
            row.message = "order already has shipment \(record.shipment.guid)"
        case .rejected(let problems):
            row.errorCode = problems.first?.code.rawValue
            row.field = problems.map(\.instance).joined(separator: ", ")
            row.message = problems.map(\.message).joined(separator: "; ")
        case .carrierRejected(let record, let problem):
            fill(&row, record)
            row.errorCode = problem.code.rawValue
            row.field = problem.instance
            row.message = problem.message
        }
        return row
    }

    private static func fill(_ row: inout ResultRow, _ record: ShipmentRecord) {
        let shipment = record.shipment
        row.guid = shipment.guid
        row.carrierCode = shipment.carrierCode
        row.serviceCode = shipment.serviceCode
        row.status = shipment.status.rawValue
        row.trackingNumbers = shipment.packages.compactMap(\.trackingNumber)
        row.trackingUrl = shipment.packages.first?.trackingUrl
    }
}
