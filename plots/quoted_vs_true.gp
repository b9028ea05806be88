# quoted_vs_true.gp: written by ptaudit report. Data: quoted_vs_true.dat (from tables/loans.csv).
# Re-run in this folder: gnuplot quoted_vs_true.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'quoted_vs_true.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Quoted annual rate vs true APR (points above y = x cost more than quoted)'
set arrow from graph 0, first 24 to graph 1, first 24 nohead dashtype 2 lc rgb '#b00000'
set arrow from graph 0, first 36 to graph 1, first 36 nohead dashtype 2 lc rgb '#600000'
set label '24%' at graph 1, first 24 offset 0.5,0 left
set label '36%' at graph 1, first 36 offset 0.5,0 left
set rmargin 7
set xlabel 'quoted annual rate, percent (log scale)'
set ylabel 'true APR, percent a year (log scale)'
set logscale xy
set xrange [1:*]
set yrange [1:*]
set grid
set key top left
set samples 200
plot 'quoted_vs_true.dat' using 1:2 with points pt 7 ps 0.6 title 'loans', x with lines dashtype 3 lc rgb '#404040' title 'y = x'
