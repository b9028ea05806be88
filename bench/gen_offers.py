#!/usr/bin/env python3
"""Writes N synthetic rows in the `offers` format to stdout, for
bench/bench_loans.sh. Deterministic (same --rows/--seed, same bytes);
Python stdlib only. Values are plausible, not real: 40 platforms, 6
products, dates 2019-2025, principals 500-50,000, terms 3-36 months,
monthly rates 0.3%-3%, every method, fees on a third of the rows.

  python3 bench/gen_offers.py --rows 1000000 --seed 1 > /tmp/offers_1m.csv   # ~95 MB
"""
import argparse
import random
import sys

METHODS = ['annuity', 'annuity', 'annuity', 'equal-principal', 'flat', 'interest-only', 'bullet']
PRODUCTS = ['cash', 'shopping', 'card', 'auto', 'phone', 'travel']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', type=int, default=100000)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    out.write('loan_id,platform,product,date,currency,principal,term,rate,method,'
              'frequency,upfront_fee,periodic_fee,fee_rate,final_fee,advertised_rate,'
              'advertised_basis,source\n')
    buf = []
    for i in range(a.rows):
        principal = rnd.randrange(500, 50001)
        term = rnd.choice((3, 6, 9, 12, 12, 18, 24, 36))
        rate = rnd.randrange(30, 301) / 10000
        fee = rnd.random() < 0.33
        upfront = '%d' % (principal * rnd.randrange(0, 6) // 100) if fee else ''
        periodic = '%.2f' % (principal * 0.001) if fee and rnd.random() < 0.5 else ''
        y, m, d = rnd.randrange(2019, 2026), rnd.randrange(1, 13), rnd.randrange(1, 29)
        buf.append('g%d,plat%02d,%s,%04d-%02d-%02d,CNY,%d,%d,%.4f,%s,monthly,%s,%s,,,%.4f,month,gen\n' % (
            i, rnd.randrange(40), rnd.choice(PRODUCTS), y, m, d, principal, term, rate,
            rnd.choice(METHODS), upfront, periodic, rate))
        if len(buf) == 10000:
            out.write(''.join(buf))
            buf = []
    out.write(''.join(buf))


if __name__ == '__main__':
    main()
