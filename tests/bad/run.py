#!/usr/bin/env python3
"""Bad-input corpus runner (issue #8 item 2): runs ptaudit on every case of
tests/bad/cases.tsv and checks exit status, message and accounting.

Usage: run.py PTAUDIT SOURCE_DIR [NAME_REGEX]

cases.tsv, tab-separated, '#' comments:
  name      unique case name
  input     a file in tests/bad/, gen:NAME (made at run time in a temp dir,
            see GENERATORS), or - (none)
  command   ptaudit arguments, split on spaces after substituting {in} (the
            input), {tmp} (a fresh temp dir) and {src}; a trailing
            ">/dev/full" sends stdout to /dev/full
  exit      the expected exit status
  stderr    a Python regex that must match somewhere in stderr (- = any)
  counts    read/accepted/rejected summed over the "N rows read, N accepted,
            N rejected" lines on stderr (- = not checked); when the command
            writes --rejects {tmp}/rejects.csv, its records must number the
            rejected count
  state     ready, or "pending: REASON" (reported SKIP, never PASS)

Each case runs in a fresh temp dir that is also its working directory;
afterwards it may hold nothing new but the --out {tmp}/DIR of a successful
run and {tmp}/rejects.csv: a failed report leaves no partial output and
nothing is written outside --out.

PT_BAD_WRAPPER in the environment prefixes every run (tests/valgrind.sh
sets it to valgrind memcheck; its error exit, 99, then fails the case).
Any sanitizer report on stderr (AddressSanitizer, LeakSanitizer, "runtime
error:") fails a case whatever its status. Standard library only: csv reads
the rejects file (RFC 4180) independently of ptaudit's own reader.
"""
import csv
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

CFPB_HEADER = ("Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,"
               "Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,"
               "Submitted via,Date sent to company,Company response to consumer,"
               "Timely response?,Consumer disputed?,Complaint ID")


def cfpb_row(narrative="", cid=1, company="ACME, INC.", issue="Charged fees or interest"):
    return ",".join(["2023-08-25", "Payday loan", "", issue, "", narrative, "",
                     '"%s"' % company, "FL", "33009", "", "", "Web", "2023-08-25",
                     "Closed with explanation", "Yes", "N/A", str(cid)])


def gen_big_line(d):
    """A 100 MB single line: one record whose narrative is 100 MB of text,
    past the reader's 64 MiB field limit, between two good records."""
    p = os.path.join(d, "big_line.csv")
    with open(p, "w", encoding="ascii", newline="") as f:
        f.write(CFPB_HEADER + "\n" + cfpb_row(cid=1) + "\n")
        f.write(cfpb_row(narrative="x" * (100 * 1000 * 1000), cid=2) + "\n")
        f.write(cfpb_row(cid=3) + "\n")
    return p


def gen_many_columns(d):
    """The CFPB header plus 100,000 extra columns (ignored), two records."""
    p = os.path.join(d, "many_columns.csv")
    extra = 100000
    with open(p, "w", encoding="ascii", newline="") as f:
        f.write(CFPB_HEADER + "".join(",extra%d" % i for i in range(extra)) + "\n")
        for cid in (1, 2):
            f.write(cfpb_row(cid=cid) + "," * extra + "\n")
    return p


def gen_mixed_encoding(d):
    """Over 64 KiB of UTF-8 Chinese (so the file is decided UTF-8), then one
    record in GB18030: that record must be quarantined, not re-guessed."""
    p = os.path.join(d, "mixed_encoding.csv")
    text = "借款分12期每月还款担保费会员费" * 20
    with open(p, "wb") as f:
        f.write((CFPB_HEADER + "\n").encode())
        n = 0
        while f.tell() < 70 * 1024:
            n += 1
            f.write((cfpb_row(narrative=text, cid=n) + "\n").encode("utf-8"))
        f.write((cfpb_row(narrative=text, cid=n + 1) + "\n").encode("gb18030"))
        f.write((cfpb_row(narrative="ok", cid=n + 2) + "\n").encode("utf-8"))
    return p


def gen_fifo(d):
    """A FIFO fed by a writer thread with a good 2-record file."""
    p = os.path.join(d, "input.fifo")
    os.mkfifo(p)

    def feed():
        try:
            with open(p, "w", encoding="ascii") as f:
                f.write(CFPB_HEADER + "\n" + cfpb_row(cid=1) + "\n" + cfpb_row(cid=2) + "\n")
        except BrokenPipeError:
            pass  # the reader closed early: its exit status tells

    threading.Thread(target=feed, daemon=True).start()
    return p


def gen_unreadable(d):
    p = os.path.join(d, "unreadable.csv")
    with open(p, "w", encoding="ascii") as f:
        f.write(CFPB_HEADER + "\n" + cfpb_row() + "\n")
    os.chmod(p, 0)
    return p


