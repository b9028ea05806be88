#!/usr/bin/env python3
"""Builds datasets/cn_installment_offers.csv from the published figures below, and checks
that every row's schedule reproduces what the source published (payment per period, total
repaid, fee deducted). Run from the repository root:

    python3 datasets/tools/make_offers.py          # rewrite the CSV, then run the checks
    python3 datasets/tools/make_offers.py --check  # only check the committed CSV (exit 1 on a mismatch)
    python3 datasets/tools/make_offers.py --check --apr   # also print each row's APR/EAR (independent values)

Why a script: the offers format carries a per-period `rate`, but most sources publish a
principal, a term and a payment, not a rate. Where the source publishes a rate, the row
uses it; where it publishes only payments, the row's rate is DERIVED by the exact
arithmetic written next to it (no solver, no rounding), so that the offers schedule gives
back the published payment to the cent. Full quotations and URLs are in datasets/SOURCES.md.
Nothing here is an estimate: every input number is a literal copied from the source.
"""
import csv
import sys
from decimal import Decimal as D, getcontext

getcontext().prec = 40
CSV = "datasets/cn_installment_offers.csv"
COLUMNS = ["loan_id", "platform", "product", "date", "currency", "principal", "term", "rate",
           "method", "frequency", "periods_per_year", "upfront_fee", "periodic_fee", "fee_rate",
           "final_fee", "advertised_rate", "advertised_basis", "source"]

SRC_DAFENG = ("华商报大风新闻 2026-02 (陈女士 分期乐 五笔贷款), reposted by 世界日报 2026-02-23 "
              "https://www.worldjournal.com/wj/story/121343/9339247 and http://xzhdwl.cn/tv/46996858.html")
SRC_HEIMAO = ("黑猫投诉 complaint 17390396995 (2025-11-23) https://tousu.sina.com.cn/complaint/view/17390396995/ "
              "via GitHub Wpandios/HeimaoData@9e494ef data/example_data_structured.csv")
SRC_BEIKE = ("新京报贝壳财经 黄鑫宇 2025-11-05 (富益花 借款人赵明) https://www.reliyou.com/news/2106360.html "
             "and http://www.warson.cn/detail/1762260283129986.html")
SRC_XYKD = ("证观新闻 2025 (小赢卡贷 借款人张先生, 啄木鸟投诉 2025-10) https://wap.zhengguannews.cn/html/zgh/367386.html "
            "and http://news.jrwbw.com/article/ac/21730.html")


def q(x):
    """A rate as a decimal string with 15 significant digits: enough for the schedule to give
    back the published payment to far below a cent, and short enough for the project's
    decimal parser (at most 18 digits after the point, audit/money.c)."""
    s = format(D(x), ".15g")
    assert "e" not in s and len(s.partition(".")[2]) <= 18, s
    return s


def rows():
    out = []
    # 1. Fenqile, 400 CNY in 36 monthly payments; page shows 年利率(单利) 35.6%, 每期还款18.23元.
    out.append(dict(loan_id="fenqile-chen-400x36", platform="分期乐", product="分期乐借款 (36期)", date="",
                    principal="400", term="36", rate=q(D("0.356") / 12), method="annuity", frequency="monthly",
                    advertised_rate="0.356", advertised_basis="year",
                    source="published: 400元分36期 每期还款18.23元 年利率(单利)35.6%; rate = 35.6%/12; " + SRC_DAFENG,
                    _check=("payment", D("18.23"))))
    # 2. Fenqile, 1000 CNY in 24 monthly payments; page shows 年利率32.08%, 每期还款57元 (whole yuan).
    out.append(dict(loan_id="fenqile-chen-1000x24", platform="分期乐", product="分期乐借款 (24期)", date="",
                    principal="1000", term="24", rate=q(D("0.3208") / 12), method="annuity", frequency="monthly",
                    advertised_rate="0.3208", advertised_basis="year",
                    source="published: 1000元24期 标注年利率32.08% 每期还款57元; rate = 32.08%/12; " + SRC_DAFENG,
                    _check=("payment_yuan", D("57"))))
    # 3. Fenqile, 3500 CNY in 36 monthly payments of 156.06 (no per-loan rate published).
    r = (D("156.06") - D(3500) / 36) / D(3500)
    out.append(dict(loan_id="fenqile-chen-3500x36", platform="分期乐", product="分期乐借款 (36期)", date="",
                    principal="3500", term="36", rate=q(r), method="flat", frequency="monthly",
                    source="published: 3500元(分36期) 每月还款156.06元; no per-loan rate published; "
                           "rate DERIVED = (156.06 - 3500/36)/3500 so the flat schedule pays 156.06; " + SRC_DAFENG,
                    _check=("payment", D("156.06"))))
    # 4. 信*飞App (masked by the site), 8000 CNY in 12 x 803.65 of which 担保费 70.21 a month.
    r = (D("803.65") - D("70.21") - D(8000) / 12) / D(8000)
    out.append(dict(loan_id="heimao-17390396995-a", platform="信*飞App", product="借款 (12期)", date="2024-12-25",
                    principal="8000", term="12", rate=q(r), method="flat", frequency="monthly", periodic_fee="70.21",
                    source="published: 借款8000元分12期 每月要还803.65元 其中每个月担保费70.21元; "
                           "rate DERIVED = (803.65 - 70.21 - 8000/12)/8000; " + SRC_HEIMAO,
                    _check=("payment", D("803.65"))))
    # 5. 信*飞App, 6400 CNY in 6 x 1181.39 (no fee split published).
    r = (D("1181.39") - D(6400) / 6) / D(6400)
    out.append(dict(loan_id="heimao-17390396995-b", platform="信*飞App", product="借款 (6期)", date="2025-04-12",
                    principal="6400", term="6", rate=q(r), method="flat", frequency="monthly",
                    source="published: 借款6400元分6期 每月要还1181.39元; rate DERIVED = (1181.39 - 6400/6)/6400; "
                           + SRC_HEIMAO,
                    _check=("payment", D("1181.39"))))
    # 6. 富益花, 2000 CNY for 14 days, one payment of 2008.22; 600 taken by a guarantor 1 second after payout.
    out.append(dict(loan_id="beike-fuyihua-2000x14d", platform="富益花", product="超短期借款 (14天 一期还完)",
                    date="2025-07-27", principal="2000", term="1", rate=q((D("2008.22") - 2000) / 2000),
                    method="bullet", frequency="", periods_per_year="365/14", upfront_fee="600",
                    source="published: 借了2000元 还款期为14天 一期还完 总还款金额2008.22元 到账1秒后被担保公司划走600元; "
                           "rate DERIVED = (2008.22 - 2000)/2000 per 14-day period; " + SRC_BEIKE,
                    _check=("total", D("2008.22"))))
    # 7. 小赢卡贷, 42000 CNY in 12 x 4183.4 (total 50200.8); no per-loan rate or fee split published.
    r = (D("4183.4") - D(42000) / 12) / D(42000)
    out.append(dict(loan_id="zgnews-xiaoying-42000x12", platform="小赢卡贷", product="小赢卡贷 (12期)", date="",
                    principal="42000", term="12", rate=q(r), method="flat", frequency="monthly",
                    source="published: 42000元 分12期 每期需还款4183.4元 总还款额50200.8元; "
                           "rate DERIVED = (4183.4 - 42000/12)/42000; " + SRC_XYKD,
                    _check=("payment", D("4183.4"))))
    for row in out:
        row.setdefault("currency", "CNY")
    return out


