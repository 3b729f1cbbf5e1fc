#!/usr/bin/env python3
"""Crash harness for Consign: kills the real binary at many moments and checks that
nothing is lost, doubled or left half-written.

For each seed it drops a batch of input files into a fresh spool, then runs `consign run`
over and over, each time killing it with SIGKILL either at a named kill point
(CONSIGN_CRASH_AT=point:n, compiled into the binary) or after a random delay, until a run
completes. Some seeds drop a single file and commit it every few orders
(`spool.commitEveryOrders`; later parts a fifth of it), so kills fall between its committed
parts. Some files are Shoptet exports (several rows per order, codes rising) that are committed in
parts the same way. Some seeds also close a carrier, so the acknowledgement, the handover protocol and the report e-mail (file
transport) are crashed too. Then it checks the invariants.

Usage: scripts/crash-harness.py --binary .build/debug/consign [--seeds 20] [--files 6] [--seed-base 1]
Exit status 0 when every seed holds every invariant.
"""
import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

INGEST_POINTS = ["claim", "read", "register", "part-committed", "result-write", "before-commit", "after-commit",
                 "after-publish", "after-archive", "export"]
CLOSE_POINTS = ["handover", "mail-send", "mail-sent", "export", "result-write"]
POINTS = INGEST_POINTS + ["handover", "mail-send", "mail-sent"]
T_INGEST = "2026-12-04T08:00:00+0000"
T_ACK = "2026-12-04T08:30:00+0000"
HEADER = "orderCode;shippingMethod;pickupPointId;name;street;city;zip;country;phone;email;weight;cod;currency"


def order_row(code, valid, rng):
    zip_code = "110 00" if valid else "1100"
    method = rng.choice(["PPL", "DPD", "GLS"])
    cod = rng.choice(["", "1290,50", "99"])
    return f"{code};{method};;Jana Nováková;Dlouhá 12;Praha 1;{zip_code};CZ;+420 601 123 456;j@example.cz;2,5;{cod};CZK"


SHOPTET_HEADER = ('"code";"deliveryFullName";"deliveryStreet";"deliveryCity";"deliveryZip";"deliveryCountryCode";'
                  '"phone";"priceToPay";"currency";"orderItemType";"itemName";"itemAmount";"weight";')


def shoptet_rows(code, valid, rng):
    """A Shoptet export's rows of one order: items, the shipping row and the payment row."""
    zip_code = "110 00" if valid else "1100"
    items = [("product", f"Hrnek {n}") for n in range(rng.randint(1, 3))]
    items += [("shipping", rng.choice(["PPL", "DPD", "GLS"])), ("billing", rng.choice(["Dobírka", "Převodem"]))]
    return [f'"{code}";"Jana Nováková";"Dlouhá 12";"Praha 1";"{zip_code}";"CZ";"601123456";"1290,50";"CZK";'
            f'"{kind}";"{name}";"1";"0,5";' for kind, name in items]


def make_inputs(folder, seed, files, rng, garbage_allowed=True):
    """Writes input files; returns {file name: [(order code, valid)]} and garbage file names."""
    expected, garbage = {}, []
    for index in range(files):
        count = rng.randint(1, 40)
        orders = [(f"S{seed}-F{index}-{n}", rng.random() > 0.1) for n in range(count)]
        kind = rng.random()
        if kind < 0.25:
            # Codes that only rise, so that the file may be committed in parts.
            name = f"shoptet-{index}.csv"
            rows = [SHOPTET_HEADER] + [row for code, valid in orders for row in shoptet_rows(code, valid, rng)]
            data = ("\r\n".join(rows) + "\r\n").encode(rng.choice(["utf-8", "cp1250"]))
        elif kind < 0.5:
            name = f"orders-{index}.xml"
            body = ['<?xml version="1.0" encoding="UTF-8"?>', '<consign-orders version="1">']
            for code, valid in orders:
                body.append(f'<order code="{code}"><shippingMethod>PPL</shippingMethod><recipient>'
                            f'<name>Jana Nováková</name><street>Dlouhá 12</street><city>Praha 1</city>'
                            f'<zip>{"110 00" if valid else "1100"}</zip><country>CZ</country>'
                            f'<phone>601123456</phone></recipient>'
                            f'<packages><package weight="1.5"/></packages></order>')
            body.append("</consign-orders>")
            data = "\n".join(body).encode("utf-8")
        else:
            name = f"orders-{index}.csv"
            encoding = rng.choice(["utf-8", "cp1250"])
            rows = [HEADER] + [order_row(code, valid, rng) for code, valid in orders]
            data = ("\r\n".join(rows) + "\r\n").encode(encoding)
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
        expected[name] = orders
    if garbage_allowed and rng.random() < 0.5:
        name = "garbage.csv"
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(bytes(rng.randrange(256) for _ in range(300)))
        garbage.append(name)
    old = time.time() - 3600
    for name in os.listdir(folder):
        os.utime(os.path.join(folder, name), (old, old))
    return expected, garbage


