import ConsignCore
import ConsignFormats
import Testing

@Suite("The Shoptet CSV and XML readers agree on payment names")
struct PaymentNameAgreementTests {
    @Test("a payment name means COD in the XML export exactly when it does in the CSV export", arguments: [
        "Dobírka", "Nachnahme", "COD", "Bez dobírky", "Platba při převzetí", "Bankovní převod", "Utánvét",
        "ohne Nachnahme",
    ])
    func agree(name: String) throws {
        let folder = try TempFolder()
        let csv = try folder.write(
            "export.csv", text: "\"code\";\"itemName\";\"orderItemType\";\r\n\"1\";\"\(name)\";\"billing\";\r\n")
        let reader = try ShoptetCSVReader(path: csv, fileName: "export.csv")
        let fromCSV = try #require(try reader.next()).isCashOnDelivery

        let xml = try folder.write("export.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <ORDERS><ORDER><CODE>1</CODE>
              <ORDER_ITEMS><ITEM><TYPE>billing</TYPE><NAME>\(name)</NAME></ITEM></ORDER_ITEMS>
            </ORDER></ORDERS>
            """)
        let fromXML = try #require(try readAll(xml).first).isCashOnDelivery

        #expect(fromCSV == CashOnDeliveryName.matches(name))
        #expect(fromXML == fromCSV)
    }
}
