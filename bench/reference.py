#!/usr/bin/env python3
"""A capable Python implementation of Consign's main job, for comparison in scripts/bench.

Reads one order file (Consign CSV or Shoptet CSV in Windows-1250, Consign XML or POHODA XML),
streams it (csv module / ElementTree.iterparse, clearing finished elements), validates and
normalises every order (country, postal-code shape, E.164 phone, e-mail, shipping method to
carrier, weight and COD limits, variable symbol), assigns a GUID and a tracking number, stores
shipments, history and events with sqlite3 executemany in one transaction (WAL,
synchronous=FULL), and writes a result CSV in the input's encoding. Usage:

    reference.py FORMAT INPUT DATABASE RESULT_CSV
"""
import csv
import io
import json
import re
import sqlite3
import sys
import time
import uuid
import xml.etree.ElementTree as ET

ZIP_SHAPES = {"CZ": (5, 3, " "), "SK": (5, 3, " "), "HU": (4, None, ""), "PL": (5, 2, "-")}
PHONE_PLANS = {"CZ": ("420", None, 9), "SK": ("421", "0", 9), "HU": ("36", "06", 9), "PL": ("48", None, 9)}
METHODS = [("zasilkovna", "packeta", "pickup_point"), ("packeta", "packeta", "pickup_point"),
           ("balikovna", "cpost", "pickup_point"), ("ppl parcelshop", "ppl", "pickup_point"),
           ("ppl", "ppl", "home_delivery"), ("dpd pickup", "dpd", "pickup_point"), ("dpd", "dpd", "home_delivery"),
           ("gls", "gls", "home_delivery"), ("mpl", "mpl", "home_delivery")]
COUNTRIES = {"ceska republika": "CZ", "slovensko": "SK", "magyarorszag": "HU", "polska": "PL"}
MAX_WEIGHT = {"ppl": 31.5, "packeta": 10, "cpost": 20, "dpd": 31.5, "gls": 40, "mpl": 30}
MAX_COD = {"CZK": 100000, "EUR": 4000, "HUF": 1000000, "PLN": 20000}
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>.][^@\s<>]*\.[^@\s<>]*[^@\s<>.]$")
FOLD = str.maketrans("áäčďéěíĺľňóôőöŕřšťúůűüýžłąęśźż", "aacdeeillnoooorrstuuuuyzlaeszz")
method_cache = {}


def fold(text):
    return " ".join(re.split(r"[^0-9a-z]+", text.lower().translate(FOLD))).strip()


def method(name):
    if name not in method_cache:
        folded = fold(name)
        method_cache[name] = next(((c, s) for key, c, s in METHODS if key in folded), None)
    return method_cache[name]


def number(text):
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    return float(text.replace(",", "."))


def normalise(order):
    problems = []
    code = order.get("orderCode", "").strip()
    if not code:
        problems.append(("orderCode", "Order code is missing."))
    country = order.get("country", "").strip()
    country = COUNTRIES.get(fold(country), country.upper()) if country else ""
    zip_code = "".join(order.get("zip", "").split())
    shape = ZIP_SHAPES.get(country)
    if shape:
        digits = zip_code.replace("-", "")
        if len(digits) != shape[0] or not digits.isdigit():
            problems.append(("recipient.zip", "Postal code does not have the shape used in " + country))
        elif shape[1] is not None:
            zip_code = digits[:shape[1]] + shape[2] + digits[shape[1]:]
        else:
            zip_code = digits
    phone = re.sub(r"[ \-/.()]", "", order.get("phone", ""))
    if phone:
        plan = PHONE_PLANS.get(country)
        if phone.startswith("00"):
            phone = "+" + phone[2:]
        if not phone.startswith("+") and plan:
            if plan[1] and phone.startswith(plan[1]):
                phone = phone[len(plan[1]):]
            phone = "+" + plan[0] + phone
        if not phone[1:].isdigit() or not 9 <= len(phone) - 1 <= 15:
            problems.append(("recipient.phone", "Phone number is not valid."))
    email = order.get("email", "").strip()
    if email and not EMAIL.match(email):
        problems.append(("recipient.email", "E-mail address is not valid."))
    if not phone and not email:
        problems.append(("recipient", "Phone or e-mail is required."))
    carrier = order.get("carrier", "").strip().lower()
    service = order.get("service", "").strip() or "home_delivery"
    if not carrier:
        found = method(order.get("shippingMethod", ""))
        if not found:
            problems.append(("shippingMethod", "Shipping method is not mapped to a carrier."))
        else:
            carrier, service = found
    weight = number(order.get("weight"))
    if carrier and weight is not None and weight > MAX_WEIGHT.get(carrier, 30):
        problems.append(("packages.weight", "Parcel is too heavy for the carrier."))
    currency = (order.get("currency") or "CZK").upper()
    cod = number(order.get("cod"))
    if cod is not None and cod > MAX_COD.get(currency, 0):
        problems.append(("cod", "COD amount is above the carrier's limit."))
    if service in ("pickup_point",) and not order.get("pickupPointId", "").strip():
        problems.append(("pickupPointId", "Pickup point is required."))
    recipient = {"name": order.get("name", "").strip(), "street": order.get("street", "").strip(),
                 "city": order.get("city", "").strip(), "zip": zip_code, "countryCode": country,
                 "phone": phone or None, "email": email or None}
    return code, carrier, service, recipient, weight, cod, currency, problems


