import Foundation

extension TrackingNumber {
    /// The UPU S10 check digit of 8 serial digits: weights 8,6,4,2,3,5,9,7; 11 − (S mod 11); 10→0, 11→5.
    public static func s10CheckDigit(_ serial: String) -> Int? {
        let values = serial.compactMap(\.wholeNumberValue)
        guard values.count == 8, serial.count == 8 else { return nil }
        let sum = zip(values, [8, 6, 4, 2, 3, 5, 9, 7]).reduce(0) { $0 + $1.0 * $1.1 }
        switch 11 - sum % 11 {
        case 10: return 0
        case 11: return 5
        case let check: return check
        }
    }

    /// The ISO 7064 Mod 37,36 check character (alphabet `0-9A-Z*`) that DPD appends to a parcel number.
    /// Lower-case letters count as upper-case; any other character (non-ASCII included) gives nil.
    public static func mod37_36CheckCharacter(_ text: String) -> Character? {
        var product = 36
        for byte in text.utf8 {
            let value = mod37Values[Int(byte)]
            guard value >= 0 else { return nil }
            product += Int(value)
            if product > 36 { product -= 36 }
            product *= 2
            if product >= 37 { product -= 37 }
        }
        product = 37 - product
        return product == 36 ? "0" : Character(Unicode.Scalar(mod37Alphabet[product]))
    }

    private static let mod37Alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*".utf8)

    /// Each byte's value in the Mod 37,36 alphabet (lower-case letters as upper-case), −1 outside it.
    private static let mod37Values: [Int8] = (0..<256).map { byte in
        let upper = (97...122).contains(byte) ? byte - 32 : byte
        return mod37Alphabet.firstIndex(of: UInt8(upper)).map { Int8($0) } ?? -1
    }

    /// The GLS check digit of 11 digits: weights 3,1,3,1… from the left; 10 − ((Σ + 1) mod 10), 10→0.
    public static func glsCheckDigit(_ digits: String) -> Int? {
        guard digits.utf8.count == 11, digits.utf8.allSatisfy(isDigit) else { return nil }
        let sum = digits.utf8.enumerated().reduce(0) { $0 + Int($1.element - 48) * ($1.offset % 2 == 0 ? 3 : 1) }
        let check = 10 - (sum + 1) % 10
        return check == 10 ? 0 : check
    }
}
