#!/usr/bin/env python3
"""Writes Consign's XML sample inputs into samples/: the same twenty realistic orders (CZ, SK,
HU, PL, home delivery and pickup points, with and without COD in CZK, EUR, HUF and PLN, every one
fitting the carrier catalogue) plus three invalid ones (one reason each) as Consign XML
(2024005xxx), Shoptet XML export (2024006xxx), POHODA dataPack in Windows-1250 (2024007xxx),
POHODA responsePack (2024008xxx) and Money S3 (2024009xxx). POHODA and Money S3 have no place for
a pickup point id, so their orders use the carriers' home delivery instead.

Deterministic: no clock, no randomness. Run from the repository root:
    python3 scripts/make-xml-samples.py [output-folder]   (default: samples/ next to scripts/)
    python3 scripts/make-xml-samples.py --expected   (prints "file valid invalid code:field..." lines)
"""
import sys
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

OUT = Path(__file__).resolve().parent.parent / "samples"

COUNTRY_NAMES = {"CZ": "Česká republika", "SK": "Slovensko", "HU": "Magyarország", "PL": "Polska"}
CURRENCY = {"CZ": "CZK", "SK": "EUR", "HU": "HUF", "PL": "PLN"}

# method name the core maps, Consign carrier code, service type, pickup point id
METHODS = {
    "ppl": ("PPL", "ppl", "home_delivery", None),
    "ppl-shop": ("PPL ParcelShop", "ppl", "pickup_point", "KM10234567"),
    "packeta": ("Zásilkovna - výdejní místo", "packeta", "pickup_point", "12345"),
    "balikovna": ("Balíkovna", "cpost", "post_office", "60200"),
    "dpd-pickup": ("DPD Pickup", "dpd", "pickup_point", "CZ21305"),
    "gls": ("GLS", "gls", "home_delivery", None),
    "mpl": ("MPL házhoz", "mpl", "home_delivery", None),
    "dpd": ("DPD", "dpd", "home_delivery", None),
    "packeta-home": ("Zásilkovna - doručení na adresu", "packeta", "home_delivery", None),
    "balikovna-home": ("Balíkovna na adresu", "cpost", "home_delivery", None),
}

# The same carrier's home delivery, for formats without a place for a pickup point id (POHODA,
# Money S3): a pickup-point method there would leave the order without its point.
HOME_DELIVERY = {"packeta": "packeta-home", "ppl-shop": "ppl", "balikovna": "balikovna-home", "dpd-pickup": "dpd"}

# Each file has its own range of order codes (2024005xxx, ...), so all samples can go through
# one spool without duplicates; and its invalid orders (one reason each). POHODA and Money S3
# carry no weight, so their files take no "heavy" order.
FILES = {
    "consign-orders.xml": ("5", ("missing-zip", "bad-zip", "heavy")),
    "shoptet-orders.xml": ("6", ("bad-zip", "no-contact", "big-cod")),
    "pohoda-datapack-cp1250.xml": ("7", ("missing-zip", "no-contact", "big-cod")),
    "pohoda-responsepack.xml": ("8", ("missing-zip", "bad-zip", "big-cod")),
    "money-s3-orders.xml": ("9", ("bad-zip", "no-contact", "big-cod")),
}


def order(code, cc, name, street, house, city, zip_, phone, email, method, cod, items, weight,
          company=None, note=None, packages=1, ship_to=None, pickup=None):
    """One order; `pickup` overrides the method's pickup point id (a point in the recipient's country)."""
    return dict(code=code, cc=cc, name=name, street=street, house=house, city=city, zip=zip_,
                phone=phone, email=email, method=method, cod=cod, items=items, weight=Decimal(weight),
                company=company, note=note, packages=packages, ship_to=ship_to,
                pickup=pickup or METHODS[method][3])