def schedule(row):
    """Payments (lender's schedule, exact, no rounding) implied by one offers row."""
    P, n, r = D(row["principal"]), int(row["term"]), D(row["rate"])
    fee = D(row.get("periodic_fee") or 0)
    if row["method"] == "annuity":
        pay = P * r / (1 - (1 + r) ** -n)
        return [pay + fee] * n
    if row["method"] == "flat":
        return [P / n + P * r + fee] * n
    if row["method"] == "bullet":
        return [P * (1 + r * n) + fee]
    raise ValueError(row["method"])


def check(rowlist):
    bad = 0
    for row in rowlist:
        kind, want = row["_check"]
        pays = schedule(row)
        got = {"payment": pays[0], "payment_yuan": pays[0], "total": sum(pays)}[kind]
        tol = D("0.5") if kind == "payment_yuan" else D("0.005")
        ok = abs(got - want) <= tol
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {row['loan_id']:28s} {kind:12s} published {want}  schedule {got:.6f}")
    return bad


def irr(row):
    """Periodic rate i with sum(payment_k / (1+i)^k) = principal - upfront fee (bisection, Decimal)."""
    pays = schedule(row)
    financed = D(row["principal"]) - D(row.get("upfront_fee") or 0)
    lo, hi = D(0), D(10)
    for _ in range(200):
        mid = (lo + hi) / 2
        pv = sum(p / (1 + mid) ** (k + 1) for k, p in enumerate(pays))
        lo, hi = (mid, hi) if pv > financed else (lo, mid)
    return (lo + hi) / 2


def ppy(row):
    if row.get("periods_per_year"):
        a, _, b = row["periods_per_year"].partition("/")
        return D(a) / D(b or 1)
    return {"monthly": D(12), "daily": D(365)}[row["frequency"]]


def print_apr(rowlist):
    print("independent check values (Python Decimal, exact schedule, lender's view):")
    print(f"{'loan_id':28s} {'periodic_rate':>14s} {'ppy':>9s} {'apr':>10s} {'ear':>12s}")
    for row in rowlist:
        i, k = irr(row), ppy(row)
        ear = (1 + i) ** k - 1 if k == k.to_integral() else D(float(1 + i) ** float(k) - 1)
        print(f"{row['loan_id']:28s} {i:14.10f} {k:9.4f} {i * k:10.6f} {ear:12.6f}")


def read_csv():
    with open(CSV, encoding="utf-8", newline="") as f:
        rd = csv.DictReader(f)
        if rd.fieldnames != COLUMNS:
            sys.exit(f"{CSV}: header {rd.fieldnames} != {COLUMNS}")
        return list(rd)


def mark_unadvertised(rowlist):
    """Rows whose source publishes no rate: advertised_basis `none`, so ptaudit leaves the
    quoted rate missing instead of annualizing a rate we derived (audit/load_offers.c)."""
    for row in rowlist:
        if not row.get("advertised_rate"):
            row["advertised_basis"] = "none"
    return rowlist


def main():
    built = mark_unadvertised(rows())
    if "--check" not in sys.argv:
        with open(CSV, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore", restval="")
            w.writeheader()
            w.writerows(built)
    onfile = read_csv()
    ids = [r["loan_id"] for r in built]
    if [r["loan_id"] for r in onfile] != ids:
        sys.exit(f"{CSV}: rows differ from the script's (run without --check to rebuild)")
    for want, got in zip(built, onfile):
        got["_check"] = want["_check"]
        for k in COLUMNS:
            if str(want.get(k, "")) != got[k]:
                sys.exit(f"{CSV}: {got['loan_id']} column {k}: file has {got[k]!r}, script gives {want.get(k, '')!r}")
    bad = check(onfile)
    if "--apr" in sys.argv:
        print_apr(onfile)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
