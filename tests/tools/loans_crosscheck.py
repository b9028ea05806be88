#!/usr/bin/env python3
"""Independent cross-check of `ptaudit loans --by platform` on the bundled
LendingClub and Prosper extracts, with Python's csv, statistics and plain
float arithmetic (no code shared with the C implementation).

  python3 tests/tools/loans_crosscheck.py FILE            # prints the expected group row
  ptaudit loans -q FILE --to csv | python3 tests/tools/loans_crosscheck.py FILE -
                                                          # compares, exit 1 on a difference

Definitions it re-implements from CONTRACT.md / docs/loans.md:
  LendingClub: apr = 12 x the monthly rate i with
      funded_amnt = installment (1 - (1+i)^-term) / i  (bisection), else int_rate;
      loansData: apr = Interest.Rate, principal = Amount.Requested.
  Prosper: payment = P r/(1-(1+r)^-n), r = BorrowerRate/12;
      fee = round(P - payment (1-(1+a)^-n)/a, 2), a = BorrowerAPR/12;
      apr = 12 x the rate at which payment repays P - fee; duplicate
      ListingKey rows after the first are rejected.
  Quantiles: statistics.quantiles(method='inclusive') (R type 7).
"""
import csv
import math
import statistics
import sys

TOL = 0.0005


def level_rate(principal, payment, n):
    if payment * n < principal:
        return None
    if payment * n == principal:
        return 0.0
    lo, hi = 0.0, 1.0
    while payment * (1 - (1 + hi) ** -n) / hi > principal:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if payment * (1 - (1 + mid) ** -n) / mid > principal:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def pct(text):
    text = text.strip()
    return float(text[:-1]) / 100 if text.endswith('%') else float(text)


def term(text):
    return int(text.strip().split()[0])


def lendingclub(rows):
    out = []   # (principal_cents, apr, checked, disagrees)
    for r in rows:
        if 'Interest.Rate' in r:
            p = round(float(r['Amount.Requested']) * 100)
            out.append((p, pct(r['Interest.Rate']), None, None))
            continue
        p = round(float(r['funded_amnt']) * 100)
        n, rate = term(r['term']), pct(r['int_rate'])
        m = round(float(r['installment']) * 100)
        i = level_rate(p, m, n)
        if i is None:
            continue
        out.append((p, 12 * i, True, abs(12 * i - rate) > TOL))
    return out, 'LendingClub', []


def prosper(rows):
    out, seen, fees = [], set(), []
    for r in rows:
        if r['ListingKey'] in seen:
            continue
        seen.add(r['ListingKey'])
        p = round(float(r['LoanOriginalAmount']) * 100)
        n, br, ba = int(r['Term']), float(r['BorrowerRate']), float(r['BorrowerAPR'])
        i = br / 12
        pay = p * i / (1 - (1 + i) ** -n) if i else p / n
        a = ba / 12
        fee = round(p - pay * (1 - (1 + a) ** -n) / a)
        fees.append(fee / p)
        apr = 12 * level_rate(p - fee, pay, n)
        m = round(float(r['MonthlyLoanPayment']) * 100)
        checked = disagrees = None
        if m > 0:
            rec = level_rate(p, m, n)
            checked = True
            disagrees = rec is None or abs(12 * rec - br) > TOL
        out.append((p, apr, checked, disagrees))
    return out, 'Prosper', fees


def expected(path):
    with open(path, newline='', encoding='utf-8') as f:
        rows = [r for r in csv.DictReader(f)]
    loans, platform, fees = prosper(rows) if 'BorrowerAPR' in rows[0] else lendingclub(rows)
    aprs = [a for _, a, _, _ in loans]
    q = statistics.quantiles(aprs, n=20, method='inclusive')
    w = sum(p for p, _, _, _ in loans)
    row = {
        'platform': platform, 'currency': 'USD', 'loans': len(loans),
        'principal_volume': '%d.%02d' % divmod(w, 100),
        'apr_min': min(aprs), 'apr_p10': q[1], 'apr_p25': q[4], 'apr_median': q[9],
        'apr_p75': q[14], 'apr_p90': q[17], 'apr_max': max(aprs),
        'apr_mean': statistics.fmean(aprs),
        'apr_weighted_mean': math.fsum(p * a for p, a, _, _ in loans) / w,
        'share_over_24': sum(a > 0.24 for a in aprs) / len(aprs),
        'share_over_36': sum(a > 0.36 for a in aprs) / len(aprs),
        'rate_checked': sum(1 for l in loans if l[2]),
        'rate_disagreed': sum(1 for l in loans if l[3]),
    }
    if fees:
        fq = statistics.quantiles(fees, n=20, method='inclusive')
        row.update({'implied_fee_share_p10': fq[1], 'implied_fee_share_median': fq[9],
                    'implied_fee_share_p90': fq[17]})
    return row


def show(v):
    return '%.10f' % v if isinstance(v, float) else str(v)


def main():
    path = sys.argv[1]
    want = expected(path)
    if len(sys.argv) == 2:
        for k, v in want.items():
            print('%s,%s' % (k, show(v)))
        return 0
    got = list(csv.DictReader(sys.stdin))
    if len(got) != 1:
        print('expected one group row, found %d' % len(got))
        return 1
    bad = 0
    for k, v in want.items():
        g = got[0].get(k)
        ok = (abs(float(g) - v) <= 1e-9) if isinstance(v, float) else g == str(v)
        if not ok:
            print('%s: ptaudit %s, python %s' % (k, g, show(v)))
            bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
