#!/usr/bin/env python3
"""Writes the CSV sample inputs in samples/ (deterministic: same bytes on every run).

Four files, twenty valid orders each across CZ, SK, HU and PL, home delivery and pickup
points, with and without cash on delivery (CZK, EUR, HUF, PLN), every one fitting the carrier
catalogue, and three invalid orders per file (each with one reason). Every file has its own
range of order codes, so all samples can go through one spool without duplicates:
  consign-orders-cp1250.csv      2024001xxx  Consign CSV, Windows-1250, ';', decimal comma, CRLF
  consign-orders-iso8859-2.csv   2024002xxx  Consign CSV, ISO-8859-2, ',', decimal dot, LF, carrier+service
  shoptet-orders-cp1250.csv      2024003xxx  Shoptet export, Windows-1250, all quoted, trailing ';', CRLF;
                                             only Zásilkovna points (zasilkovnaDistributionPointBranchId)
  shoptet-orders-utf8-bom.csv    2024004xxx  Shoptet export, UTF-8 with BOM, orderItem* column names, CRLF;
                                             every pickup point in pickupPointId
Usage: python3 scripts/make-samples.py [output-folder]   (default: samples/ next to scripts/)
       python3 scripts/make-samples.py --expected       (prints "file valid invalid code:field..." lines)
"""
import os
import sys

# code, country, name, company, street, house, city, zip, phone, email,
# method (Consign shippingMethod), carrier, service, pickup, weight, cod, currency, value, note
ORDERS = [
    ("2024000101", "CZ", "Jan Šťastný", "", "Dlouhá", "12/3a", "Praha 1", "110 00", "+420 601 123 456",
     "jan.stastny@example.cz", "PPL", "ppl", "home_delivery", "", "1.25", "1290.50", "CZK", "1290.50",
     "Prosím nezvonit;\nnechat u sousedů"),
    ("2024000102", "CZ", "Jana Žluťoučká", "", "Květná", "8", "Brno", "602 00", "00420602123456",
     "jana.zlutoucka@example.cz", "Zásilkovna - výdejní místo", "packeta", "pickup_point", "4711", "0.8",
     "", "CZK", "459", ""),
    ("2024000103", "CZ", "Petr Dvořák", "", "Nádražní", "1021/5", "Ostrava", "70200", "601123456",
     "petr.dvorak@example.cz", "Balíkovna", "cpost", "post_office", "70200", "2.4", "780", "CZK", "780", ""),
    ("2024000104", "CZ", "Kateřina Nováková", "Kůň a syn s.r.o.", "Americká", "34", "Plzeň", "301 00",
     "+420 737 555 123", "objednavky@kun-a-syn.example.cz", "GLS", "gls", "home_delivery", "", "5.5", "", "CZK",
     "3499", "Firma, vrátnice \"B\""),
    ("2024000105", "CZ", "Tomáš Říha", "", "Palackého", "2", "Olomouc", "779 00", "+420 777 111 222",
     "tomas.riha@example.cz", "DPD Pickup", "dpd", "pickup_point", "CZ10452", "1.1", "", "CZK", "640", ""),
    ("2024000106", "CZ", "Zdeněk Čermák", "", "Lannova", "15", "České Budějovice", "370 01", "+420 605 987 654",
     "zdenek.cermak@example.cz", "PPL ParcelShop", "ppl", "pickup_point", "KM12345678", "3.0", "2 150,00", "CZK",
     "2150", ""),
    ("2024000107", "SK", "Ľubica Kráľová", "", "Hlavná", "48", "Košice", "040 01", "0912 123 456",
     "lubica.kralova@example.sk", "Zásilkovna - výdejní místo", "packeta", "pickup_point", "9823", "0.6",
     "45.90", "EUR", "45.90", ""),
    ("2024000108", "SK", "Mária Šuláková", "", "Obchodná", "7", "Bratislava", "811 01", "+421 905 123 456",
     "maria.sulakova@example.sk", "DPD", "dpd", "home_delivery", "", "2.0", "", "EUR", "89.00", ""),
    ("2024000109", "SK", "Ján Ďurica", "", "Mariánske námestie", "3", "Žilina", "010 01", "+421 944 321 987",
     "jan.durica@example.sk", "GLS", "gls", "home_delivery", "", "4.2", "29.90", "EUR", "29.90", ""),
    ("2024000110", "HU", "Győző Kovács", "", "Baross Gábor út", "21", "Győr", "9021", "06 20 123 4567",
     "gyozo.kovacs@example.hu", "MPL házhoz", "mpl", "home_delivery", "", "1.9", "12 990", "HUF", "12990", ""),
    ("2024000111", "HU", "Erzsébet Szőke", "", "Váci út", "76", "Budapest", "1037", "+36 30 123 4567",
     "erzsebet.szoke@example.hu", "GLS", "gls", "home_delivery", "", "0.9", "", "HUF", "8900", ""),
    ("2024000112", "HU", "Ödön Bíró", "", "Piac utca", "11", "Debrecen", "4025", "+36 70 222 3344",
     "odon.biro@example.hu", "Packeta - átvételi pont", "packeta", "pickup_point", "31502", "0.4", "", "HUF",
     "5400", ""),
    ("2024000113", "PL", "Łukasz Wiśniewski", "", "Piotrkowska", "104", "Łódź", "90-001", "+48 501-234-567",
     "lukasz.wisniewski@example.pl", "DPD Pickup", "dpd", "pickup_point", "11033", "1.3", "149.00", "PLN",
     "149.00", ""),
    ("2024000114", "PL", "Małgorzata Żółkiewska", "", "Floriańska", "22", "Kraków", "30-001", "+48 601 234 567",
     "malgorzata.zolkiewska@example.pl", "DPD", "dpd", "home_delivery", "", "2.7", "", "PLN", "320.00", ""),
    ("2024000115", "PL", "Zofia Kołodziej", "", "Długa", "5", "Gdańsk", "80-827", "+48 512 345 678",
     "zofia.kolodziej@example.pl", "GLS", "gls", "home_delivery", "", "3.4", "", "PLN", "89.99", ""),
    ("2024000116", "CZ", "Šárka Veselá", "", "Pražská", "9", "Liberec", "460 01", "+420 604 111 333",
     "sarka.vesela@example.cz", "Balíkovna", "cpost", "post_office", "46001", "0.7", "", "CZK", "320", ""),
    ("2024000117", "CZ", "Jiří Hůrka", "", "Gočárova třída", "1620", "Hradec Králové", "500 02",
     "+420 731 222 444", "jiri.hurka@example.cz", "PPL", "ppl", "home_delivery", "", "12.5", "4 590,00", "CZK",
     "4590", ""),
    ("2024000118", "SK", "Silvia Lukáčová", "", "Štefánikova", "30", "Trnava", "917 01", "0907 654 321",
     "silvia.lukacova@example.sk", "PPL", "ppl", "home_delivery", "", "2.2", "62.40", "EUR", "62.40", ""),
    ("2024000119", "HU", "Zoltán Fehér", "", "Kárász utca", "9", "Szeged", "6720", "+36 20 987 6543",
     "zoltan.feher@example.hu", "DPD", "dpd", "home_delivery", "", "3.8", "24 990", "HUF", "24990", ""),
    ("2024000120", "PL", "Krzysztof Wójcik", "", "Święty Marcin", "29", "Poznań", "61-806", "+48 503-111-222",
     "krzysztof.wojcik@example.pl", "PPL", "ppl", "home_delivery", "", "4.6", "259.00", "PLN", "259.00", ""),
]

