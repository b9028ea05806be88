#!/bin/sh
# Regenerates the repository's sample report from datasets/: writes the full
# report into OUT, then copies report.md to REPORT.md and the charts to plots/.
# Usage: scripts/sample-report.sh PTAUDIT OUT
set -eu
bin=$1
out=$2
"$bin" report \
    --loans datasets/cn_installment_offers.csv \
    --complaints datasets/cfpb_complaints_2023_a.csv \
    --aliases datasets/aliases.csv \
    --out "$out"
cp "$out/report.md" REPORT.md
rm -rf plots && mkdir -p plots && cp -R "$out/plots/." plots/
echo "REPORT.md and plots/ regenerated from datasets/ (full output in $out)"