VALID = [
    order("2024000101", "CZ", "Jana Nováková", "Dlouhá", "12/3a", "Praha 1", "110 00", "+420 601 123 456",
          "jana.novakova@example.cz", "ppl", True, [("Hrnek modrý", 2, "550.00"), ("Doprava PPL", 1, "99.00")],
          "1.250", note="Prosím nezvonit & nechat u sousedů"),
    order("2024000102", "CZ", "Jiří Šťastný", "Údolní", "5", "Brno", "602 00", "00420602234567",
          "jiri.stastny@example.cz", "packeta", False, [("Čaj zelený", 3, "129.00")], "0.450"),
    order("2024000103", "CZ", "Petr Dvořák", "Nádražní", "1021/8", "Ostrava", "70200", "603345678",
          "petr.dvorak@example.cz", "ppl-shop", True, [("Kávovar", 1, "2490.00")], "3.100",
          company="Dvořák & syn s.r.o."),
    order("2024000104", "CZ", "Zdeněk Růžička", "Horní", "44", "Žďár nad Sázavou", "591 01",
          "+420 604 456 789", "zdenek.ruzicka@example.cz", "balikovna", False, [("Kniha Řeka", 1, "349.00")], "0.600"),
    order("2024000105", "CZ", "Kateřina Černá", "Lannova", "17", "České Budějovice", "370 01", "+420 605 567 890",
          "katerina.cerna@example.cz", "dpd-pickup", True, [("Svíčka", 4, "89.90")], "0.800"),
    order("2024000106", "CZ", "Tomáš Křížek", "Americká", "3", "Plzeň", "301 00", "606678901",
          "tomas.krizek@example.cz", "gls", False, [("Stolní lampa", 1, "1290.00")], "2.400", packages=2),
    order("2024000107", "CZ", "Lucie Bártová", "Gočárova třída", "1620", "Hradec Králové", "500 02",
          "+420 607 789 012", "lucie.bartova@example.cz", "ppl", True, [("Šátek", 2, "399.00")], "0.300",
          ship_to=dict(name="Lucie Bártová", street="Pražská", house="12", city="Pardubice", zip="530 02")),
    order("2024000108", "CZ", "Martin Šimek", "Třída Svobody", "28", "Olomouc", "779 00", "00420608890123",
          "martin.simek@example.cz", "packeta", True, [("Batoh", 1, "1590.00")], "1.100"),
    order("2024000109", "SK", "Ján Kováč", "Hlavná", "5", "Košice", "040 01", "0912 123 456",
          "jan.kovac@example.sk", "packeta", True, [("Termoska", 2, "24.90")], "0.900"),
    order("2024000110", "SK", "Zuzana Horváthová", "Obchodná", "52", "Bratislava", "811 06", "+421 903 234 567",
          "zuzana.horvathova@example.sk", "gls", False, [("Župan", 1, "59.00")], "1.000"),
    order("2024000111", "SK", "Ľubomír Šťastný", "Národná", "9", "Žilina", "010 01", "0905 345 678",
          "lubomir.stastny@example.sk", "dpd-pickup", True, [("Čižmy", 1, "89.00")], "1.800", pickup="30117"),
    order("2024000112", "SK", "Mária Veselá", "Dolná", "21", "Banská Bystrica", "974 01", "+421 911 456 789",
          "maria.vesela@example.sk", "ppl", False, [("Šálka", 6, "7.50")], "1.200"),
    order("2024000113", "HU", "Kovács Ágnes", "Baross Gábor út", "12", "Győr", "9021", "06 20 123 4567",
          "agnes.kovacs@example.hu", "mpl", True, [("Bögre", 2, "4990")], "0.700"),
    order("2024000114", "HU", "Szőke Bálint", "Váci út", "37", "Budapest", "1037", "+36 30 234 5678",
          "balint.szoke@example.hu", "gls", False, [("Könyv", 1, "6990")], "0.500"),
    order("2024000115", "HU", "Tóth Réka", "Piac utca", "45", "Debrecen", "4024", "06 70 345 6789",
          "reka.toth@example.hu", "packeta", True, [("Sál", 1, "8990")], "0.400"),
    order("2024000116", "HU", "Nagy Ödön", "Király utca", "8", "Pécs", "7621", "+36 20 456 7890",
          "odon.nagy@example.hu", "mpl", False, [("Lámpa", 1, "15990")], "2.900"),
    order("2024000117", "PL", "Łukasz Wójcik", "Piotrkowska", "104", "Łódź", "90-001", "+48 501-234-567",
          "lukasz.wojcik@example.pl", "dpd-pickup", True, [("Kubek", 2, "39.99")], "0.700", pickup="11033"),
    order("2024000118", "PL", "Zofia Kamińska", "Floriańska", "15", "Kraków", "31-042", "+48 502-345-678",
          "zofia.kaminska@example.pl", "gls", False, [("Szalik", 1, "89.00")], "0.300"),
    order("2024000119", "PL", "Paweł Żółć", "Długa", "22", "Gdańsk", "80-831", "+48 503-456-789",
          "pawel.zolc@example.pl", "ppl", True, [("Książka", 3, "49.90")], "1.300"),
    order("2024000120", "PL", "Małgorzata Nowak", "Świdnicka", "7", "Wrocław", "50-066", "+48 504-567-890",
          "malgorzata.nowak@example.pl", "dpd-pickup", False, [("Świeca", 5, "19.99")], "1.000",
          pickup="10712"),
]

