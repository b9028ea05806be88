#!/usr/bin/env python3
"""csv_oracle.py: the independent reading of a CSV file that the C reader is
compared with (tests/test_csv_reader.c, tests/test_escape.c).

Python's own csv module (RFC 4180 dialect "excel", strict=True), with the
file opened in universal-newline mode so that LF, CRLF and a bare CR each
end a physical line, as in csv_reader.c.

Usage: csv_oracle.py FILE [ENCODING]    ENCODING: utf-8 (default; a BOM is
stripped) or gb18030.
       csv_oracle.py --batch FILE...    (utf-8) each file's output after a
                                        line "F <file>"; an error is a line
                                        "E <message>" instead of exit 1.
Prints one line per record, header included:
    R <start line> <n fields> x<hex of field 1 in UTF-8> x<hex of field 2> ...
and one line per blank line:
    B <line>
An exception (malformed CSV, undecodable bytes) exits 1 with its message on
stderr, after the records read so far."""
import csv
import sys


def read(path, enc):
    if enc == "utf-8":
        enc = "utf-8-sig"
    with open(path, newline="", encoding=enc, errors="strict") as f:
        reader = csv.reader(f, strict=True)
        prev_end = 0
        out = sys.stdout
        for rec in reader:
            start = prev_end + 1
            prev_end = reader.line_num
            if rec == []:
                out.write("B %d\n" % start)
                continue
            fields = " ".join("x" + v.encode("utf-8").hex() for v in rec)
            out.write("R %d %d %s\n" % (start, len(rec), fields))


def main():
    csv.field_size_limit(sys.maxsize)
    if sys.argv[1] == "--batch":
        for path in sys.argv[2:]:
            sys.stdout.write("F %s\n" % path)
            try:
                read(path, "utf-8")
            except (csv.Error, UnicodeDecodeError) as e:
                sys.stdout.write("E %s\n" % str(e).replace("\n", " "))
        return 0
    read(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (csv.Error, UnicodeDecodeError) as e:
        sys.stdout.flush()
        sys.stderr.write("csv_oracle: %s\n" % e)
        sys.exit(1)