# Invalid orders; each file takes three of them.
INVALID = {
    "missing-zip": ("2024000190", "CZ", "Věra Kořínková", "", "Husova", "4", "Tábor", "", "+420 603 444 555",
                    "vera.korinkova@example.cz", "PPL", "ppl", "home_delivery", "", "1.0", "", "CZK", "500", ""),
    "bad-zip": ("2024000191", "PL", "Paweł Łęcki", "", "Nowy Świat", "18", "Warszawa", "00-94", "+48 502 111 222",
                "pawel.lecki@example.pl", "DPD", "dpd", "home_delivery", "", "1.0", "", "PLN", "99.00", ""),
    "no-contact": ("2024000192", "SK", "Ondrej Šťavnický", "", "Štúrova", "6", "Nitra", "949 01", "", "",
                   "GLS", "gls", "home_delivery", "", "2.0", "", "EUR", "35.00", ""),
    "too-heavy": ("2024000193", "CZ", "Božena Němcová", "", "Ratibořická", "1", "Česká Skalice", "552 03",
                  "+420 606 777 888", "bozena.nemcova@example.cz", "PPL", "ppl", "home_delivery", "", "45", "",
                  "CZK", "9900", ""),
    "cod-too-high": ("2024000194", "CZ", "Přemysl Otakar", "Žďárské železárny a.s.", "Nádražní", "44",
                     "Žďár nad Sázavou", "591 01", "+420 566 123 456", "premysl.otakar@example.cz",
                     "Zásilkovna - výdejní místo", "packeta", "pickup_point", "4712", "3.0", "150 000,00", "CZK",
                     "150000", ""),
}