INVALID = {
    "missing-zip": order("2024000901", "CZ", "Věra Malá", "Krátká", "3", "Kolín", "", "+420 609 111 222",
                         "vera.mala@example.cz", "ppl", False, [("Hrnek", 1, "199.00")], "0.500"),
    "bad-zip": order("2024000902", "CZ", "Ondřej Říha", "Polní", "8", "Praha 10", "1100", "+420 609 222 333",
                     "ondrej.riha@example.cz", "gls", True, [("Talíř", 4, "149.00")], "2.000"),
    "no-contact": order("2024000903", "CZ", "Hana Kočí", "Zahradní", "15", "Liberec", "460 01", "", "",
                        "gls", False, [("Mýdlo", 3, "59.00")], "0.400"),
    "heavy": order("2024000904", "CZ", "Karel Hořejší", "Průmyslová", "1", "Kladno", "272 01", "+420 609 444 555",
                   "karel.horejsi@example.cz", "ppl", False, [("Činka 45 kg", 1, "3990.00")], "45.000"),
    "big-cod": order("2024000905", "CZ", "Radek Bílý", "Vinohradská", "120", "Praha 3", "130 00",
                     "+420 609 555 666", "radek.bily@example.cz", "ppl", True, [("Motorka", 1, "250000.00")],
                     "9.000"),
}


# The result field each invalid order is rejected for (every service needs a phone, so an order
# without phone and e-mail is rejected for its phone).
INVALID_FIELD = {"missing-zip": "recipient.zip", "bad-zip": "recipient.zip", "no-contact": "recipient.phone",
                 "heavy": "packages[0].weight", "big-cod": "cod"}


def expected_lines():
    """"file valid invalid code:field..." for every file, as scripts/check-samples reads them."""
    lines = []
    for name, (series, invalid) in FILES.items():
        rejected = [f"{INVALID[key]['code'][:6]}{series}{INVALID[key]['code'][7:]}:{INVALID_FIELD[key]}"
                    for key in invalid]
        lines.append(" ".join([name, str(len(VALID)), str(len(rejected))] + rejected))
    return lines


def orders_for(file_name, pickup_points=True):
    """The file's orders with its series digit in the codes (2024000101 becomes 2024005101 for
    series 5); without `pickup_points`, pickup-point methods become the carrier's home delivery."""
    series, invalid = FILES[file_name]
    orders = []
    for o in VALID + [INVALID[name] for name in invalid]:
        method = o["method"] if pickup_points else HOME_DELIVERY.get(o["method"], o["method"])
        pickup = o["pickup"] if method == o["method"] else None
        orders.append(dict(o, code=o["code"][:6] + series + o["code"][7:], method=method, pickup=pickup))
    return orders


def total(o):
    return sum((Decimal(price) * qty for _, qty, price in o["items"]), Decimal(0)).quantize(Decimal("0.01"))


def split_phone(phone):
    """Money S3 keeps a prefix (`Pred`) and the number (`Cislo`) apart when the phone starts with `+`."""
    if phone.startswith("+"):
        prefix, _, rest = phone.partition(" ")
        return prefix, rest
    return None, phone


def el(name, value, indent):
    if value is None or value == "":
        return ""
    return f"{indent}<{name}>{escape(str(value))}</{name}>\n"


def consign_xml(orders):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', '<consign-orders version="1">\n']
    for o in orders:
        method, carrier, service, _ = METHODS[o["method"]]
        pickup = o["pickup"]
        cur = CURRENCY[o["cc"]]
        i = "    "
        out.append(f'  <order code="{o["code"]}">\n')
        out.append(el("shippingMethod", method, i) + el("carrier", carrier, i) + el("service", service, i))
        out.append(el("pickupPointId", pickup, i))
        out.append(f"{i}<recipient>\n")
        r = i + "  "
        for key, tag in [("name", "name"), ("company", "company"), ("street", "street"), ("house", "houseNumber"),
                         ("city", "city"), ("zip", "zip"), ("cc", "country"), ("phone", "phone"),
                         ("email", "email")]:
            out.append(el(tag, o[key], r))
        out.append(f"{i}</recipient>\n")
        if o["cod"]:
            out.append(f'{i}<cod currency="{cur}">{total(o)}</cod>\n')
        out.append(f'{i}<value currency="{cur}">{total(o)}</value>\n')
        out.append(f"{i}<packages>\n")
        share = (o["weight"] / o["packages"]).quantize(Decimal("0.001"))
        for _ in range(o["packages"]):
            out.append(f'{i}  <package weight="{share}" width="30" height="20" depth="15"/>\n')
        out.append(f"{i}</packages>\n")
        out.append(el("variableSymbol", o["code"], i) + el("note", o["note"], i))
        out.append("  </order>\n")
    out.append("</consign-orders>\n")
    return "".join(out)


