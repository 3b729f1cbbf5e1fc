import Foundation

/// The closing block of a protocol: totals, corrections box and signatures.
extension ProtocolDrawer {
    /// Draws the totals from `top`; returns the y below them.
    func drawTotals(top: Double) -> Double {
        let left = geometry.sideMargin
        let width = geometry.contentWidth
        var y = top + 10
        canvas.setFont(size: Self.headerSize, isBold: true)
        canvas.show("Souhrn / Totals", x: left, y: y)

        canvas.setFont(size: 8)
        for line in totalsLines() {
            y += geometry.totalsLineHeight
            canvas.show(line, x: left, y: y, width: width)
        }
        return y
    }

    /// One line per figure; amounts one line per currency, never added across currencies.
    func totalsLines() -> [String] {
        var lines = [
            "Počet zásilek / Shipments: \(totals.shipmentCount)",
            "Počet kusů / Parcels: \(totals.parcelCount)",
            "Celková hmotnost / Total weight: \(totals.weightText)",
            "Zásilky na dobírku / COD shipments: \(totals.codShipmentCount)",
        ]
        lines += currencyLines(totals.cod, label: "Dobírka / COD", accounts: batch.codPayoutAccounts)
        lines += currencyLines(totals.declaredValue, label: "Deklarovaná hodnota / Declared value")
        return lines
    }

    /// With `accounts`, a currency's line also names the account its cash is paid out to: a
    /// batch collecting CZK and EUR has two, and the header prints only one.
    private func currencyLines(
        _ entries: [CurrencyTotal], label: String,
        accounts: [String: PayoutAccount] = [:]
    ) -> [String] {
        guard !entries.isEmpty else { return ["\(label): –"] }
        return entries.map { entry in
            let total = ProtocolText.money(entry.sum)
            let line = "\(label) \(entry.currencyCode): \(entry.count)×, celkem / total \(total)"
            guard let account = accounts[entry.currencyCode] else { return line }
            return line + ", účet / account " + (account.isDemo ? "DEMO \(account.number)" : account.number)
        }
    }

    /// Draws the corrections box and the two signature columns from `top`.
    func drawSignatures(top: Double) {
        let left = geometry.sideMargin
        let width = geometry.contentWidth
        canvas.setFont(size: 7.5)
        canvas.show(
            "Opravy při předání (chybějící / přidané zásilky) / "
                + "Corrections at handover (missing / added parcels):",
            x: left, y: top + 8, width: width)
        canvas.rectangle(x: left, y: top + 12, width: width, height: 36)

        let columnTop = top + 66
        drawSignatureColumn(title: "Předal / Handed over by", x: left, top: columnTop, width: width / 2 - 12)
        drawSignatureColumn(
            title: "Převzal / Taken over by", x: left + width / 2 + 12, top: columnTop, width: width / 2 - 12)
    }

    private func drawSignatureColumn(title: String, x: Double, top: Double, width: Double) {
        canvas.setFont(size: Self.headerSize, isBold: true)
        canvas.show(title, x: x, y: top, width: width)

        canvas.setFont(size: 7.5)
        var y = top + 22
        for field in ["Jméno / Name", "Podpis / Signature", "Datum a čas / Date and time"] {
            canvas.show(field, x: x, y: y, width: 110)
            canvas.line(from: (x + 112, y + 1), to: (x + width, y + 1), width: 0.4)
            y += 22
        }
    }
}