# The result field each invalid order is rejected for (every service needs a phone, so an order
# without phone and e-mail is rejected for its phone).
INVALID_FIELD = {"missing-zip": "recipient.zip", "bad-zip": "recipient.zip", "no-contact": "recipient.phone",
                 "too-heavy": "packages[0].weight", "cod-too-high": "cod"}

FILES_INVALID = {
    "consign-orders-cp1250.csv": ["missing-zip", "too-heavy", "cod-too-high"],
    "consign-orders-iso8859-2.csv": ["bad-zip", "no-contact", "cod-too-high"],
    "shoptet-orders-cp1250.csv": ["missing-zip", "no-contact", "too-heavy"],
    "shoptet-orders-utf8-bom.csv": ["bad-zip", "cod-too-high", "no-contact"],
}

COUNTRY_NAMES = {"CZ": "Česká republika", "SK": "Slovensko", "HU": "Magyarország", "PL": "Polska"}
COD_PAYMENT = {"CZ": "Dobírka", "SK": "Dobierka", "HU": "Utánvét", "PL": "Płatność przy odbiorze (pobranie)"}
OTHER_PAYMENT = {"CZ": "Bankovní převod", "SK": "Platba kartou", "HU": "Átutalás", "PL": "Przelew"}
PRODUCTS = [("HRN-01", "Hrnek modrý"), ("TRI-07", "Tričko Žluťoučký kůň"), ("CSE-12", "Čaj šípkový 50 g")]


# Each file has its own range of order codes (2024001xxx, 2024002xxx, ...), so that running all
# samples through one spool registers every valid order instead of reporting duplicates.
FILES_SERIES = {
    "consign-orders-cp1250.csv": "1",
    "consign-orders-iso8859-2.csv": "2",
    "shoptet-orders-cp1250.csv": "3",
    "shoptet-orders-utf8-bom.csv": "4",
}

# Home delivery of the same carrier, for pickup-point orders in a file that has no column for their point id.
HOME_METHOD = {"ppl": "PPL", "dpd": "DPD", "cpost": "Balíkovna na adresu"}


def with_code(order, series):
    """The order with the file's series digit in its code: 2024000101 becomes 2024003101 for series 3."""
    code = order[0]
    return (code[:6] + series + code[7:],) + order[1:]


def as_home_delivery(order):
    """A non-Packeta pickup-point order turned into its carrier's home delivery (no point id)."""
    carrier, service = order[11], order[12]
    if carrier == "packeta" or service not in ("pickup_point", "post_office"):
        return order
    return order[:10] + (HOME_METHOD[carrier], carrier, "home_delivery", "") + order[14:]


def orders_for(file_name):
    orders = ORDERS + [INVALID[key] for key in FILES_INVALID[file_name]]
    return [with_code(order, FILES_SERIES[file_name]) for order in orders]


def expected_lines():
    """"file valid invalid code:field..." for every file, as scripts/check-samples reads them."""
    lines = []
    for name, series in FILES_SERIES.items():
        rejected = ["%s:%s" % (with_code(INVALID[key], series)[0], INVALID_FIELD[key]) for key in FILES_INVALID[name]]
        lines.append(" ".join([name, str(len(ORDERS)), str(len(rejected))] + rejected))
    return lines


def comma_decimal(text):
    return text.replace(".", ",")


def consign_rows(file_name, decimal_comma, use_carrier_columns):
    header = ["orderCode", "shippingMethod", "carrier", "service", "pickupPointId", "name", "company", "street",
              "houseNumber", "city", "zip", "country", "phone", "email", "weight", "packages", "cod",
              "codCurrency", "value", "currency", "variableSymbol", "note"]
    rows = [header]
    for index, order in enumerate(orders_for(file_name)):
        (code, country, name, company, street, house, city, zip_code, phone, email, method, carrier, service,
         pickup, weight, cod, currency, value, note) = order
        number = (lambda text: comma_decimal(text)) if decimal_comma else (lambda text: text.replace(",", "."))
        by_name = not use_carrier_columns or index % 4 == 3
        rows.append([
            code, method if by_name else "", "" if by_name else carrier, "" if by_name else service, pickup,
            name, company, street, house, city, zip_code, country, phone, email, number(weight),
            "2" if index % 5 == 4 else "1", number(cod).replace(" ", "") if not decimal_comma else number(cod),
            currency if cod else "", number(value), currency, code if code.isdigit() else "", note,
        ])
    return rows


