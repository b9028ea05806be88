#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz corpora (tests/fuzz/corpus/<target>/).

Seeds are small pieces of datasets/ and tests/data plus the hostile values of
issue #8 (1e309, NaN, -0, full-width digits, 2024-02-30 ...). The committed
corpora are these seeds merged with what fuzzing found, minimized with
libFuzzer's -merge=1 (bench/fuzz.sh --merge). Run from the repository root:
    python3 tests/fuzz/make_seeds.py OUTDIR   (OUTDIR/<target>/seed-NNN)
Standard library only: csv reads the datasets as Python's RFC 4180 parser.
"""
import csv
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rows(path, n):
    with open(os.path.join(ROOT, path), encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        return [row for _, row in zip(range(n + 1), r)]


def money():
    vals = ["1234.56", "$1,234.56", "12.5%", "1e309", "NaN", "-0", "\uff11\uff12\uff13",
            "12.5%%", "330.430000", "22583.2667671403", ".165160", "0.005", "-0.015",
            "92233720368547758.07", "-92233720368547758.08", "\u00a5100", "\uffe5 8000",
            " 42 ", "1,234,567.891", "1,23", "+.5", "0.0000000000000000001"]
    out = []
    for i, v in enumerate(vals):
        out.append(bytes([i % 32]) + v.encode())
    for row in rows("datasets/prosper_loans_a.csv", 3)[1:]:
        out += [b"\x00" + c.encode() for c in row[:12] if c][:6]
    return out


def date():
    vals = ["2024-02-30", "0000-00-00", "99/99/9999", "2024-02-29", "1900-02-29",
            "2007-08-26 19:09:29.263000000", "Dec-2011", "Dec-11", "2024\u5e743\u67085\u65e5",
            "3/5/2024", "12/31/9999", "2020-01-01T10:00:00+08:00", "2025-11-23 14:05",
            "0001-01-01", "2024-1-5", "24:00", " 2024-06-30\t"]
    return [bytes([15]) + v.encode() for v in vals] + [bytes([1 << (i % 4)]) + v.encode()
                                                        for i, v in enumerate(vals)]


def escape():
    vals = ["=cmd|' /C calc'!A0", "+1", "-12.5", "@SUM(A1)", "\tx", "\rx", " -1", "a,b",
            'say "hi"', "line\nbreak", "crlf\r\n", "|pipe|", "<script>alert(1)</script>",
            "it's", "'); system('rm -rf /'); ('", "\x00nul", "\u0085nel\u009f", "\xc2\x01",
            "snake_case_name", "*bold* [link](x) `code` ~strike~ $x$ \\", "1e-5", "-1,000",
            "\u4fe1*\u98de", "trailing space ", "\u2028sep"]
    return [v.encode("utf-8", "surrogatepass") for v in vals] + [b"\xff\xfe"]


def names():
    out = []
    al = rows("datasets/aliases.csv", 40)[1:]
    out.append("\n".join(f"{a}\t{n}" for a, n in al[:6]).encode() + b"\n\xe4\xbf\xa1*\xe9\xa3\x9e")
    comp = [r[7] for r in rows("datasets/cfpb_complaints_2023_a.csv", 30)[1:]]
    out.append("\n".join(comp[:10]).encode())
    for v in ["EQUIFAX, INC.", "Equifax Inc", "  Capital One, N.A. ", "JPMORGAN CHASE & CO.",
              "\u4e50\u4fe1\uff08\u96c6\u56e2\uff09\u80a1\u4efd\u6709\u9650\u516c\u53f8",
              "\uff21\uff22\uff23 Co., Ltd.", "L.L.C.", "co ltd", "\u00a0x\u3000y",
              "Acme Co Ltd\tAcme Holdings\nacme", "***", "", "\xff\xfeab"]:
        out.append(v.encode("utf-8", "surrogatepass"))
    return out


def taxonomy():
    out = []
    for r in rows("datasets/cfpb_complaints_2023_a.csv", 12)[1:]:
        out.append("\t".join([r[3], r[4], r[1], r[2]]).encode() + b"\n" + r[5].encode())
    for r in rows("datasets/cfpb_complaints_2016_14col.csv", 6)[1:]:
        out.append("\t".join([r[3], r[4], r[1], r[2]]).encode())
    for r in rows("datasets/heimao_tousu_sample_3rows.csv", 3)[1:]:
        out.append(("\t\t\t\n" + r[2] + r[4]).encode())
    for v in ["\u5b9a\u4ef7\u6536\u8d39", "C11", "Payday loan\tPayday loan",
              "Bank account or service\tChecking account", "cost_and_fees",
              "harassment fee \u66b4\u529b\u50ac\u6536 \u62c5\u4fdd\u8d39"]:
        out.append(v.encode())
    return out


def head_bytes(path, lines, limit=3000):
    with open(os.path.join(ROOT, path), "rb") as f:
        data = b"".join(f.readline() for _ in range(lines))
    return data[:limit]


def csv_reader():
    """Option byte (see fuzz_csv_reader.c) + a small file: heads of the
    datasets, the board fixtures (UTF-8, BOM, GB18030) and tests/bad."""
    files = ["datasets/cfpb_complaints_2023_a.csv", "datasets/cfpb_complaints_2016_14col.csv",
             "datasets/heimao_tousu_sample_3rows.csv", "datasets/cn_installment_offers.csv",
             "datasets/lendingclub_2007_2008_kuhnrl30.csv", "datasets/prosper_loans_a.csv",
             "datasets/lendingclub_loansData_2500.csv", "datasets/aliases.csv",
             "tests/data/board/board_fields_utf8.csv", "tests/data/board/board_fields_utf8_bom.csv",
             "tests/data/board/board_fields_gb18030.csv"]
    out = []
    for i, path in enumerate(files):
        opt = [0, 0x10, 0x20, 0x04, 0x08, 0x02, 0x01][i % 7]
        if "gb18030" in path:
            opt = 0
        out.append(bytes([opt]) + head_bytes(path, 4))
    bad = os.path.join(ROOT, "tests", "bad")
    for name in sorted(os.listdir(bad)):
        if name.endswith(".csv"):
            with open(os.path.join(bad, name), "rb") as f:
                out.append(b"\x00" + f.read()[:3000])
    out += [b"\x00a,b\r\n1,2\r\n\r\n3,4", b"\x00a,b\r1,2\r3,4\r", b"\x04a,b\n1\n1,2,3\n",
            b'\x00a,"b\nc"\n"x\r\ny",2\n', b"\x08h\n" + b"y" * 100 + b"\nz\n"]
    return out


def csv_reader_more():
    """Seeds for the extended layout (fuzz_csv_reader.c, byte 0 bits 6-7):
    a header padded to end near the 1 MiB block boundary (LF, CRLF, a CRLF
    of the data cut by the boundary; rows as wide as the generated header),
    column selections, end limits."""
    return [b"\x80\x89\x05\x00" + b'1,2,3,4\n4,"5\n6",7,8\r\n8,9,10,11\n',
            b"\x90\x86\x00\x00" + b'x,y,z\r\n"a""b",c,d\r\n',
            b"\x80\x81\x04\x00" + b"a,b\r\nc,d\r\n\r\ne,f\n",
            b"\x40\x04\xe1\x00" + b'a,b,c,d,e\n1,2,"x""y",4,5\n6,7,8,9,10\r\n',
            b"\x80\x20\x0c\x00" + b"a,b\n1,2\n3,4\n5,6\n",
            b"\xd0\xc5\x03\x00\x02\x00\x03\x26\x00" + b'p,"q\r\n",r\n\n1,2\r\n',
            b"\x44\x03\x19\x00" + b'a,b\n1,"2\n",3\n4\r5\r\n\n',
            b"\x80\x20\x05\x00" + b'a,b\n1,2\n3,4\r\n\r\n5,"6\n"\n']


def args():
    """Selector byte (fuzz_args.c: 0 when, 1 ppy, 2 frequency, 3 method,
    4 period, 5 --by, 6 encoding) + the option value."""
    vals = {0: ["0", "1", "2.5", "1+19/30", "2024-01-31", "2024-02-30", "-1", "1e3", "1+30/30"],
            1: ["12", "26.5", "365/14", "0", "1/0", "-12", "1e309", "12/"],
            2: ["monthly", "semimonthly", "biweekly", "weekly", "daily", "quarterly", "yearly",
                "annual", "Monthly"],
            3: ["annuity", "equal-principal", "equal_principal", "FLAT", "interest-only",
                "bullet", "balloon"],
            4: ["2024Q4", "2024-11", "2024", "0001Q1", "9999-12", "2024Q5", "2024-13", "0000"],
            5: ["platform", "platform,product", "loan", "month,quarter,year", "platform,platform",
                "loan,platform", ""],
            6: ["auto", "utf-8", "gb18030", "UTF8", "latin1"]}
    return [bytes([k]) + v.encode() for k, vs in vals.items() for v in vs]


def colmap():
    """A --map file (fuzz_colmap.c resolves it against a fixed header)."""
    return [b"field,column\ndate_received,Date\ncompany,Company Name\n",
            b"\xef\xbb\xbffield,column,note\nid,id,x\ndate_received,\xe6\x97\xa5\xe6\x9c\x9f,\n",
            b"column,field\r\nCompany Name,company\r\nDate,date_received\r\n",
            b"field,column\ncompany,Company Name\ncompany,Date\n",
            b"field,column\nnot_a_field,Date\n", b"field,column\ndate_received, Date \n",
            b"field,column\n\"company\",\"Company Name\"\ndate_received,Missing\n",
            b"field\ncompany\n", b"", b"field,column\n,\n"]


def flows():
    """ppy selector byte (0 = monthly, 1 = daily ...) + "when,amount" lines:
    the flows of tests/data/apr_vectors.csv (Reg Z App. J examples and
    others) plus one-sign, dated and odd-period cases."""
    out = []
    for r in rows("tests/data/apr_vectors.csv", 400)[1:]:
        if r[11] and len(out) < 24:
            out.append(b"\x00" + "\n".join(f.replace(":", ",", 1)
                                            for f in r[11].split(";")).encode())
    out += [b"\x00" + b"0,-1000\n1,-500", b"\x01" + b"2024-01-01,-1000\n2024-02-01,1100",
            b"\x00" + b"0,-1000\n2024-02-01,1100", b"\x06" + b"0,-100\n1+19/30,60\n2,60",
            b"\x00" + b"0,-1\n1000,1e309", b"\x00" + b"0,-100\n1,300\n2,-250"]
    return out


def aliases():
    """--aliases files: the dataset's own, reordered columns, chains, clashes."""
    with open(os.path.join(ROOT, "datasets/aliases.csv"), "rb") as f:
        own = f.read()
    return [own[:2000], b"name,alias\nACME,Acme Co\n", b"alias,name\nA,B\nC,A\n",
            b"alias,name\nA,B\nA,C\n", b"alias,name\n,B\n", b"alias\nx\n",
            b"\xef\xbb\xbfalias,name,note\n\xe4\xbf\xa1*\xe9\xa3\x9e,Xinfei,masked\n",
            b"alias,name\n\"L.L.C.\",\"Acme, Inc.\"\n"]


