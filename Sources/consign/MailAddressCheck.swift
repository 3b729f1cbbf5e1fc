/// A quick shape check of e-mail addresses given on the command line (the mail module checks fully).
enum MailAddressCheck {
    static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), address.count <= 254 else { return false }
        return !address.unicodeScalars.contains {
            $0.value < 0x21 || $0.value > 0x7E || "<>,;\"".unicodeScalars.contains($0)
        }
    }
}
