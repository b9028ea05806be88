#!/usr/bin/env python3
"""Independent expected values for tests/test_load_complaints.c.

Python 3 stdlib only (csv, datetime, statistics): groups a CFPB export by a
column-derived key and prints, per group, complaints, timely Yes / No /
other, and the median and p90 (R type 7 = statistics.quantiles(...,
method='inclusive')) of the days from "Date received" to "Date sent to
company". Shares the C code's definitions, none of its code.

    python3 tests/tools/complaints_oracle.py FILE month|state|year [--c]
"""
import csv
import datetime as dt
import statistics
import sys


def parse_date(s):
    s = s.strip()
    if not s:
        return None
    if "-" in s:
        y, m, d = s[:10].split("-")
    else:
        m, d, y = s.split("/")
    return dt.date(int(y), int(m), int(d))


def q(values, p):
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(sorted(values), n=100 if p == 0.9 else 2, method="inclusive")
    return cuts[89] if p == 0.9 else cuts[0]


def main():
    path, key = sys.argv[1], sys.argv[2]
    as_c = "--c" in sys.argv
    groups = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rec = parse_date(row["Date received"])
            sent = parse_date(row.get("Date sent to company", ""))
            if key == "month":
                k = f"{rec.year:04d}-{rec.month:02d}"
            elif key == "year":
                k = f"{rec.year:04d}"
            else:
                k = row["State"].strip()
            g = groups.setdefault(k, {"n": 0, "yes": 0, "no": 0, "unk": 0, "lags": []})
            g["n"] += 1
            t = row["Timely response?"].strip().lower()
            g["yes" if t == "yes" else "no" if t == "no" else "unk"] += 1
            if sent is not None:
                g["lags"].append((sent - rec).days)
    total = sum(g["n"] for g in groups.values())
    for k in sorted(groups):
        g = groups[k]
        med, p90 = q(g["lags"], 0.5), q(g["lags"], 0.9)
        if as_c:
            print(f'    {{"{k}", {g["n"]}, {g["yes"]}, {g["no"]}, {g["unk"]}, {len(g["lags"])}, '
                  f'{med!r}, {p90!r}}},')
        else:
            print(k, g["n"], g["yes"], g["no"], g["unk"], len(g["lags"]), med, p90, sep="\t")
    print(f"# total {total}", file=sys.stderr)


if __name__ == "__main__":
    main()
