import ConsignFormats
import ConsignXML

/// Opens an input file with the reader its content calls for (XML root element or CSV header).
struct OrderFileOpener {
    let settings: SpoolSettings

    /// The reader for `path`; throws a file-level `FormatError` when no format fits.
    func open(path: String, fileName: String) throws(FormatError) -> any OrderReader {
        var options = settings.readerOptions
        options.pinnedEncoding = settings.encodingPins.first { $0.matches(fileName) }?.encoding
        if let reader = try XMLOrderReaders.open(path: path, fileName: fileName, options: options) { return reader }
        if let reader = try CSVOrderReaders.open(path: path, fileName: fileName, options: options) { return reader }
        let known = OrderFormat.allCases.map(\.displayName).joined(separator: "; ")
        throw FormatError(.unknownFormat, file: fileName, "not a format Consign reads. Consign reads: \(known)")
    }

    /// The result writer for an input of `dialect`: CSV in → CSV out, XML in → XML out.
    static func resultWriter(for dialect: FileDialect) -> any ResultWriter {
        switch dialect.format.family {
        case .csv: CSVResultWriter(dialect: dialect)
        case .xml: XMLResultWriter(dialect: dialect)
        }
    }

    /// The result file's name: `orders.csv` → `orders.result.csv`, `orders.xml` → `orders.result.xml`;
    /// an input whose extension is not its family's keeps it (`orders.txt` → `orders.txt.result.csv`),
    /// so `z.csv` and `z.txt` never share a result file. A name too long to build on is shortened
    /// first (`OutputNames`).
    static func resultFileName(for inputName: String, family: FileFamily) -> String {
        let suffix = "." + family.rawValue
        let name = OutputNames.base(inputName)
        let stem = name.lowercased().hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
        return "\(stem).result.\(family.rawValue)"
    }
}
