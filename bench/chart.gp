# TCP echo throughput by connections x depth, one bar per server.
# gnuplot -e "datafile='tcp.dat'; outfile='tcp-echo.png'" bench/chart.gp
set terminal pngcairo size 1100,560 font "sans,10"
set output outfile
set title "TCP echo, 32-byte messages, pipelined (same run, same machine)"
set ylabel "thousand round trips per second"
set xlabel "connections x pipeline depth"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key outside right top vertical
set grid ytics
set yrange [0:*]
set datafile missing "nan"
plot datafile using ($2/1000):xtic(1) title "netbus echo (line)" lc rgb "#1f6feb", \
     '' using ($3/1000) title "netbus upper (line)" lc rgb "#54aeff", \
     '' using ($4/1000) title "bare Vert.x (line)" lc rgb "#8c959f", \
     '' using ($5/1000) title "netbus echo (raw)" lc rgb "#1a7f37", \
     '' using ($6/1000) title "netbus upper (raw)" lc rgb "#4ac26b", \
     '' using ($7/1000) title "bare Vert.x (raw)" lc rgb "#6e7781", \
     '' using ($8/1000) title "socat (raw)" lc rgb "#cf222e", \
     '' using ($9/1000) title "threaded Python (raw)" lc rgb "#bf8700"
