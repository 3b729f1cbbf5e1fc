import ConsignCore
import ConsignEngine
import ConsignFormats
import ConsignStore
import ConsignSupport
import Glibc

/// The `<file>.errors.txt` next to rejected originals in `error/`: one line per problem,
/// naming the line or element, the order and the field. Streamed to a hidden temp file
/// (`.<file>.errors.txt.pending`) as problems come, so memory does not grow with the file.
struct ErrorReport {
    let fileName: String
    let folder: String
    private var writer: AtomicFileWriter?
    private(set) var problemCount = 0

    /// A report for `fileName` in `folder`; a report staged by an earlier, interrupted attempt
    /// of the same file is dropped (its content would be written again anyway).
    init(fileName: String, folder: String, discardingStaged: Bool = false) {
        self.fileName = fileName
        self.folder = folder
        if discardingStaged { Self.discardStaged(fileName: fileName, in: folder) }
    }

    var reportName: String { OutputNames.report(fileName) }

    /// Adds every problem of a rejected order.
    mutating func add(order: OrderRecord, result: RegistrationResult) throws {
        let errors: [CoreError]
        switch result {
        case .rejected(let problems): errors = problems
        case .carrierRejected(_, let problem): errors = [problem]
        case .registered, .duplicate: return
        }
        for error in errors {
            try append("\(fileName), \(order.location), order \"\(order.orderCode)\", field \(error.instance): "
                       + "\(error.message) [\(error.code.rawValue)]")
        }
    }

    /// Adds a file-level failure.
    mutating func add(fileError: FormatError) throws {
        try append("\(fileError.description) [\(fileError.code.rawValue)]")
    }

    /// Says where reading stopped after a format error in a file committed in parts: every order
    /// up to `lastAnswered` (its code and place) is answered in the result file, the rest was not
    /// read.
    mutating func addStop(lastAnswered: (code: String, location: SourceLocation)?) throws {
        let answered = lastAnswered.map {
            "orders up to order \"\($0.code)\" at \($0.location) are answered in the result file"
        } ?? "no order of it is answered"
        try append("\(fileName): reading stopped at the error above; \(answered), the orders after it are not. "
                   + "Correct the file and send it again: orders already answered come back as duplicates "
                   + "[stopped]")
    }

    /// Says that an interrupted run committed the first `committedOrders` orders of a file now
    /// rejected, and how to have them answered.
    mutating func addInterrupted(committedOrders: Int) throws {
        try append("\(fileName): an interrupted run registered some of the first \(committedOrders) orders of this "
                   + "file; correct the problem above and drop the file again: those orders are then answered with "
                   + "the shipments already registered, and none is registered twice [interrupted]")
    }

    /// Says that an earlier read of this file, before it changed, committed `count` orders (the
    /// first of them `codes`), which stay registered although the file is now rejected as a whole.
    mutating func addChangedBefore(count: Int, codes: [String]) throws {
        let listed = codes.map { "\"\($0)\"" }.joined(separator: ", ") + (count > codes.count ? ", …" : "")
        try append("\(fileName): an earlier read of this file, before it changed, registered \(count) of its orders "
                   + "(\(listed)); they stay registered although the file is rejected: correct the file and drop it "
                   + "again, and each is answered with its shipment, or refused if the order now says something "
                   + "else (cancel that shipment to register the change) [changed-before]")
    }

    /// Says that the same content was rejected before under `firstName`, whose report says why.
    mutating func addRejectedBefore(firstName: String) throws {
        try append("\(fileName): the same content was rejected before as '\(firstName)' (see its report in this "
                   + "folder); correct the file and send it again [rejected-before]")
    }

    /// Appends one problem as one line.
    private mutating func append(_ problem: String) throws {
        var trimmed = Substring(problem)
        while trimmed.last?.isNewline == true { trimmed = trimmed.dropLast() }
        let line = OneLineText.escaped(String(trimmed)) + "\n"
        if writer == nil {
            writer = try AtomicFileWriter(directory: folder, name: reportName,
                                          temporaryName: OutputNames.stagedReport(fileName))
        }
        try writer?.write(line)
        problemCount += 1
    }

    /// Makes the staged report durable (nothing when there were no problems).
    mutating func stage() throws {
        try writer?.sync()
        writer?.keep()
    }

    /// Renames the staged report into place, or a report staged by a crashed run.
    mutating func publish() throws {
        if let writer {
            try writer.publish()
            return
        }
        let staged = "\(folder)/\(OutputNames.stagedReport(fileName))"
        if FileSystem.exists(staged) { try FileSystem.move(staged, to: "\(folder)/\(reportName)") }
    }

    /// Removes a report an interrupted attempt staged for `fileName`, if any.
    static func discardStaged(fileName: String, in folder: String) {
        _ = unlink("\(folder)/\(OutputNames.stagedReport(fileName))")
    }

    /// True when a crashed run left a staged report for `fileName`.
    static func isStaged(fileName: String, in folder: String) -> Bool {
        FileSystem.exists("\(folder)/\(OutputNames.stagedReport(fileName))")
    }
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
            // Each field once: two problems of one field (currency not given, not collected there) name it twice.
            var fields: [String] = []
            for problem in problems where !fields.contains(problem.instance) { fields.append(problem.instance) }
            row.field = fields.joined(separator: ", ")
            // "… collect CZK; No COD payout account ….", not "CZK.; No …"; a single message stays as it is.
            row.message = problems.enumerated().map { index, problem in
                index < problems.count - 1 && problem.message.hasSuffix(".")
                    ? String(problem.message.dropLast()) : problem.message
            }.joined(separator: "; ")
        case .carrierRejected(let record, let problem):
            fill(&row, record)
            row.errorCode = problem.code.rawValue
            row.field = problem.instance
            row.message = problem.message
        }
        return row
    }

    private static func fill(_ row: inout ResultRow, _ record: ShipmentRecord) {
        // Read in place: `let shipment = record.shipment` would copy (and retain) all of it.
        row.guid = record.shipment.guid
        row.carrierCode = record.shipment.carrierCode
        row.serviceCode = record.shipment.serviceCode
        row.status = record.shipment.status.rawValue
        row.trackingNumbers = record.shipment.packages.compactMap(\.trackingNumber)
        row.trackingUrl = record.shipment.packages.first?.trackingUrl
    }
}
