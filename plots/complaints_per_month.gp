# complaints_per_month.gp: written by ptaudit report. Data: complaints_per_month.dat (from tables/complaints_by_month.csv).
# Re-run in this folder: gnuplot complaints_per_month.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'complaints_per_month.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Complaints per month, largest companies'
set datafile missing '?'
set key below
set ylabel 'complaints'
set yrange [0:*]
set grid
set xtics nomirror rotate by -45 ('2012-01' 0, '2012-06' 1, '2012-09' 2, '2013-03' 3, '2013-05' 4, '2023-06' 5, '2023-07' 6, '2023-08' 7, '2023-09' 8)
plot 'complaints_per_month.dat' using 1:2 with linespoints title 'EQUIFAX, INC.', 'complaints_per_month.dat' using 1:3 with linespoints title 'Experian Information Solutions Inc.', 'complaints_per_month.dat' using 1:4 with linespoints title 'TRANSUNION INTERMEDIATE HOLDINGS, INC.', 'complaints_per_month.dat' using 1:5 with linespoints title 'WELLS FARGO & COMPANY', 'complaints_per_month.dat' using 1:6 with linespoints title 'CITIBANK, N.A.', 'complaints_per_month.dat' using 1:7 with linespoints title 'JPMORGAN CHASE & CO.', 'complaints_per_month.dat' using 1:8 with linespoints title 'CAPITAL ONE FINANCIAL CORPORATION', 'complaints_per_month.dat' using 1:9 with linespoints title 'BANK OF AMERICA, NATIONAL ASSOCIATION'
