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
    public static func mod37_36CheckCharacter(_ text: String) -> Character? {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*")
        var product = 36
        for character in text.uppercased() {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            product += value
            if product > 36 { product -= 36 }
            product *= 2
            if product >= 37 { product -= 37 }
        }
        product = 37 - product
        return product == 36 ? "0" : alphabet[product]
    }

    /// The GLS check digit of 11 digits: weights 3,1,3,1… from the left; 10 − ((Σ + 1) mod 10), 10→0.
    public static func glsCheckDigit(_ digits: String) -> Int? {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == 11, digits.count == 11 else { return nil }
        let sum = values.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 3 : 1) }
        let check = 10 - (sum + 1) % 10
        return check == 10 ? 0 : check
    }
}