def run(binary, spool, args, now, crash=None, delay=None):
    config = os.path.join(os.path.dirname(spool), "parts.json")
    if os.path.exists(config):
        args = ["--config", config] + args
    env = dict(os.environ, CONSIGN_NOW=now)
    env.pop("CONSIGN_CRASH_AT", None)
    if crash:
        env["CONSIGN_CRASH_AT"] = crash
    process = subprocess.Popen([binary, "--spool", spool] + args, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if delay is not None:
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode("utf-8", "replace")


def attempt(binary, spool, now, rng, stats, points):
    """One run with a kill plan; returns True when it completed without being killed."""
    if rng.random() < 0.2:
        code, _ = run(binary, spool, ["watch"], now, delay=rng.uniform(0.05, 1.0))
        if code == -signal.SIGKILL:
            stats["watch"] += 1
        return False
    if rng.random() < 0.65:
        point = rng.choice(points)
        nth = rng.randint(1, 3) if rng.random() < 0.7 else rng.randint(1, 25)
        code, err = run(binary, spool, ["run"], now, crash=f"{point}:{nth}")
        if code == -signal.SIGKILL:
            stats["points"][point] = stats["points"].get(point, 0) + 1
            return False
    else:
        code, err = run(binary, spool, ["run"], now, delay=rng.uniform(0.0, 0.6))
        if code == -signal.SIGKILL:
            stats["timed"] += 1
            return False
    if code not in (0, 65):
        if os.environ.get("CRASH_HARNESS_KEEP"):
            shutil.copytree(spool, os.environ["CRASH_HARNESS_KEEP"], dirs_exist_ok=True)
        raise AssertionError(f"run exited {code} in {spool}; its stderr:\n{err[-3000:]}")
    return True


def drive(binary, spool, now, rng, stats, points, limit=200):
    for _ in range(limit):
        if attempt(binary, spool, now, rng, stats, points):
            return
    raise AssertionError("no run completed")


def check(spool, expected, garbage, closed):
    problems = []
    listing = lambda sub: sorted(os.listdir(os.path.join(spool, sub)))
    for sub in ("in", "work"):
        if listing(sub):
            problems.append(f"{sub}/ not empty: {listing(sub)}")
    done, error = listing("done"), listing("error")
    for name in expected:
        if (name in done) + (name in error) != 1:
            problems.append(f"{name} not exactly once in done/ or error/")
    for name in garbage:
        if name not in error:
            problems.append(f"garbage {name} not in error/")
    for sub in ("done", "error", "out/results", "out/events", "out/tracking", "out/handover", "out/mail", "work"):
        hidden = [n for n in listing(sub) if n.startswith(".")]
        if hidden:
            problems.append(f"temp files left in {sub}/: {hidden}")

    db = sqlite3.connect(os.path.join(spool, "state", "consign.sqlite"))
    counts = dict(db.execute("SELECT order_code, count(*) FROM shipments GROUP BY order_code"))
    for name, orders in expected.items():
        for code, valid in orders:
            want = 1 if valid else 0
            if counts.get(code, 0) != want:
                problems.append(f"order {code} registered {counts.get(code, 0)} times, expected {want}")
        problems += check_result(spool, name, orders)

    # An implied creation event (schema 9) keeps no GUID of its own: its shipment's is the one.
    stored = set(db.execute("""
        SELECT CASE WHEN e.shipment_guid = '' THEN s.guid ELSE e.shipment_guid END, e.sequence
        FROM events e LEFT JOIN shipments s ON s.id = e.shipment_id"""))
    rows = {guid: (code, note) for guid, code, note in db.execute(
        "SELECT guid, order_code, creation_note FROM shipments WHERE creation_note IS NOT NULL")}
    exported = []
    for name in listing("out/events"):
        with open(os.path.join(spool, "out/events", name), encoding="utf-8") as handle:
            for line in handle:
                event = json.loads(line)
                exported.append((event["eventInstance"], event["sequence"]))
                row = rows.get(event["eventInstance"])
                if event["sequence"] == 1 and row and (event["orderCode"], event["note"]) != row:
                    problems.append(f"creation event of {event['eventInstance']} differs from its shipment")
    if len(exported) != len(set(exported)):
        problems.append("an event was exported twice")
    if set(exported) != stored:
        problems.append(f"exported events differ from the outbox ({len(set(exported))} vs {len(stored)})")
    if closed:
        batches = db.execute("SELECT count(*) FROM close_batches WHERE state = 'acknowledged'").fetchone()[0]
        states = [row[0] for row in db.execute("SELECT state FROM mail_queue")]
        mails = [n for n in listing("out/mail") if n.endswith(".eml")]
        if states != ["sent"] * batches or len(mails) != batches:
            problems.append(f"reports: {batches} batches, queue {states}, {len(mails)} .eml files")
        pdfs = [n for n in listing("out/handover") if n.endswith(".pdf")]
        if len(pdfs) != batches:
            problems.append(f"{len(pdfs)} protocol PDFs for {batches} batches")
    return problems


def check_result(spool, name, orders):
    stem = name.rsplit(".", 1)[0]
    family = name.rsplit(".", 1)[1]
    path = os.path.join(spool, "out/results", f"{stem}.result.{family}")
    if not os.path.exists(path):
        return [f"no result file for {name}"]
    raw = open(path, "rb").read()
    outcomes = []
    try:
        if family == "csv":
            text = raw.decode("cp1250") if not raw.startswith(b"\xef\xbb\xbf") else raw.decode("utf-8-sig")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
            header = rows[0]
            outcomes = [(row[header.index("orderCode")], row[header.index("outcome")]) for row in rows[1:] if row]
        else:
            root = ET.fromstring(raw)
            outcomes = [(e.get("orderCode"), e.get("outcome")) for e in root.iter("result")]
    except Exception as error:  # noqa: BLE001 - any parse failure is a finding
        return [f"result file of {name} does not parse: {error}"]
    want = [(code, "registered" if valid else "rejected") for code, valid in orders]
    return [] if outcomes == want else [f"result of {name} is {outcomes[:3]}…, expected {want[:3]}…"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--seed-base", type=int, default=1)
    parser.add_argument("--files", type=int, default=6)
    options = parser.parse_args()
    stats = {"points": {}, "timed": 0, "watch": 0}
    failures = 0
    for seed in range(options.seed_base, options.seed_base + options.seeds):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory(prefix="consign-crash-") as root:
            spool = os.path.join(root, "spool")
            os.makedirs(os.path.join(spool, "in"))
            files = options.files
            in_parts = rng.random() < 0.35
            if in_parts:
                files = 1
                with open(os.path.join(root, "parts.json"), "w") as handle:
                    json.dump({"spool": {"commitEveryOrders": rng.randint(2, 7)}}, handle)
            expected, garbage = make_inputs(os.path.join(spool, "in"), seed, files, rng, not in_parts)
            # A file in parts is killed between its parts more often than elsewhere.
            points = INGEST_POINTS + ["part-committed"] * 4 if in_parts else INGEST_POINTS
            drive(options.binary, spool, T_INGEST, rng, stats, points)
            closed = rng.random() < 0.5
            if closed:
                run(options.binary, spool, ["close", "ppl"], T_INGEST)
                drive(options.binary, spool, T_ACK, rng, stats, CLOSE_POINTS)
            code, err = run(options.binary, spool, ["run"], T_ACK)
            problems = check(spool, expected, garbage, closed) if code in (0, 65) else [f"final run {code}: {err}"]
            if problems:
                failures += 1
                print(f"seed {seed}: FAILED")
                for problem in problems[:10]:
                    print(f"  {problem}")
    kills = sum(stats["points"].values()) + stats["timed"] + stats["watch"]
    print(f"crash harness: {options.seeds} seeds, {kills} kills "
          f"({stats['timed']} of run and {stats['watch']} of watch at random times, "
          f"{len(stats['points'])} of {len(POINTS)} named kill points hit: "
          + ", ".join(f"{k}={v}" for k, v in sorted(stats["points"].items())) + ")")
    print(f"{options.seeds - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
