#!/bin/sh
# Regenerates the repository's sample report from datasets/: writes the full
# report into OUT, then copies report.md to REPORT.md and the charts to plots/.
# Usage: scripts/sample-report.sh PTAUDIT OUT
set -eu
bin=$1
out=$2
"$bin" report \
    --loans datasets/cn_installment_offers.csv \
    --loans datasets/prosper_loans_a.csv \
    --loans datasets/lendingclub_2007_2008_kuhnrl30.csv \
    --loans datasets/lendingclub_loansData_2500.csv \
    --complaints datasets/cfpb_complaints_2023_a.csv \
    --complaints datasets/cfpb_complaints_2016_14col.csv \
    --complaints datasets/heimao_tousu_sample_3rows.csv \
    --aliases datasets/aliases.csv \
    --narratives on \
    --out "$out"
cp "$out/report.md" REPORT.md
rm -rf plots && mkdir -p plots && cp -R "$out/plots/." plots/
echo "REPORT.md and plots/ regenerated from datasets/ (full output in $out)"