def shoptet_address(tag, a, cc, indent):
    inner = indent + "  "
    body = "".join(el(t, a.get(k), inner) for k, t in [("name", "NAME"), ("company", "COMPANY"),
                                                        ("street", "STREET"), ("house", "HOUSENUMBER"),
                                                        ("city", "CITY"), ("zip", "ZIP")])
    body += el("COUNTRY", COUNTRY_NAMES[cc], inner) + el("COUNTRY_CODE", cc, inner)
    return f"{indent}<{tag}>\n{body}{indent}</{tag}>\n"


def shoptet_xml(orders):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<ORDERS>\n"]
    for n, o in enumerate(orders, start=1):
        method, pickup = METHODS[o["method"]][0], o["pickup"]
        i = "    "
        out.append("  <ORDER>\n" + el("ORDER_ID", 4700 + n, i) + el("CODE", o["code"], i))
        out.append(el("DATE", "2024-03-02 21:46:52", i) + el("STATUS", "Nevyřízená", i))
        out.append(f"{i}<CURRENCY><CODE>{CURRENCY[o['cc']]}</CODE><EXCHANGE_RATE>1</EXCHANGE_RATE></CURRENCY>\n")
        out.append(f"{i}<CUSTOMER>\n" + el("EMAIL", o["email"], i + "  ") + el("PHONE", o["phone"], i + "  "))
        out.append(shoptet_address("BILLING_ADDRESS", o, o["cc"], i + "  "))
        out.append(shoptet_address("SHIPPING_ADDRESS", o["ship_to"] or o, o["cc"], i + "  "))
        out.append(f"{i}</CUSTOMER>\n")
        out.append(el("REMARK", o["note"], i) + f"{i}<PACKAGE_NUMBER></PACKAGE_NUMBER>\n")
        if pickup:
            out.append(el("ZASILKOVNA_BRANCH_ID" if o["method"] == "packeta" else "PICKUP_POINT_ID", pickup, i))
        out.append(el("WEIGHT", o["weight"], i))
        out.append(f"{i}<TOTAL_PRICE><WITH_VAT>{total(o)}</WITH_VAT><PRICE_TO_PAY>{total(o)}</PRICE_TO_PAY>"
                   f"<PAID>0</PAID></TOTAL_PRICE>\n")
        out.append(f"{i}<ORDER_ITEMS>\n")
        for name, qty, price in o["items"]:
            out.append(f"{i}  <ITEM><TYPE>product</TYPE><NAME>{escape(name)}</NAME><AMOUNT>{qty}</AMOUNT>"
                       f"<UNIT_PRICE><WITH_VAT>{price}</WITH_VAT></UNIT_PRICE></ITEM>\n")
        out.append(f"{i}  <ITEM><TYPE>shipping</TYPE><NAME>{escape(method)}</NAME><AMOUNT>1</AMOUNT></ITEM>\n")
        payment = {"CZ": "Dobírka", "SK": "Dobierka", "HU": "Utánvét", "PL": "Płatność przy odbiorze (pobranie)"}
        paid = payment[o["cc"]] if o["cod"] else "Platba kartou"
        out.append(f"{i}  <ITEM><TYPE>billing</TYPE><NAME>{escape(paid)}</NAME><AMOUNT>1</AMOUNT></ITEM>\n")
        out.append(f"{i}</ORDER_ITEMS>\n  </ORDER>\n")
    out.append("</ORDERS>\n")
    return "".join(out)


NS = 'xmlns:{p}="http://www.stormware.cz/schema/version_2/{n}.xsd"'


