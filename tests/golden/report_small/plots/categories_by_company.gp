# categories_by_company.gp: written by ptaudit report. Data: categories_by_company.dat (from tables/complaints_by_company_category.csv).
# Re-run in this folder: gnuplot categories_by_company.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'categories_by_company.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Categories of the largest companies (hidden counts as 0)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.7
set key outside right
set ylabel 'complaints'
set yrange [0:*]
set grid ytics
set bmargin 8
set xtics nomirror rotate by -30 ('Plain Lender' 0, 'pipe|name' 1, 'line break' 2)
plot for [k=2:12] 'categories_by_company.dat' using k title columnheader(k)
