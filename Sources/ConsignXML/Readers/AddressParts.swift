import Foundation
import ConsignCore
import ConsignSupport

/// Address fields gathered from one address element of an ERP file (billing, delivery…).
struct AddressParts {
    var name: String?
    var company: String?
    var street: String?
    var houseNumber: String?
    var city: String?
    var zip: String?
    var country: String?
    var countryCode: String?
    var phone: String?
    var mobilPhone: String?
    var email: String?

    /// True when the block gives any of street, city or zip.
    var hasPlace: Bool { street != nil || city != nil || zip != nil }

    /// The raw address: the place (street, house number, city, zip) as one block from `self` when
    /// it gives any of street, city or zip, else from `fallback`, and the company and country
    /// with it (the billing firm is not at a delivery address of its own, nor is a Brno delivery
    /// in the billing Slovakia); name, phone and e-mail field by field. Taking the place field by
    /// field made addresses that do not exist (a delivery city with the billing street and zip).
    /// `home` is the country the ERP leaves out for domestic addresses (see `DeliveryCountry`).
    func rawAddress(fallback: AddressParts = AddressParts(), home: String? = nil) -> RawAddress {
        let hasOwnPlace = hasPlace
        let place = hasOwnPlace ? self : fallback
        return RawAddress(
            name: name ?? fallback.name, company: hasOwnPlace ? company : company ?? fallback.company,
            street: place.street, houseNumber: place.houseNumber, city: place.city, zip: place.zip,
            country: place.countryCode ?? place.country ?? (hasOwnPlace
                ? DeliveryCountry.resolve(zip: zip, other: fallback.countryCode ?? fallback.country, home: home,
                                          samePlace: street == fallback.street && city == fallback.city
                                              && zip == fallback.zip)
                : fallback.hasPlace ? home : nil),
            phone: phone ?? fallback.phone, email: email ?? fallback.email)
    }
}

/// Number parsing shared by the XML formats: a bad number becomes a `FieldIssue`.
enum FieldNumber {
    /// Parses a decimal written with a dot or a comma; records an issue naming `field` if it is not one.
    static func decimal(_ text: String, field: String, issues: inout [FieldIssue]) -> Decimal? {
        if let value = plainDecimal(text) { return value }
        // Whole crowns written the Czech way: `1290,-`.
        if text.hasSuffix(",-") || text.hasSuffix(".-"), let value = plainDecimal(String(text.dropLast(2))) {
            return value
        }
        if AmountText.exceedsPrecision(text) {
            issues.append(FieldIssue(field: field, message: AmountText.precisionMessage(text)))
            return nil
        }
        if let value = Decimal.parse(localized: text) { return value }
        issues.append(FieldIssue(field: field, message: "'\(text.prefix(40))' is not a number"))
        return nil
    }

    /// `decimal`, refusing an amount of money that reads two ways (`AmountText`).
    static func money(_ text: String, field: String, issues: inout [FieldIssue]) -> Decimal? {
        guard !AmountText.isAmbiguous(text) else {
            issues.append(FieldIssue(field: field, message: AmountText.ambiguityMessage(text)))
            return nil
        }
        return decimal(text, field: field, issues: &issues)
    }

    /// The fast path for what XML exports nearly always hold: `-?digits([.,]digits)?`, at most
    /// 18 digits; nil for anything else (spaces, grouping), which the general parser then takes.
    static func plainDecimal(_ text: String) -> Decimal? {
        text.withUTF8Bytes(plainDecimal(bytes:))
    }

    private static func plainDecimal(bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var mantissa: Int64 = 0
        var digits = 0
        var scale: Int?
        var negative = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // A 19th digit could overflow Int64 (found by fuzzing); the general parser takes it.
                guard digits < 18 else { return nil }
                mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
                if let current = scale { scale = current + 1 }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard scale == nil, digits > 0 else { return nil }
                scale = 0
            case UInt8(ascii: "-") where index == 0:
                negative = true
            default:
                return nil
            }
        }
        guard digits > 0, digits <= 18, scale != 0 else { return nil }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: -(scale ?? 0),
                            significand: Decimal(mantissa))
        return value
    }
}