def pohoda_address(tag, a, cc, indent):
    inner = indent + "  "
    street = f"{a['street']} {a['house']}".strip()
    body = el("typ:company", a.get("company"), inner) + el("typ:name", a["name"], inner)
    body += el("typ:city", a["city"], inner) + el("typ:street", street, inner) + el("typ:zip", a["zip"], inner)
    body += f"{inner}<typ:country><typ:ids>{cc}</typ:ids></typ:country>\n"
    if "phone" in a:
        body += el("typ:phone" if a["cc"] != "SK" else "typ:mobilPhone", a["phone"], inner)
        body += el("typ:email", a["email"], inner)
    return f"{indent}<{tag}>\n{body}{indent}</{tag}>\n"


def pohoda_order(o, tag, indent, order_type="receivedOrder"):
    method = METHODS[o["method"]][0]
    cur = CURRENCY[o["cc"]]
    i = indent + "  "
    h = i + "  "
    out = [f'{indent}<{tag} version="2.0">\n', f"{i}<ord:orderHeader>\n"]
    out.append(el("ord:orderType", order_type, h) + el("ord:numberOrder", o["code"], h))
    out.append(el("ord:date", "2024-03-02", h) + el("ord:text", "Objednávka z e-shopu", h))
    out.append(f"{h}<ord:partnerIdentity>\n" + pohoda_address("typ:address", o, o["cc"], h + "  "))
    if o["ship_to"]:
        out.append(pohoda_address("typ:shipToAddress", o["ship_to"], o["cc"], h + "  "))
    out.append(f"{h}</ord:partnerIdentity>\n")
    if o["cod"]:
        payment = "<typ:paymentType>delivery</typ:paymentType>" if o["cc"] != "PL" else "<typ:ids>Dobírka</typ:ids>"
    else:
        payment = "<typ:paymentType>creditcard</typ:paymentType>"
    out.append(f"{h}<ord:paymentType>{payment}</ord:paymentType>\n")
    out.append(f"{h}<ord:carrier><typ:ids>{escape(method)}</typ:ids></ord:carrier>\n")
    out.append(el("ord:note", o["note"], h) + f"{i}</ord:orderHeader>\n{i}<ord:orderDetail>\n")
    for name, qty, price in o["items"]:
        money = (f"<ord:homeCurrency><typ:unitPrice>{price}</typ:unitPrice></ord:homeCurrency>" if cur == "CZK"
                 else f"<ord:foreignCurrency><typ:unitPrice>{price}</typ:unitPrice></ord:foreignCurrency>")
        out.append(f"{h}<ord:orderItem><ord:text>{escape(name)}</ord:text><ord:quantity>{qty}</ord:quantity>"
                   f"<ord:payVAT>true</ord:payVAT><ord:rateVAT>high</ord:rateVAT>{money}</ord:orderItem>\n")
    out.append(f"{i}</ord:orderDetail>\n{i}<ord:orderSummary>\n")
    out.append(f"{h}<ord:roundingDocument>math2one</ord:roundingDocument>\n")
    if cur == "CZK":
        out.append(f"{h}<ord:homeCurrency><typ:priceHighSum>{total(o)}</typ:priceHighSum></ord:homeCurrency>\n")
    else:
        out.append(f"{h}<ord:foreignCurrency><typ:currency><typ:ids>{cur}</typ:ids></typ:currency>"
                   f"<typ:priceSum>{total(o)}</typ:priceSum></ord:foreignCurrency>\n")
    out.append(f"{i}</ord:orderSummary>\n{indent}</{tag}>\n")
    return "".join(out)


def pohoda_datapack(orders):
    names = " ".join(NS.format(p=p, n=n) for p, n in [("dat", "data"), ("ord", "order"), ("typ", "type")])
    out = ['<?xml version="1.0" encoding="Windows-1250"?>\n',
           f'<dat:dataPack {names} id="exp-20240302" ico="12345678" application="ERP export" version="2.0" '
           'note="Objednávky">\n']
    for o in orders:
        out.append(f'  <dat:dataPackItem id="OBJ{o["code"]}" version="2.0">\n')
        out.append(pohoda_order(o, "ord:order", "    "))
        out.append("  </dat:dataPackItem>\n")
    out.append("</dat:dataPack>\n")
    return "".join(out)


