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
set xtics nomirror rotate by -45 ('2012-01' 0, '2012-06' 1, '2012-09' 2, '2013-03' 3, '2013-05' 4, '2013-06' 5, '2013-07' 6, '2013-08' 7, '2013-10' 8, '2013-11' 9, '2013-12' 10, '2016-01' 11, '2016-02' 12, '2016-10' 13, '2016-11' 14, '2016-12' 15, '2017-01' 16, '2017-02' 17, '2023-06' 18, '2023-07' 19, '2023-08' 20, '2023-09' 21, '2025-11' 22, '2025-12' 23)
plot 'complaints_per_month.dat' using 1:2 with linespoints title 'Equifax', 'complaints_per_month.dat' using 1:3 with linespoints title 'Experian', 'complaints_per_month.dat' using 1:4 with linespoints title 'TransUnion', 'complaints_per_month.dat' using 1:5 with linespoints title 'Wells Fargo & Company', 'complaints_per_month.dat' using 1:6 with linespoints title 'Bank of America', 'complaints_per_month.dat' using 1:7 with linespoints title 'JPMorgan Chase & Co.', 'complaints_per_month.dat' using 1:8 with linespoints title 'Citibank', 'complaints_per_month.dat' using 1:9 with linespoints title 'Nationstar Mortgage'
