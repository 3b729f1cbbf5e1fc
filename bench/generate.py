#!/usr/bin/env python3
"""Writes a deterministic order file of N orders in one of the formats Consign reads.

The orders are the project's samples (samples/*), repeated with fresh order codes, so every
file holds the same mix: CZ, SK, HU and PL, home delivery and pickup points, COD or not, and
a few invalid orders (missing zip, too heavy, COD too high...) that Consign must reject.
Same arguments, same bytes.

Usage: bench/generate.py FORMAT N OUTPUT [--first-code K]
  FORMAT: consign-csv (Windows-1250), consign-csv-ppl (valid PPL orders only), shoptet-csv (Windows-1250), consign-xml (UTF-8),
          pohoda-xml (Windows-1250)
"""
import csv
import io
import os
import re
import sys

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
CODE = re.compile(r"(?<!\d)2024\d{6}(?!\d)")  # every sample's order codes (2024NNNNNN)
FIRST_CODE = 3000000000  # ten digits: also a valid variable symbol


def read_sample(name, encoding):
    with open(os.path.join(SAMPLES, name), encoding=encoding, newline="") as handle:
        return handle.read()


def csv_blocks(text, separator, key_column):
    """Header line and the records grouped by order code (Shoptet has one row per item)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    header, body = rows[0], [row for row in rows[1:] if any(row)]
    blocks, current, code = [], [], None
    for row in body:
        if row[key_column] != code and current:
            blocks.append(current)
            current = []
        code = row[key_column]
        current.append(row)
    blocks.append(current)
    return header, blocks


def write_csv(output, header, blocks, count, first, separator, quote_all, trailing):
    """Repeats `blocks` with new order codes until `count` orders are written."""
    out = io.open(output, "w", encoding="cp1250", newline="")
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, delimiter=separator, quoting=quoting, lineterminator=("\r\n" if not trailing else ";\r\n"))
    writer.writerow(header)
    for index in range(count):
        block = blocks[index % len(blocks)]
        old = block[0][0]
        new = str(first + index)
        for row in block:
            writer.writerow([cell.replace(old, new) if cell == old or CODE.fullmatch(cell) else cell for cell in row])
    out.close()


def xml_blocks(text, start, end):
    """Prolog, the repeated element blocks and the epilog of an XML sample."""
    head = text.index(start)
    tail = text.rindex(end) + len(end)
    body = text[head:tail]
    blocks = [start + part for part in body.split(start)[1:]]
    return text[:head], blocks, text[tail:]


def write_xml(output, encoding, prolog, blocks, epilog, count, first):
    with io.open(output, "w", encoding=encoding, newline="") as out:
        out.write(prolog)
        for index in range(count):
            block = blocks[index % len(blocks)].rstrip()
            out.write(CODE.sub(str(first + index), block))
            out.write("\n  ")
        out.write(epilog.lstrip(" "))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    fmt, count, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    first = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--first-code" else FIRST_CODE
    if fmt == "consign-csv":
        header, blocks = csv_blocks(read_sample("consign-orders-cp1250.csv", "cp1250"), ";", 0)
        write_csv(output, header, blocks, count, first, ";", False, False)
    elif fmt == "consign-csv-ppl":
        # Valid PPL home deliveries only: the open shipments a `consign close ppl` hands over.
        header, blocks = csv_blocks(read_sample("consign-orders-cp1250.csv", "cp1250"), ";", 0)
        zip_column, weight_column = header.index("zip"), header.index("weight")

        def registrable(row):
            weight = row[weight_column].strip().replace(",", ".")
            return row[zip_column].strip() and (not weight or float(weight) <= 31.5)

        blocks = [block for block in blocks if block[0][1] == "PPL" and not block[0][0].startswith("202400019")
                  and registrable(block[0])]
        write_csv(output, header, blocks, count, first, ";", False, False)
    elif fmt == "shoptet-csv":
        header, blocks = csv_blocks(read_sample("shoptet-orders-cp1250.csv", "cp1250"), ";", 0)
        header = [name for name in header if name]
        blocks = [[row[:len(header)] for row in block] for block in blocks]
        write_csv(output, header, blocks, count, first, ";", True, True)
    elif fmt == "consign-xml":
        prolog, blocks, epilog = xml_blocks(read_sample("consign-orders.xml", "utf-8"), "<order ", "</order>")
        write_xml(output, "utf-8", prolog, blocks, epilog, count, first)
    elif fmt == "pohoda-xml":
        prolog, blocks, epilog = xml_blocks(read_sample("pohoda-datapack-cp1250.xml", "cp1250"),
                                            "<dat:dataPackItem ", "</dat:dataPackItem>")
        write_xml(output, "cp1250", prolog, blocks, epilog, count, first)
    else:
        sys.exit("unknown format " + fmt)


if __name__ == "__main__":
    main()
