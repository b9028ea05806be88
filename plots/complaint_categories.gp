# complaint_categories.gp: written by ptaudit report. Data: complaint_categories.dat (from tables/complaints_by_category.csv).
# Re-run in this folder: gnuplot complaint_categories.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'complaint_categories.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Share of complaints by category (categories overlap)'
set ylabel 'percent of complaints'
set yrange [0:*]
set style fill solid 0.7
set boxwidth 0.6
set grid ytics
set offsets 0, 0, graph 0.12, 0
set xtics nomirror ('cost_and_fees' 0, 'disclosure_and_marketing' 1, 'bundled_products' 2, 'collection_conduct' 3, 'privacy_and_data' 4, 'contract_terms' 5, 'repayment_and_servicing' 6, 'credit_reporting' 7, 'fraud_and_security' 8, 'service_quality' 9, 'other' 10)
set xrange [-0.6:10.4]
plot 'complaint_categories.dat' using 1:2 with boxes notitle, '' using 1:2:(sprintf('%.2f%%', $2)) with labels offset 0,0.8 notitle
