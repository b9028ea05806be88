# timely_response.gp: written by ptaudit report. Data: timely_response.dat (from tables/complaints_by_company.csv).
# Re-run in this folder: gnuplot timely_response.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'timely_response.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Timely responses by company (95% Wilson interval)'
set ylabel 'percent timely'
set yrange [0:105]
set grid ytics
set xtics nomirror rotate by -30 ('Equifax' 0, 'Experian' 1, 'TransUnion' 2, 'Wells Fargo & Company' 3, 'Bank of America' 4, 'JPMorgan Chase & Co.' 5, 'Citibank' 6, 'Nationstar Mortgage' 7)
set xrange [-0.6:7.6]
plot 'timely_response.dat' using 1:2:3:4 with yerrorbars pt 7 notitle
