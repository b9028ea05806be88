# apr_by_platform.gp: written by ptaudit report. Data: apr_by_platform.dat (from tables/loans.csv).
# Re-run in this folder: gnuplot apr_by_platform.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'apr_by_platform.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'True APR of each loan by platform, with the 24% and 36% lines'
set xtics nomirror rotate by -30 ('=HYPERLINK("http://x")' 0, 'Plain Lender' 1, 'a''); system("id") #' 2, 'line break' 3, 'pipe|name' 4, 'x`touch /tmp/p`' 5)
set arrow from graph 0, first 24 to graph 1, first 24 nohead dashtype 2 lc rgb '#b00000'
set arrow from graph 0, first 36 to graph 1, first 36 nohead dashtype 2 lc rgb '#600000'
set label '24%' at graph 1, first 24 offset 0.5,0 left
set label '36%' at graph 1, first 36 offset 0.5,0 left
set rmargin 7
set xrange [-0.6:5.6]
set logscale y
set yrange [1:*]
set ylabel 'APR, percent a year (log scale)'
set grid ytics mytics
plot 'apr_by_platform.dat' using 1:2 with points pt 7 ps 0.6 notitle