def csv_scan():
    """fuzz_csv_scan.c (area perf): byte 0 flags and block size, byte 1 the
    split target, then the CSV: the csv_reader seeds with both layouts of
    byte 0 (odd = also check NUL / UTF-8 fallbacks)."""
    return [bytes([0x11 + 2 * (i % 2), 40]) + b[1:] for i, b in enumerate(csv_reader())]


def cstats_keys():
    """fuzz_cstats_keys.c: bytes 0-2 are options (key pair and third key,
    no_lags / no_top_issue / order of the three keys, where the halves are
    cut), then 6 bytes a complaint. Any bytes decode, so the seeds are
    pseudo-random (a fixed LCG): one per key pair with 1-60 complaints, and
    one of 300 (MAX_COMPLAINTS) so libFuzzer's length limit reaches it."""
    x = 2026

    def nxt():
        nonlocal x
        x = (x * 1103515245 + 12345) % 2**31
        return x >> 16 & 255

    seeds = []
    for i in range(13):
        n = 300 if i == 12 else [1, 5, 20, 60][i % 4]
        seeds.append(bytes([i, nxt(), nxt()]) + bytes(nxt() for _ in range(6 * n)))
    return seeds


def main():
    outdir = sys.argv[1]
    for name, gen in [("money", money), ("date", date), ("escape", escape), ("names", names),
                      ("taxonomy", taxonomy), ("csv_reader", lambda: csv_reader() + csv_reader_more()), ("args", args), ("colmap", colmap),
                      ("flows", flows), ("aliases", aliases),
                      ("csv_scan", csv_scan), ("cstats_keys", cstats_keys)]:
        d = os.path.join(outdir, name)
        os.makedirs(d, exist_ok=True)
        for i, b in enumerate(gen()):
            with open(os.path.join(d, f"seed-{i:03d}"), "wb") as f:
                f.write(b)


if __name__ == "__main__":
    main()
