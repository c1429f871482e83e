# Latency percentiles under load by total rate (open loop), netbus against bare Vert.x.
# gnuplot -e "datafile='latency.dat'; outfile='latency.png'; conns='1000'" bench/latency.gp
set terminal pngcairo size 1100,560 font "sans,10"
set output outfile
set title sprintf("TCP line echo under load: %s connections, open loop, latency from the intended send time", conns)
set ylabel "latency (ms, log scale)"
set xlabel "messages per second asked, in total"
set logscale y
set logscale x 2
set xtics nomirror
set key outside right top vertical
set grid xtics ytics mytics
set datafile missing "nan"
set style data linespoints
plot datafile using 1:($3/1000):xtic(1) title "netbus p99" lc rgb "#1f6feb" lw 2 pt 7, \
     '' using 1:($4/1000) title "netbus p99.9" lc rgb "#1f6feb" lw 2 dt 2 pt 6, \
     '' using 1:($2/1000) title "netbus p50" lc rgb "#54aeff" lw 1 dt 3 pt 1, \
     '' using 1:($6/1000) title "bare Vert.x p99" lc rgb "#6e7781" lw 2 pt 5, \
     '' using 1:($7/1000) title "bare Vert.x p99.9" lc rgb "#6e7781" lw 2 dt 2 pt 4, \
     '' using 1:($5/1000) title "bare Vert.x p50" lc rgb "#8c959f" lw 1 dt 3 pt 1
