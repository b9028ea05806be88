# worked_example.gp: written by ptaudit report. Data: worked_example.dat (from tables/worked_example.csv).
# Re-run in this folder: gnuplot worked_example.gp
set terminal svg size 760,440 dynamic font 'sans,12'
set output 'worked_example.svg'
set termoption noenhanced
set datafile separator "\t"
set title 'Worked example: advertised vs true annual cost of a flat offer at 0.3% a month'
set ylabel 'percent a year'
set yrange [0:*]
set style fill solid 0.7
set boxwidth 0.6
set grid ytics
set offsets 0, 0, graph 0.12, 0
set xtics nomirror ('advertised (monthly rate x 12)' 0, 'true APR' 1, 'true EAR' 2)
set xrange [-0.6:2.4]
plot 'worked_example.dat' using 1:2 with boxes notitle, '' using 1:2:(sprintf('%.2f%%', $2)) with labels offset 0,0.8 notitle