def pohoda_responsepack(orders):
    names = " ".join(NS.format(p=p, n=n) for p, n in [("rsp", "response"), ("lst", "list"), ("ord", "order"),
                                                       ("typ", "type")])
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<rsp:responsePack {names} version="2.0" id="exp-20240302" state="ok" ico="12345678">\n',
           '  <rsp:responsePackItem version="2.0" id="li1" state="ok">\n',
           '    <lst:listOrder version="2.0" orderType="receivedOrder" dateTimeStamp="2024-03-02T22:00:00" '
           'state="ok">\n']
    issued = dict(VALID[0], code="VO2024001", note="Vydaná objednávka dodavateli")
    for n, o in enumerate(orders):
        if n == 5:
            out.append(pohoda_order(issued, "lst:order", "      ", order_type="issuedOrder"))
        out.append(pohoda_order(o, "lst:order", "      "))
    out.append("    </lst:listOrder>\n  </rsp:responsePackItem>\n</rsp:responsePack>\n")
    return "".join(out)


def money_firm(tag, a, indent):
    inner = indent + "  "
    addr = inner + "  "
    street = f"{a['street']} {a['house']}".strip()
    body = el("ObchNazev", a["name"], inner) + f"{inner}<ObchAdresa>\n"
    body += el("Ulice", street, addr) + el("Misto", a["city"], addr) + el("PSC", a["zip"], addr)
    body += el("KodStatu", a.get("cc"), addr) + f"{inner}</ObchAdresa>\n"
    if a.get("phone"):
        prefix, number = split_phone(a["phone"])
        body += f"{inner}<Tel>" + (f"<Pred>{prefix}</Pred>" if prefix else "") + f"<Cislo>{number}</Cislo></Tel>\n"
    body += el("EMail", a.get("email"), inner)
    return f"{indent}<{tag}>\n{body}{indent}</{tag}>\n"


def money_s3(orders):
    out = ['<?xml version="1.0" encoding="Windows-1250"?>\n',
           '<MoneyData ICAgendy="12345678" KodAgendy="" HospRokOd="2024-01-01" HospRokDo="2024-12-31" '
           'ExpDate="2024-03-02" ExpTime="22:00:00" VyberZaznamu="0">\n', "  <SeznamObjPrij>\n"]
    for n, o in enumerate(orders, start=1):
        method = METHODS[o["method"]][0]
        cur = CURRENCY[o["cc"]]
        i = "      "
        out.append("    <ObjPrij>\n" + el("Doklad", f"OP24{n:04d}", i) + el("Popis", f"E-shop {o['code']}", i))
        out.append(el("Poznamka", o["note"], i) + el("Vystaveno", "2024-03-02", i))
        out.append(money_firm("DodOdb", o, i))
        if o["ship_to"]:
            out.append(money_firm("KonecPrij", o["ship_to"], i))
        out.append(el("PlatPodm", "dobírkou" if o["cod"] else "převodem", i) + el("Doprava", method, i))
        out.append(el("VarSymbol", o["code"], i))
        if cur != "CZK":
            out.append(f"{i}<Valuty><Mena><Kod>{cur}</Kod></Mena><Celkem>{total(o)}</Celkem></Valuty>\n")
        out.append(f"{i}<eshop><IN_ObjCis>{o['code']}</IN_ObjCis></eshop>\n")
        for name, qty, price in o["items"]:
            out.append(f"{i}<Polozka><Popis>{escape(name)}</Popis><PocetMJ>{qty}</PocetMJ><Cena>{price}</Cena>"
                       f"<TypCeny>1</TypCeny><SazbaDPH>21</SazbaDPH></Polozka>\n")
        out.append("    </ObjPrij>\n")
    out.append("  </SeznamObjPrij>\n</MoneyData>\n")
    return "".join(out)


def write(out, name, text, encoding):
    (out / name).write_bytes(text.encode(encoding))


def main():
    if sys.argv[1:] == ["--expected"]:
        print("\n".join(expected_lines()))
        return
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(exist_ok=True)
    write(out, "consign-orders.xml", consign_xml(orders_for("consign-orders.xml")), "utf-8")
    write(out, "shoptet-orders.xml", shoptet_xml(orders_for("shoptet-orders.xml")), "utf-8")
    write(out, "pohoda-datapack-cp1250.xml",
          pohoda_datapack(orders_for("pohoda-datapack-cp1250.xml", pickup_points=False)), "cp1250")
    write(out, "pohoda-responsepack.xml",
          pohoda_responsepack(orders_for("pohoda-responsepack.xml", pickup_points=False)), "utf-8")
    write(out, "money-s3-orders.xml",
          money_s3(orders_for("money-s3-orders.xml", pickup_points=False)), "cp1250")


if __name__ == "__main__":
    main()
