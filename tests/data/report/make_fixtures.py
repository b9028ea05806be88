#!/usr/bin/env python3
"""Writes the report's hostile-name fixtures (issue #6): offers-format loans
and a CFPB-layout complaint file whose platform/company names are
x`touch /tmp/p`, a'); system("id") #, =HYPERLINK("http://x"), a name with a
newline, a name with |, and one plain name. Company k has 3 + 4k complaints,
so with --min-cell 10 the first two are suppressed. Run from this folder."""
import csv

NAMES = ['x`touch /tmp/p`', 'a\'); system("id") #', '=HYPERLINK("http://x")',
         'line\nbreak', 'pipe|name', 'Plain Lender']

def loans():
    rows, i = [], 0
    for k, name in enumerate(NAMES):
        for j in range(2):
            i += 1
            rows.append({'loan_id': f'L{i:03d}', 'platform': name,
                         'date': f'2024-{10 + j:02d}-{10 + k:02d}', 'currency': 'CNY',
                         'principal': str(1000 * (k + 1)), 'term': '12', 'rate': '0.003',
                         'method': 'flat', 'frequency': 'monthly', 'advertised_rate': '0.003',
                         'advertised_basis': 'month', 'source': 'synthetic test fixture'})
    with open('loans_hostile.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator='\n')
        w.writeheader()
        w.writerows(rows)

def complaints():
    hdr = ['Date received', 'Product', 'Sub-product', 'Issue', 'Sub-issue',
           'Consumer complaint narrative', 'Company public response', 'Company', 'State',
           'ZIP code', 'Tags', 'Submitted via', 'Date sent to company',
           'Company response to consumer', 'Timely response?', 'Complaint ID']
    out, cid = [], 9000000
    for k, name in enumerate(NAMES):
        for j in range(3 + 4 * k):
            cid += 1
            day = '2024-%02d-%02d' % (9 + j % 4, 1 + j % 28)
            out.append([day, 'Payday loan, title loan, personal loan, or advance loan',
                        'Installment loan', "Charged fees or interest you didn't expect", '', '',
                        '', name, 'CA', '90001', '', 'Web', day, 'Closed with explanation',
                        'Yes' if j % 5 else 'No', str(cid)])
    with open('complaints_hostile.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(hdr)
        w.writerows(out)

if __name__ == '__main__':
    loans()
    complaints()
