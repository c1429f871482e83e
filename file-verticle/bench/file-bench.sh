#!/usr/bin/env bash
# 1 GiB get and put over loopback, against nc and socat moving the same file in the same run
# (not part of mvn verify). Two parts:
#  1. the CLI (`netbus get` / `netbus put`, a fresh JVM each time) against a `netbus run` node;
#  2. a warm JVM (FileTransferBench: a FileVerticle and a FileClient in one process).
# Prints times and throughput ratios (nc time / netbus time: 1.0 = as fast as nc). HEAP sets
# every JVM's heap option (default: the JVM's own default); HEAP=-Xmx64m shows that a 1 GiB
# transfer needs no more heap than a small one (it runs slower: the young generation is tiny, so
# the socket's garbage triggers many more collections). Deletes what it creates.
# Needs: mvn -q -DskipTests package (netbus.jar) and mvn -q -pl file-verticle test-compile.
#
#   file-verticle/bench/file-bench.sh [DIR (default /dev/shm/netbus-file-bench)] [ROUNDS (3)] [BASE_PORT (43000)]
set -euo pipefail
JAR=${JAR:-$(cd "$(dirname "$0")/../.." && pwd)/launcher/target/netbus.jar}
DIR=${1:-/dev/shm/netbus-file-bench}
ROUNDS=${2:-3}
PORT=${3:-43000}
SIZE_MIB=${SIZE_MIB:-1024}
HEAP=${HEAP:-}
mkdir -p "$DIR/root"
cleanup() { [ -f "$DIR/node.pid" ] && kill "$(cat "$DIR/node.pid")" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
head -c $((SIZE_MIB << 20)) /dev/urandom > "$DIR/root/src.bin"
cp "$DIR/root/src.bin" "$DIR/local.bin"
SHA=$(sha256sum "$DIR/local.bin" | cut -d' ' -f1)
cat > "$DIR/conf.json" <<JSON
{ "file": { "root": "$DIR/root", "listeners": [ { "name": "files", "port": $((PORT + 1)), "mode": "exchange" } ] } }
JSON
java $HEAP -jar "$JAR" run --conf "$DIR/conf.json" > "$DIR/node.log" 2>&1 & echo $! > "$DIR/node.pid"
for _ in $(seq 100); do nc -z 127.0.0.1 $((PORT + 1)) 2>/dev/null && break; sleep 0.1; done
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
check() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA" ] || { echo "CORRUPT $1"; exit 1; }; rm -f "$1"; }
echo "file: $SIZE_MIB MiB in $DIR; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %8s %8s %8s %10s %10s\n' round nc socat get put get/nc put/nc
for r in $(seq "$ROUNDS"); do
  nc -N -l 127.0.0.1 $((PORT + 10)) < "$DIR/local.bin" & sender=$!; sleep 0.3
  t=$(now); nc -d 127.0.0.1 $((PORT + 10)) > "$DIR/nc.bin"; tnc=$(since "$t"); wait $sender; check "$DIR/nc.bin"
  socat -u FILE:"$DIR/local.bin" TCP-LISTEN:$((PORT + 12)),reuseaddr,bind=127.0.0.1 & sender=$!; sleep 0.3
  t=$(now); socat -u TCP:127.0.0.1:$((PORT + 12)) CREATE:"$DIR/socat.bin"; tsocat=$(since "$t"); wait $sender; check "$DIR/socat.bin"
  out=$(java $HEAP -jar "$JAR" get --no-progress 127.0.0.1:$((PORT + 1)) src.bin "$DIR/get.bin")
  tget=$(echo "$out" | sed -E 's/.* bytes in ([0-9.]+) s.*/\1/'); check "$DIR/get.bin"
  out=$(java $HEAP -jar "$JAR" put --no-progress 127.0.0.1:$((PORT + 1)) "$DIR/local.bin" up.bin)
  tput=$(echo "$out" | sed -E 's/.* bytes in ([0-9.]+) s.*/\1/'); check "$DIR/root/up.bin"
  printf '%-6s %8.2f %8.2f %8.2f %8.2f %10.2f %10.2f\n' "$r" "$tnc" "$tsocat" "$tget" "$tput" \
    "$(echo "$tnc / $tget" | bc -l)" "$(echo "$tnc / $tput" | bc -l)"
done
echo "(seconds; get/put timed by the CLI from connect to verified commit, JVM start excluded; ratios = nc time / netbus time)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "$(cat "$DIR/node.pid")"; rm -f "$DIR/node.pid" "$DIR/root/src.bin" "$DIR/local.bin"
echo
echo "warm JVM:"
HERE=$(cd "$(dirname "$0")/.." && pwd)
CP_FILE=$(mktemp)
(cd "$HERE/.." && mvn -B -q -o -pl file-verticle dependency:build-classpath -Dmdep.outputFile="$CP_FILE" > /dev/null)
java $HEAP -cp "$HERE/target/test-classes:$HERE/target/classes:$(cat "$CP_FILE")" io.netbus.file.bench.FileTransferBench \
  "$DIR/jvm" "$SIZE_MIB" "$ROUNDS" $((PORT + 20)) 2> /dev/null
rm -f "$CP_FILE"