GENERATORS = {"big_line": gen_big_line, "many_columns": gen_many_columns,
              "mixed_encoding": gen_mixed_encoding, "fifo": gen_fifo,
              "unreadable": gen_unreadable}
# PT_BAD_WRAPPER (e.g. "valgrind --error-exitcode=99 -q") prefixes every run.
WRAPPER = shlex.split(os.environ.get("PT_BAD_WRAPPER", ""))
TIMEOUT = 60 * (10 if WRAPPER else 1)  # seconds per case; the 100 MB line takes a few under ASan
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")
COUNTS = re.compile(r"(\d+) (?:rows )?read, (\d+) accepted, (\d+) rejected")


def load_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7:
                sys.exit("%s:%d: expected 7 tab-separated columns, found %d" %
                         (path, lineno, len(cols)))
            cases.append(dict(zip(["name", "input", "command", "exit", "stderr", "counts",
                                   "state"], cols), line=lineno))
    return cases


def run_case(c, ptaudit, src):
    tmp = tempfile.mkdtemp(prefix="ptbad-")
    try:
        inp = c["input"]
        if inp.startswith("gen:"):
            if inp == "gen:unreadable" and os.geteuid() == 0:
                return "SKIP", "root reads a mode-000 file; run as a normal user"
            inp = GENERATORS[inp[4:]](tmp)
        elif inp != "-":
            inp = os.path.join(src, "tests", "bad", inp)
        cmd = c["command"].replace("{in}", inp).replace("{tmp}", tmp).replace("{src}", src)
        before = set(os.listdir(tmp))
        out = subprocess.DEVNULL
        if cmd.endswith(">/dev/full"):
            cmd = cmd[: -len(">/dev/full")].strip()
            out = open("/dev/full", "wb")
        try:
            p = subprocess.run(WRAPPER + [ptaudit] + cmd.split(" "), stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.PIPE, timeout=TIMEOUT, cwd=tmp)
        except subprocess.TimeoutExpired:
            return "FAIL", "no exit within %d s (killed)" % TIMEOUT
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
        err = p.stderr.decode("utf-8", "replace")
        why = []
        # Nothing written outside --out (and --rejects), nothing left by a
        # failed run: the temp dir is also the working directory.
        allowed = set()
        m = re.search(r"--out \{tmp\}/(\S+)", c["command"])
        if m and p.returncode == 0:
            allowed.add(m.group(1))
        if "{tmp}/rejects.csv" in c["command"]:
            allowed.add("rejects.csv")
        stray = sorted(set(os.listdir(tmp)) - before - allowed)
        if stray:
            why.append("left behind: %s" % ", ".join(stray))
        if SANITIZER.search(err):
            why.append("sanitizer report")
        if str(p.returncode) != c["exit"]:
            why.append("exit %d, want %s" % (p.returncode, c["exit"]))
        if c["stderr"] != "-" and not re.search(c["stderr"], err):
            why.append("stderr does not match /%s/" % c["stderr"])
        if c["counts"] != "-":
            got = [0, 0, 0]
            for m in COUNTS.finditer(err):
                got = [g + int(x) for g, x in zip(got, m.groups())]
            want = [int(x) for x in c["counts"].split("/")]
            if got != want:
                why.append("read/accepted/rejected %s, want %s" %
                           ("/".join(map(str, got)), c["counts"]))
            if got[0] != got[1] + got[2] and "filtered" not in err:
                why.append("read != accepted + rejected")
            rej = os.path.join(tmp, "rejects.csv")
            if "{tmp}/rejects.csv" in c["command"] and os.path.exists(rej):
                with open(rej, encoding="utf-8", errors="replace", newline="") as f:
                    n = max(0, sum(1 for _ in csv.reader(f)) - 1)
                if n != want[2]:
                    why.append("rejects file has %d records, want %d" % (n, want[2]))
        if why:
            first = err.strip().splitlines()[:3]
            return "FAIL", "; ".join(why) + "\n     stderr: " + " | ".join(first)[:600]
        return "PASS", ""
    finally:
        for root, dirs, files in os.walk(tmp):
            for n in files:
                fp = os.path.join(root, n)
                if not os.path.islink(fp):
                    os.chmod(fp, stat.S_IRUSR | stat.S_IWUSR)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ptaudit, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    only = re.compile(sys.argv[3]) if len(sys.argv) > 3 else None
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for c in load_cases(os.path.join(src, "tests", "bad", "cases.tsv")):
        if only and not only.search(c["name"]):
            continue
        if c["state"] != "ready":
            verdict, why = "SKIP", c["state"]
        else:
            verdict, why = run_case(c, ptaudit, src)
        counts[verdict] += 1
        if verdict != "PASS":
            print("%s %s: %s" % (verdict, c["name"], why))
    print("bad inputs: %(PASS)d passed, %(FAIL)d failed, %(SKIP)d skipped" % counts)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