def consign_csv(path):
    with open(path, encoding="cp1250", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def shoptet_csv(path):
    with open(path, encoding="cp1250", newline="") as handle:
        last = None
        for row in csv.DictReader(handle, delimiter=";"):
            if row["code"] == last:
                continue
            last = row["code"]
            yield {"orderCode": row["code"], "name": row["deliveryFullName"] or row["billFullName"],
                   "street": row["deliveryStreet"] or row["billStreet"], "city": row["deliveryCity"] or row["billCity"],
                   "zip": row["deliveryZip"] or row["billZip"],
                   "country": row["deliveryCountryCode"] or row["billCountryCode"], "phone": row["phone"],
                   "email": row["email"], "weight": row["weight"], "currency": row["currency"],
                   "pickupPointId": row["zasilkovnaDistributionPointBranchId"],
                   "shippingMethod": "Zásilkovna" if row["zasilkovnaDistributionPointBranchId"] else "PPL",
                   "cod": row["priceToPay"] if not row["paid"] else ""}


def consign_xml(path):
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag != "order":
            continue
        order = {"orderCode": element.get("code", "")}
        for child in element.iter():
            if child.text and child.text.strip() and child.tag not in ("order", "recipient", "packages"):
                order[child.tag] = child.text
        package = element.find("packages/package")
        if package is not None:
            order["weight"] = package.get("weight")
        cod = element.find("cod")
        if cod is not None:
            order["currency"] = cod.get("currency")
        element.clear()
        yield order


def pohoda_xml(path):
    ns = "{http://www.stormware.cz/schema/version_2/"
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag != ns + "data.xsd}dataPackItem":
            continue
        header = element.find(f"{ns}order.xsd}}order/{ns}order.xsd}}orderHeader")
        address = header.find(f"{ns}order.xsd}}partnerIdentity/{ns}type.xsd}}address")
        text = lambda parent, tag: (parent.findtext(tag) or "") if parent is not None else ""
        typ = ns + "type.xsd}"
        order = {"orderCode": text(header, ns + "order.xsd}numberOrder"), "name": text(address, typ + "name"),
                 "street": text(address, typ + "street"), "city": text(address, typ + "city"),
                 "zip": text(address, typ + "zip"), "country": text(address, f"{typ}country/{typ}ids"),
                 "phone": text(address, typ + "phone"), "email": text(address, typ + "email"),
                 "shippingMethod": text(header, f"{ns}order.xsd}}carrier/{typ}ids")}
        element.clear()
        yield order


READERS = {"consign-csv": consign_csv, "shoptet-csv": shoptet_csv, "consign-xml": consign_xml,
           "pohoda-xml": pohoda_xml}
SCHEMA = """
CREATE TABLE IF NOT EXISTS shipments(id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, order_code TEXT NOT NULL,
  status TEXT NOT NULL, carrier_code TEXT NOT NULL, service_code TEXT NOT NULL, recipient TEXT NOT NULL,
  packages TEXT NOT NULL, cod_value TEXT, cod_currency TEXT, created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS shipments_order ON shipments(order_code, status);
CREATE INDEX IF NOT EXISTS shipments_status ON shipments(status, id);
CREATE INDEX IF NOT EXISTS shipments_carrier ON shipments(carrier_code, status, id);
CREATE TABLE IF NOT EXISTS history(shipment_guid TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL,
  real_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, shipment_guid TEXT NOT NULL, sequence INTEGER NOT NULL,
  type TEXT NOT NULL, created_at REAL NOT NULL, payload TEXT NOT NULL);
"""


def main():
    fmt, path, database, result_path = sys.argv[1:5]
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    encoding = "utf-8" if fmt == "consign-xml" else "cp1250"
    out = open(result_path, "w", encoding=encoding, errors="replace", newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["orderCode", "outcome", "guid", "carrier", "service", "status", "trackingNumbers",
                     "errorCode", "field", "message"])
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(now))
    shipments, history, events = [], [], []
    db.execute("BEGIN IMMEDIATE")
    for order in READERS[fmt](path):
        code, carrier, service, recipient, weight, cod, currency, problems = normalise(order)
        if problems:
            writer.writerow([code, "rejected", "", "", "", "", "", "validation-failed",
                             ", ".join(p[0] for p in problems), "; ".join(p[1] for p in problems)])
            continue
        guid = str(uuid.uuid4())
        tracking = "%s%011d" % (carrier[:1].upper(), uuid.UUID(guid).int % 10**11)
        packages = json.dumps([{"weight": weight, "trackingNumber": tracking}])
        shipments.append((guid, code, "created", carrier, service, json.dumps(recipient, ensure_ascii=False),
                          packages, None if cod is None else "%.2f" % cod, currency if cod else None, now))
        history.append((guid, None, "requested", now))
        history.append((guid, "requested", "created", now))
        events.append((guid, 1, "shipment:create", now, json.dumps(
            {"event": "shipment:create", "eventCreated": stamp, "eventInstance": guid, "fromStatus": "requested",
             "orderCode": code, "sequence": 1, "status": "created", "trackingNumbers": [tracking]},
            sort_keys=True, ensure_ascii=False)))
        writer.writerow([code, "registered", guid, carrier, service, "created", tracking, "", "", ""])
        if len(shipments) >= 10000:
            flush(db, shipments, history, events)
    flush(db, shipments, history, events)
    out.flush()
    import os
    os.fsync(out.fileno())
    out.close()
    db.execute("COMMIT")
    db.close()


def flush(db, shipments, history, events):
    db.executemany("INSERT INTO shipments(guid, order_code, status, carrier_code, service_code, recipient, packages,"
                   " cod_value, cod_currency, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", shipments)
    db.executemany("INSERT INTO history VALUES (?,?,?,?)", history)
    db.executemany("INSERT INTO events(shipment_guid, sequence, type, created_at, payload) VALUES (?,?,?,?,?)",
                   events)
    shipments.clear()
    history.clear()
    events.clear()


if __name__ == "__main__":
    main()
