/// Tells the CSV formats apart by their header row.
public enum CSVFormatSniffer {
    /// `code` with a Shoptet address or item column → Shoptet; `orderCode` → Consign; else nil.
    public static func detect(headerFields: [String]) -> OrderFormat? {
        let names = Set(headerFields.map { $0.trimmingSpaces().lowercased() })
        let shoptetMarkers = ["deliveryfullname", "billfullname", "itemname", "orderitemname"]
        if names.contains("code") && shoptetMarkers.contains(where: names.contains) { return .shoptetCSV }
        if names.contains("ordercode") { return .consignCSV }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
