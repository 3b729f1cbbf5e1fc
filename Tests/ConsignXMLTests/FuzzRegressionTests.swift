import ConsignCore
import ConsignFormats
import ConsignXML
import Foundation
import Testing

/// Inputs that crashed a reader under `scripts/fuzz`, reduced to what mattered.
@Suite("Inputs found by fuzzing are read without crashing")
struct FuzzRegressionTests {
    /// A Money S3 order with one item of quantity 1 at `price` (VAT included).
    private func moneyOrder(price: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <MoneyData ICAgendy="12345678">
         <SeznamObjPrij><ObjPrij>
          <Doklad>OP1</Doklad>
          <Polozka><PocetMJ>1</PocetMJ><Cena>\(price)</Cena><TypCeny>1</TypCeny></Polozka>
         </ObjPrij></SeznamObjPrij>
        </MoneyData>
        """
    }

    /// The fuzzer's input had `<Cena>550.0666…60</Cena>` with a hundred digits: the fast decimal
    /// path overflowed Int64 at the 19th digit and trapped, taking the whole process down. The
    /// order total is money, rounded to cents.
    @Test("reads prices with more digits than 64 bits hold", arguments: [
        ("550.06666666666666667", "550.07"),
        ("12345678901234567890", "12345678901234567890"),
        ("1234567890123456789,5", "1234567890123456789.5"),
        ("123456789012345678", "123456789012345678"),
    ])
    func readsLongPrices(price: String, expected: String) throws {
        let folder = try TempFolder()
        let path = try folder.write("orders.xml", text: moneyOrder(price: price))

        let records = try readAll(path)

        #expect(records.count == 1)
        #expect(records.first?.orderTotal == Decimal(string: expected))
        #expect(records.first?.issues == [])
    }
}