def shoptet_rows(file_name, alternative_names):
    """Rows of a Shoptet export. The alternative variant names its item columns `orderItem*` and
    carries every pickup point in a `pickupPointId` column; the other has only Zásilkovna's
    `zasilkovnaDistributionPointBranchId`, so its other pickup-point orders go to home delivery."""
    item = "orderItem" if alternative_names else "item"
    pickup_column = "pickupPointId" if alternative_names else "zasilkovnaDistributionPointBranchId"
    header = ["code", "date", "statusName", "currency", "email", "phone", "billFullName", "billCompany",
              "billStreet", "billHouseNumber", "billCity", "billZip", "billCountryName", "billCountryCode",
              "deliveryFullName", "deliveryCompany", "deliveryStreet", "deliveryHouseNumber", "deliveryCity",
              "deliveryZip", "deliveryCountryName", "deliveryCountryCode", "remark", "totalPriceWithVat",
              "priceToPay", "paid", "weight", pickup_column, item + "Code", item + "Name",
              item + "Amount", item + "UnitPriceWithVat", "orderItemType"]
    rows = [header]
    for index, order in enumerate(orders_for(file_name)):
        rows.extend(shoptet_order(index, order if alternative_names else as_home_delivery(order)))
    return rows


def shoptet_order(index, order):
    (code, country, name, company, street, house, city, zip_code, phone, email, method, carrier, service,
     pickup, weight, cod, currency, value, note) = order
    pickup_order = service == "pickup_point" or service == "post_office"
    total = comma_decimal(value if "." in value else value + ".00")
    paid = "" if cod else ("1" if index % 2 == 0 else "")
    billing = ([name, company, street, house, city, zip_code, COUNTRY_NAMES[country], country])
    # Pickup point orders carry no delivery street (the point is the destination); the reader
    # falls back to the billing fields one by one.
    delivery = ([name, company, "", "", "", "", "", ""] if pickup_order
                else [name, company, street, house, city, zip_code, COUNTRY_NAMES[country],
                      "" if index % 3 == 0 else country])
    branch = pickup
    order_columns = ([code, "2024-03-%02d 10:%02d:00" % (1 + index % 28, index % 60), "Nevyřízená", currency,
                      email, phone] + billing + delivery + [note, total, total, paid, comma_decimal(weight), branch])
    product_code, product_name = PRODUCTS[index % len(PRODUCTS)]
    rows = [order_columns + [product_code, product_name, "1", total, "product"]]
    if index % 4 == 1:
        second_code, second_name = PRODUCTS[(index + 1) % len(PRODUCTS)]
        rows.append(order_columns + [second_code, second_name, "2", "0,00", "product"])
    rows.append(order_columns + ["SHIPPING%d" % (10 + index % 5), method, "1", "0,00", "shipping"])
    payment = COD_PAYMENT[country] if cod else OTHER_PAYMENT[country]
    rows.append(order_columns + ["BILLING%d" % (1 + index % 3), payment, "1", "0,00", "billing"])
    return rows


def quote(field):
    return '"' + field.replace('"', '""') + '"'


def write(path, rows, encoding, separator, line_ending, quote_all, trailing, bom=False):
    lines = []
    for row in rows:
        fields = []
        for field in row:
            field = field.replace("\n", line_ending)  # Windows tools write CRLF inside quoted fields too
            needs = quote_all or any(c in field for c in (separator, '"', "\n", "\r"))
            fields.append(quote(field) if needs else field)
        lines.append(separator.join(fields) + (separator if trailing else ""))
    text = line_ending.join(lines) + line_ending
    data = text.encode(encoding)
    with open(path, "wb") as handle:
        handle.write((b"\xef\xbb\xbf" if bom else b"") + data)


def main():
    if sys.argv[1:] == ["--expected"]:
        print("\n".join(expected_lines()))
        return
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "samples")
    os.makedirs(out, exist_ok=True)
    name = "consign-orders-cp1250.csv"
    write(os.path.join(out, name), consign_rows(name, True, False), "cp1250", ";", "\r\n", False, False)
    name = "consign-orders-iso8859-2.csv"
    write(os.path.join(out, name), consign_rows(name, False, True), "iso8859_2", ",", "\n", False, False)
    name = "shoptet-orders-cp1250.csv"
    write(os.path.join(out, name), shoptet_rows(name, False), "cp1250", ";", "\r\n", True, True)
    name = "shoptet-orders-utf8-bom.csv"
    write(os.path.join(out, name), shoptet_rows(name, True), "utf-8", ";", "\r\n", True, True, bom=True)


if __name__ == "__main__":
    main()
