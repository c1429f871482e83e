#!/usr/bin/env bash
# Side-by-side benchmarks: netbus against the physical limit (iperf3), bare Vert.x 5, socat, nc and
# a thread-per-client Python server, all in one run on this machine, as ratios.
# Writes BENCHMARKS.md (figure, netbus, baseline, ratio, machine), bench/tcp-echo.png and
# bench/latency.png. Only the default full run writes them: a partial run (--only), a --quick run
# or one with --out touches no file of the repository: its report goes to --out (or
# $WORK/BENCHMARKS.md) and its charts beside it; an --out that is a file tracked by git is refused.
#
#   bench/compare.sh [--quick] [--no-install] [--no-build] [--only SECTIONS] [--out FILE]
#
# --quick       short runs (3 s per figure, 256 MiB file, latency 10 s + 5 s per sweep step, storm
#               3 s) for a smoke test; numbers are rough. DURATION=1 FILE_MIB=16 make it shorter still.
# --no-install  do not apt-get the peers (iperf3, socat, netcat-openbsd, gnuplot); skip what is missing.
# --no-build    use launcher/target/netbus.jar as it is.
# --only        comma-separated sections to run (default all):
#               startup,limit,tcp,latency,udp,file,bus,idle,tls,forward,metrics;
#               a partial run writes to $WORK/BENCHMARKS.md unless --out is given.
#   tls         TLS line echo 16 x 64 (32 B) vs the same listener in plaintext (one node, both
#               listeners); exchange `get` of the test file over TLS vs plaintext; p99 echo of 16 open
#               TLS connections (open loop, STORM_ECHO_RATE msg/s) during a storm of STORM_RATE new TLS
#               connections/s for STORM_SECONDS (`netbus bench handshake`) vs the same echo without it.
#   forward     iperf3 (1 stream) and request-reply (256 x 16, 32 B, to a bare Vert.x echo) through
#               `netbus forward`, socat and haproxy (mode tcp); the test file through a TLS-terminating
#               netbus forward listener vs stunnel4 (same certificates, same plaintext push server).
#   metrics     TCP line echo 16 x 64 on two identical nodes, one with the metrics section, one without.
#   A peer tool that is not installed (iperf3, haproxy, stunnel4) is skipped with a note.
# Environment:
#   BENCH_PORT_BASE  45000: ports BASE..BASE+79 on 127.0.0.1
#   LAT_CONNS        latency under load: open-loop connections (1000)
#   LAT_CONN_RATE    messages/s each of them sends (20; 1,000 x 20 = 20,000 msg/s in total)
#   LAT_DURATION     seconds measured at that load (60; quick 10)
#   LAT_SWEEP        total rates of the sweep, run up to saturation ("5000 10000 20000 40000 80000 160000")
#   LAT_STEP         seconds measured per sweep step (DURATION; quick 5)
#   DURATION, WARMUP seconds per figure (10 and 2; quick 3 and 2)
#   ROUNDS           interleaved rounds of the TCP/UDP runs, best kept (2; quick 1)
#   FILE_MIB         file size for push/get/put (1024; quick 256)
#   IDLE_CONNS       idle connections for the memory figure (10000)
#   STORM_RATE       tls: new TLS connections/s of the handshake storm (500)
#   STORM_SECONDS    tls: how long the storm lasts (10; quick 3)
#   STORM_ECHO_RATE  tls: msg/s in total of the 16 open connections timed during the storm (2000)
#   STORM_CLIENT     tls: python (bench/handshake_storm.py, OpenSSL) or bench (`netbus bench handshake`, JDK)
#   TCP_INSTANCES    event loops per TCP listener, netbus and bare Vert.x alike (1)
#   UDP_WINDOW       datagrams in flight for the UDP echo figures (64)
#   PROFILE=1        record the node with JFR during the TCP runs; top methods go in the report
#   NETBUS_JAR       run the node from another build (load generator and baselines stay this tree's)
#   BENCH_NOTE       a line for the report, e.g. "shared machine"
# Never part of `mvn verify`. Loopback only. Everything it starts is stopped by PID on exit.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0 INSTALL=1 BUILD=1 OUT="" ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-install) INSTALL=0 ;;
    --no-build) BUILD=0 ;;
    --out) OUT=$2; shift ;;
    --only) ONLY=$2; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-3} WARMUP=${WARMUP:-2} FILE_MIB=${FILE_MIB:-256} REPEAT=1 ROUNDS=${ROUNDS:-1}
  LAT_DURATION=${LAT_DURATION:-10} LAT_STEP=${LAT_STEP:-5} STORM_SECONDS=${STORM_SECONDS:-3}
else
  DURATION=${DURATION:-10} WARMUP=${WARMUP:-2} FILE_MIB=${FILE_MIB:-1024} REPEAT=3 ROUNDS=${ROUNDS:-2}
  LAT_DURATION=${LAT_DURATION:-60} LAT_STEP=${LAT_STEP:-$DURATION} STORM_SECONDS=${STORM_SECONDS:-10}
fi
STORM_RATE=${STORM_RATE:-500} STORM_ECHO_RATE=${STORM_ECHO_RATE:-2000} STORM_CLIENT=${STORM_CLIENT:-python}
LAT_CONNS=${LAT_CONNS:-1000} LAT_CONN_RATE=${LAT_CONN_RATE:-20}
LAT_SWEEP=${LAT_SWEEP:-5000 10000 20000 40000 80000 160000}
BASE=${BENCH_PORT_BASE:-45000}
IDLE_CONNS=${IDLE_CONNS:-10000}
TCP_INSTANCES=${TCP_INSTANCES:-1}
JAR="$ROOT/launcher/target/netbus.jar"       # the load generator and the bare baselines
NODE_JAR=${NETBUS_JAR:-$JAR}                  # the netbus under test (another build to compare)
WORK=$(mktemp -d /tmp/netbus-bench.XXXXXX)
PROFILE_MD=""
# Only the default full run writes the repository's report and charts; any other run writes its
# report to --out (or the scratch directory) and its charts beside it, named after the report.
if [ -z "$OUT" ] && [ -z "$ONLY" ] && [ "$QUICK" = 0 ]; then
  OUT="$ROOT/BENCHMARKS.md" CHART_PREFIX="$ROOT/bench/"
else
  [ -n "$OUT" ] || OUT="$WORK/BENCHMARKS.md"
  CHART_PREFIX="${OUT%.md}-"
  # --out must not overwrite a file of the repository (its report, or a chart named after it)
  for f in "$OUT" "${CHART_PREFIX}tcp-echo.png" "${CHART_PREFIX}latency.png"; do
    if [ -e "$f" ] && git -C "$ROOT" ls-files --error-unmatch "$(realpath "$f")" >/dev/null 2>&1; then
      echo "compare.sh: --out $OUT: would overwrite $f, a file tracked by git; give a path outside the repository" >&2
      rm -rf "$WORK"
      exit 2
    fi
  done
fi
want() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
RESULTS="$WORK/results.tsv"
PIDS=()

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK/data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
install_peers() {
  local missing=()
  command -v iperf3 >/dev/null || missing+=(iperf3)
  command -v socat >/dev/null || missing+=(socat)
  command -v nc >/dev/null || missing+=(netcat-openbsd)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v python3 >/dev/null || missing+=(python3)
  command -v ss >/dev/null || missing+=(iproute2)
  if want forward; then
    command -v haproxy >/dev/null || missing+=(haproxy)
    command -v stunnel4 >/dev/null || command -v stunnel >/dev/null || missing+=(stunnel4)
  fi
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$INSTALL" = 1 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >"$WORK/apt.log" 2>&1 \
      || { apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q "${missing[@]}" >>"$WORK/apt.log" 2>&1; } \
      || log "apt-get failed (see $WORK/apt.log); figures needing ${missing[*]} are skipped"
  else
    log "missing ${missing[*]}; the figures needing them are skipped"
  fi
}

have() { command -v "$1" >/dev/null; }

# ---------------------------------------------------------------- processes
# start NAME CMD...: runs CMD in the background, output in $WORK/NAME.log; sets LAST_PID.
start() {
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

stop() {
  local pid=$1
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# wait_listen PROTO PORT [SECONDS]: until something listens on 127.0.0.1:PORT (tcp or udp).
wait_listen() {
  local proto=$1 port=$2 limit=${3:-30} flag=-ltn
  [ "$proto" = udp ] && flag=-lun
  local end=$((SECONDS + limit))
  while [ $SECONDS -lt $end ]; do
    if ss -H $flag "sport = :$port" 2>/dev/null | grep -q .; then
      return 0
    fi
    sleep 0.05
  done
  log "nothing listens on $proto port $port after ${limit}s"
  return 1
}

# ---------------------------------------------------------------- measuring
# json_field FILE EXPR: a field of a bench JSON report (python expression on `j`).
json_field() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo nan
import json, sys
j = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))
PY
}

# bench NAME ARGS...: runs `netbus bench ARGS --json -q`, keeps the JSON, prints its rate. A run
# with any error (wrong reply, failed connection) or without a single reply prints nan and is
# listed under "Errors" in the report: a wrong reply is an error, not a number.
bench() {
  local name=$1; shift
  local file="$WORK/json/$name.json"
  java -jar "$JAR" bench "$@" --json $([ "${BENCH_PROGRESS:-0}" = 1 ] || echo -q) >"$file" 2>"$WORK/json/$name.err"
  local errors count
  errors=$(json_field "$file" 'j["errors"]')
  count=$(json_field "$file" 'j["count"]')
  if [ "$errors" = nan ]; then
    echo "$name: no report ($(tail -1 "$WORK/json/$name.err" 2>/dev/null))" >>"$WORK/errors.txt"
    echo nan
  elif [ "$errors" != 0 ]; then
    echo "$name: $errors errors $(json_field "$file" 'j["errorDetail"]')" >>"$WORK/errors.txt"
    echo nan
  elif [ "$count" = 0 ]; then
    echo "$name: no reply measured $(json_field "$file" 'j.get("lossPercent", "")')" >>"$WORK/errors.txt"
    echo nan
  else
    json_field "$file" 'round(j["rate"])'
  fi
}

# row SECTION FIGURE NETBUS BASELINE_LABEL BASELINE UNIT TARGET [NETBUS_RUN_PREFIX]
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}" >>"$RESULTS"
  log "$2: netbus $3 vs $4 $5 $6"
}

max() { python3 -c 'import sys; v=[float(x) for x in sys.argv[1:] if x not in ("nan","")]; print(round(max(v), 2) if v else "nan")' "$@"; }

median() { python3 -c 'import sys, statistics; v=[float(x) for x in sys.argv[1:] if x not in ("nan","")]; print(statistics.median(v) if v else "nan")' "$@"; }

# ---------------------------------------------------------------- setup
install_peers
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  log "building netbus.jar"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || { log "build failed"; exit 1; }
fi
mkdir -p "$WORK/json" "$WORK/data"
: >"$RESULTS"
ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [ "$(ulimit -n)" -lt $((IDLE_CONNS + 500)) ]; then
  IDLE_CONNS=$(( $(ulimit -n) - 500 ))
  log "open-file limit $(ulimit -n): idle test uses $IDLE_CONNS connections"
fi

P_ECHO_LINE=$((BASE + 1)) P_UPPER_LINE=$((BASE + 2)) P_ECHO_RAW=$((BASE + 3)) P_UPPER_RAW=$((BASE + 4))
P_IDLE=$((BASE + 5)) P_UDP=$((BASE + 6)) P_PUSH=$((BASE + 7)) P_FILES=$((BASE + 8)) P_BRIDGE=$((BASE + 9))
P_VX_LINE=$((BASE + 11)) P_VX_RAW=$((BASE + 12)) P_SOCAT=$((BASE + 13)) P_PY=$((BASE + 14))
P_VX_UDP=$((BASE + 15)) P_JDK_UDP=$((BASE + 16)) P_SOCAT_UDP=$((BASE + 17))
P_SOCAT_FILE=$((BASE + 18)) P_NC_FILE=$((BASE + 19)) P_VX_FILE=$((BASE + 20)) P_IPERF=$((BASE + 21))
P_VX_LAT=$((BASE + 22))
P_START=$((BASE + 30)) P_START_VX=$((BASE + 31)) P_CLUSTER=$((BASE + 40))
# tls, forward and metrics sections
P_TLS_ECHO=$((BASE + 50)) P_TLS_PLAIN=$((BASE + 51)) P_TLS_FILES=$((BASE + 52)) P_TLS_FILES_PLAIN=$((BASE + 53))
P_FWD_ECHO=$((BASE + 55)) P_FWD_IPERF=$((BASE + 56))
P_NBF_IPERF=$((BASE + 57)) P_NBF_ECHO=$((BASE + 58)) P_SOCATF_IPERF=$((BASE + 59)) P_SOCATF_ECHO=$((BASE + 60))
P_HAF_IPERF=$((BASE + 61)) P_HAF_ECHO=$((BASE + 62)) P_NBF_TLS=$((BASE + 63)) P_STUNNEL=$((BASE + 64))
P_MET_ON=$((BASE + 70)) P_MET_OFF=$((BASE + 71)) P_MET_HTTP=$((BASE + 72))

FILE="$WORK/data/big.bin"
FILE_BYTES=$((FILE_MIB * 1024 * 1024))
log "writing a ${FILE_MIB} MiB test file"
head -c "$FILE_BYTES" /dev/urandom >"$FILE"

# The netbus node under test. maxConnections/idleTimeoutSeconds are set when the TCP module knows
# them (so 10,000 idle connections are allowed); an older build refuses unknown keys, then they go.
node_config() {
  local limits=$1
  cat <<JSON
{
  "tcp": { "instances": $TCP_INSTANCES, "listeners": [
    { "name": "echo-line",  "port": $P_ECHO_LINE,  "service": "echo",  "framing": "line" },
    { "name": "upper-line", "port": $P_UPPER_LINE, "service": "upper", "framing": "line" },
    { "name": "echo-raw",   "port": $P_ECHO_RAW,   "service": "echo",  "framing": "raw" },
    { "name": "upper-raw",  "port": $P_UPPER_RAW,  "service": "upper", "framing": "raw" },
    { "name": "idle",       "port": $P_IDLE,       "service": "echo",  "framing": "line"$limits } ] },
  "udp":    { "listeners": [ { "name": "echo", "port": $P_UDP, "service": "echo" } ] },
  "file":   { "root": "$WORK/data", "listeners": [
    { "name": "push",  "port": $P_PUSH,  "mode": "push", "file": "big.bin" },
    { "name": "files", "port": $P_FILES, "mode": "exchange" } ] },
  "bridge": { "host": "127.0.0.1", "port": $P_BRIDGE, "inbound": ["netbus\\\\..+"], "outbound": ["netbus\\\\..+"] }
}
JSON
}

# wait_node PID [NAME]: until the node (log $WORK/NAME.log, default node) logs that it is up (every
# section deployed); fails if it exits.
wait_node() {
  local pid=$1 log="$WORK/${2:-node}.log" end=$((SECONDS + 60))
  while [ $SECONDS -lt $end ]; do
    grep -q "node up" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

NODE_JVM=()
[ "${PROFILE:-0}" = 1 ] && NODE_JVM=(-XX:StartFlightRecording=name=bench,settings=profile)

start_node() {
  node_config ', "maxConnections": 20000, "idleTimeoutSeconds": 3600' >"$WORK/node.json"
  start node java "${NODE_JVM[@]}" -jar "$NODE_JAR" run --conf "$WORK/node.json"
  NODE_PID=$LAST_PID
  if ! wait_node "$NODE_PID"; then
    stop "$NODE_PID"
    if grep -q "maxConnections\|idleTimeoutSeconds" "$WORK/node.log"; then
      log "this build has no maxConnections/idleTimeoutSeconds: running without them"
      node_config '' >"$WORK/node.json"
      start node java "${NODE_JVM[@]}" -jar "$NODE_JAR" run --conf "$WORK/node.json"
      NODE_PID=$LAST_PID
      wait_node "$NODE_PID" || { log "the netbus node did not start:"; cat "$WORK/node.log" >&2; exit 1; }
    else
      log "the netbus node did not start:"
      cat "$WORK/node.log" >&2
      exit 1
    fi
  fi
}

# ---------------------------------------------------------------- machine
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
MACHINE="$(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1 | tr -d '"')"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $MACHINE; load $LOAD_START"

# ---------------------------------------------------------------- start-up time
# Time from `java -jar netbus.jar` to its first TCP listener being open (listening).
startup_once() {
  local port=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$WORK/startup.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  # Polls the listening socket (ss) rather than connecting: a connect probe to a port inside the
  # ephemeral range can connect to itself (source port == PORT), which then keeps the node from binding.
  until ss -H -ltn "sport = :$port" 2>/dev/null | grep -q .; do
    if ! kill -0 "$pid" 2>/dev/null || [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt 30 ]; then
      echo nan; stop "$pid"; return
    fi
    sleep 0.005
  done
  t1=$(date +%s%N)
  stop "$pid"
  python3 -c "print(round(($t1 - $t0) / 1e9, 3))"
}
cat >"$WORK/startup.json" <<JSON
{ "tcp": { "listeners": [ { "name": "echo", "port": $P_START, "service": "echo", "framing": "line" } ] } }
JSON
if want startup; then
log "start-up time"
nb=() vx=()
for _ in $(seq 3); do
  nb+=("$(startup_once "$P_START" java -jar "$NODE_JAR" run --conf "$WORK/startup.json")")
  vx+=("$(startup_once "$P_START_VX" java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_START_VX" line)")
done
row startup "Start-up to first listener (s, median of 3)" "$(median "${nb[@]}")" "bare Vert.x main" "$(median "${vx[@]}")" s "value<1.5"
fi

start_node
log "netbus node up (pid $NODE_PID)"

# ---------------------------------------------------------------- physical limit
if have iperf3 && { want limit || [ -z "$ONLY" ]; }; then
  log "iperf3 on loopback"
  start iperf3 iperf3 -s -B 127.0.0.1 -p "$P_IPERF"
  IPERF_PID=$LAST_PID
  wait_listen tcp "$P_IPERF" 10
  iperf3 -c 127.0.0.1 -p "$P_IPERF" -t "$DURATION" -J >"$WORK/json/iperf-tcp.json" 2>/dev/null
  IPERF_TCP=$(json_field "$WORK/json/iperf-tcp.json" 'round(j["end"]["sum_received"]["bits_per_second"] / 8e6, 1)')
  sleep 0.5
  iperf3 -c 127.0.0.1 -p "$P_IPERF" -u -b 0 -l 64 -t "$DURATION" -J >"$WORK/json/iperf-udp.json" 2>/dev/null
  IPERF_UDP=$(json_field "$WORK/json/iperf-udp.json" \
    'round((j["end"]["sum"]["packets"] - j["end"]["sum"]["lost_packets"]) / j["end"]["sum"]["seconds"])')
  stop "$IPERF_PID"
else
  IPERF_TCP=nan IPERF_UDP=nan
fi

# ---------------------------------------------------------------- TCP echo
if want tcp; then
# Every server is started up front (idle servers cost nothing) and the runs are interleaved,
# configuration by configuration, ROUNDS times; each figure is the best of its rounds. On a busy
# machine this keeps a burst of someone else's load from landing on one server only.
CONNS=(1 16 256)
depth_for() { case $1 in 1) echo 64 ;; 16) echo 64 ;; *) echo 16 ;; esac; }
TCP_SERVERS=()  # label port framing expect
TCP_SERVERS+=("nb_echo_line $P_ECHO_LINE line echo" "nb_upper_line $P_UPPER_LINE line upper")
TCP_SERVERS+=("nb_echo_raw $P_ECHO_RAW raw echo" "nb_upper_raw $P_UPPER_RAW raw upper")
start vx-line java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_VX_LINE" line "$TCP_INSTANCES"
TCP_BASE_PIDS=("$LAST_PID")
wait_listen tcp "$P_VX_LINE" && TCP_SERVERS+=("vx_line $P_VX_LINE line echo")
start vx-raw java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_VX_RAW" raw "$TCP_INSTANCES"
TCP_BASE_PIDS+=("$LAST_PID")
wait_listen tcp "$P_VX_RAW" && TCP_SERVERS+=("vx_raw $P_VX_RAW raw echo")
if have socat; then
  start socat-tcp socat "TCP4-LISTEN:$P_SOCAT,bind=127.0.0.1,fork,reuseaddr,backlog=1024" PIPE
  TCP_BASE_PIDS+=("$LAST_PID")
  wait_listen tcp "$P_SOCAT" && TCP_SERVERS+=("socat $P_SOCAT raw echo")
fi
start py-threaded python3 "$ROOT/bench/echo_threaded.py" "$P_PY"
TCP_BASE_PIDS+=("$LAST_PID")
wait_listen tcp "$P_PY" && TCP_SERVERS+=("python $P_PY raw echo")

log "TCP echo, 32-byte messages: ${#TCP_SERVERS[@]} servers x ${#CONNS[@]} configurations x $ROUNDS rounds"
for round in $(seq "$ROUNDS"); do
  for c in "${CONNS[@]}"; do
    d=$(depth_for "$c")
    for server in "${TCP_SERVERS[@]}"; do
      read -r label port framing expect <<<"$server"
      r=$(bench "tcp-$label-$c-r$round" tcp "127.0.0.1:$port" -c "$c" -D "$d" -s 32 --framing "$framing" \
        --expect "$expect" -d "$DURATION" -w "$WARMUP")
      var="TCP_${label}_$c"
      printf -v "$var" '%s' "$(max "${!var:-nan}" "$r")"
      log "round $round: tcp $label ${c}x$d: $r msg/s"
    done
  done
done
for pid in "${TCP_BASE_PIDS[@]}"; do stop "$pid"; done
PROFILE_MD=${PROFILE_MD:-}
if [ "${PROFILE:-0}" = 1 ]; then
  jcmd "$NODE_PID" JFR.dump name=bench filename="$WORK/node-tcp.jfr" >/dev/null 2>&1 \
    && python3 "$ROOT/bench/jfr_top.py" "$WORK/node-tcp.jfr" 20 >"$WORK/profile.md" 2>>"$WORK/profile.err" \
    && PROFILE_MD="$WORK/profile.md"
fi

v() { local n="TCP_$1_$2"; echo "${!n:-nan}"; }
r0() { python3 -c 'import sys; print(format(round(float(sys.argv[1])), ",") if sys.argv[1] != "nan" else "n/a")' "$1"; }
for c in "${CONNS[@]}"; do
  d=$(depth_for "$c")
  row tcp "TCP line echo, ${c} conn x ${d} deep (msg/s)" "$(v nb_echo_line "$c")" "bare Vert.x RecordParser echo" "$(v vx_line "$c")" "msg/s" "ratio>=0.85" "tcp-nb_echo_line-$c-"
  row tcp "TCP line upper, ${c} conn x ${d} deep (msg/s)" "$(v nb_upper_line "$c")" "bare Vert.x RecordParser echo" "$(v vx_line "$c")" "msg/s" "ratio>=0.85" "tcp-nb_upper_line-$c-"
  row tcp "TCP raw echo, ${c} conn x ${d} deep (msg/s)" "$(v nb_echo_raw "$c")" "bare Vert.x pipeTo echo" "$(v vx_raw "$c")" "msg/s" "ratio>=0.85" "tcp-nb_echo_raw-$c-"
  best=$(max "$(v socat "$c")" "$(v python "$c")")
  row tcp "TCP raw echo, ${c} conn x ${d} deep (msg/s)" "$(v nb_echo_raw "$c")" "best of socat ($(r0 "$(v socat "$c")")) / threaded Python ($(r0 "$(v python "$c")"))" "$best" "msg/s" "ratio>=1.0" "tcp-nb_echo_raw-$c-"
  row tcp "TCP raw upper, ${c} conn x ${d} deep (msg/s)" "$(v nb_upper_raw "$c")" "best of socat / threaded Python (echo)" "$best" "msg/s" "ratio>=1.0" "tcp-nb_upper_raw-$c-"
done
{
  echo "# conns netbus_echo_line netbus_upper_line vertx_line netbus_echo_raw netbus_upper_raw vertx_raw socat python"
  for c in "${CONNS[@]}"; do
    echo "${c}x$(depth_for "$c") $(v nb_echo_line "$c") $(v nb_upper_line "$c") $(v vx_line "$c") $(v nb_echo_raw "$c") $(v nb_upper_raw "$c") $(v vx_raw "$c") $(v socat "$c") $(v python "$c")"
  done
} >"$WORK/tcp.dat"
fi

# ---------------------------------------------------------------- latency under load
# Open loop (`bench tcp --rate`): the connections send on a fixed schedule whatever the replies do,
# and every latency runs from the message's intended send time, so queueing shows in the tail
# (a closed loop would slow down with the server and hide it). First LAT_CONNS connections at
# LAT_CONN_RATE msg/s each for LAT_DURATION s, then a sweep of total rates until both servers
# saturate (reply rate below 95% of the rate asked, or replies lost): netbus's line echo against
# the bare Vert.x RecordParser echo, interleaved rate by rate.
if want latency; then
start vx-lat java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_VX_LAT" line "$TCP_INSTANCES"
LAT_PID=$LAST_PID
if wait_listen tcp "$P_VX_LAT"; then
  # lat_run NAME PORT RATE SECONDS: one open-loop run; its JSON stays in $WORK/json/NAME.json
  lat_run() {
    bench "$1" tcp "127.0.0.1:$2" -c "$LAT_CONNS" --rate "$3" -s 32 --framing line -d "$4" -w "$WARMUP" >/dev/null
  }
  lat() { json_field "$WORK/json/$1.json" "j['latencyMicros']['$2'] if j['errors'] == 0 else float('nan')"; }
  # saturated NAME RATE: the run fell behind the rate asked or lost replies (prints yes/no)
  saturated() {
    json_field "$WORK/json/$1.json" "'no' if j['errors'] == 0 and j['rate'] >= 0.95 * $2 else 'yes'" | sed 's/nan/yes/'
  }
  total=$((LAT_CONNS * LAT_CONN_RATE))
  # Both servers' JITs warm before anything is measured (a cold JVM answers its first seconds slowly,
  # and an open loop charges that wait to every message queued behind it).
  for server in "nb $P_ECHO_LINE" "vx $P_VX_LAT"; do
    read -r label port <<<"$server"
    bench "lat-warm-$label" tcp "127.0.0.1:$port" -c 64 -D 16 -s 32 --framing line -d 5 -w 0 >/dev/null
  done
  log "latency under load: $LAT_CONNS connections x $LAT_CONN_RATE msg/s = $total msg/s for ${LAT_DURATION}s, open loop"
  lat_run lat-nb "$P_ECHO_LINE" "$total" "$LAT_DURATION"
  lat_run lat-vx "$P_VX_LAT" "$total" "$LAT_DURATION"
  for q in p50 p99 p999; do
    label=$(case $q in p50) echo p50 ;; p99) echo p99 ;; p999) echo p99.9 ;; esac)
    row latency "$label, $LAT_CONNS conn x $LAT_CONN_RATE msg/s, ${LAT_DURATION} s (us)" "$(lat lat-nb "$q")" \
      "bare Vert.x RecordParser echo" "$(lat lat-vx "$q")" us "$([ "$q" = p50 ] || echo 'ratio<=1.1')" lat-nb
  done
  row latency "Reply rate at $total msg/s asked (msg/s)" "$(json_field "$WORK/json/lat-nb.json" 'round(j["rate"])')" \
    "bare Vert.x RecordParser echo" "$(json_field "$WORK/json/lat-vx.json" 'round(j["rate"])')" "msg/s" ""
  echo "# rate netbus_p50 netbus_p99 netbus_p999 vertx_p50 vertx_p99 vertx_p999 (us)" >"$WORK/latency.dat"
  nb_done=0 vx_done=0
  for rate in $LAT_SWEEP; do
    [ "$nb_done" = 1 ] && [ "$vx_done" = 1 ] && break
    log "latency sweep: $rate msg/s over $LAT_CONNS connections"
    if [ "$nb_done" = 0 ]; then lat_run "sweep-nb-$rate" "$P_ECHO_LINE" "$rate" "$LAT_STEP"; fi
    if [ "$vx_done" = 0 ]; then lat_run "sweep-vx-$rate" "$P_VX_LAT" "$rate" "$LAT_STEP"; fi
    [ "$nb_done" = 0 ] && [ "$(saturated "sweep-nb-$rate" "$rate")" = yes ] && nb_done=1 && log "netbus saturated at $rate msg/s"
    [ "$vx_done" = 0 ] && [ "$(saturated "sweep-vx-$rate" "$rate")" = yes ] && vx_done=1 && log "bare Vert.x saturated at $rate msg/s"
    for q in p99 p999; do
      label=$([ "$q" = p99 ] && echo p99 || echo p99.9)
      row latency "Sweep: $label at $rate msg/s (us)" "$(lat "sweep-nb-$rate" "$q")" "bare Vert.x RecordParser echo" \
        "$(lat "sweep-vx-$rate" "$q")" us "$([ "$nb_done" = 1 ] || [ "$vx_done" = 1 ] || echo 'ratio<=1.1')" "sweep-nb-$rate"
    done
    echo "$rate $(lat "sweep-nb-$rate" p50) $(lat "sweep-nb-$rate" p99) $(lat "sweep-nb-$rate" p999) $(lat "sweep-vx-$rate" p50) $(lat "sweep-vx-$rate" p99) $(lat "sweep-vx-$rate" p999)" >>"$WORK/latency.dat"
  done
fi
stop "$LAT_PID"
fi

# ---------------------------------------------------------------- UDP echo
if want udp; then
# Window 64: a socket with the default 208 KiB receive queue holds exactly 256 datagrams of 64 bytes,
# so at window 256 the servers (bare Vert.x included) dropped datagrams and the figure measured the
# 500 ms loss recovery of the load generator rather than the echo path.
UDP_WINDOW=${UDP_WINDOW:-64}
log "UDP echo, 64-byte datagrams, window $UDP_WINDOW"
udp_run() { bench "udp-$1" udp "127.0.0.1:$2" -W "$UDP_WINDOW" -s 64 -d "$DURATION" -w "$WARMUP"; }
UDP_SERVERS=("NB $P_UDP")
start vx-udp java -cp "$JAR" io.netbus.bench.baseline.VertxUdpEcho "$P_VX_UDP"
UDP_BASE_PIDS=("$LAST_PID")
wait_listen udp "$P_VX_UDP" && UDP_SERVERS+=("VX $P_VX_UDP")
start jdk-udp java -cp "$JAR" io.netbus.bench.baseline.JdkUdpEcho "$P_JDK_UDP"
UDP_BASE_PIDS+=("$LAST_PID")
wait_listen udp "$P_JDK_UDP" && UDP_SERVERS+=("JDK $P_JDK_UDP")
if have socat; then
  # -T 2: socat's per-peer children exit after 2 s of silence instead of keeping the port forever.
  start socat-udp socat -T 2 "UDP4-LISTEN:$P_SOCAT_UDP,bind=127.0.0.1,fork,reuseaddr" PIPE
  UDP_BASE_PIDS+=("$LAST_PID")
  wait_listen udp "$P_SOCAT_UDP" && UDP_SERVERS+=("SOCAT $P_SOCAT_UDP")
fi
for round in $(seq "$ROUNDS"); do
  for server in "${UDP_SERVERS[@]}"; do
    read -r label port <<<"$server"
    r=$(udp_run "$label-r$round" "$port")
    var="UDP_$label"
    printf -v "$var" '%s' "$(max "${!var:-nan}" "$r")"
    log "round $round: udp $label: $r datagrams/s"
  done
done
for pid in "${UDP_BASE_PIDS[@]}"; do stop "$pid"; done
row udp "UDP echo, 64 B, window $UDP_WINDOW (datagrams/s)" "${UDP_NB:-nan}" "bare Vert.x DatagramSocket" "${UDP_VX:-nan}" "dgram/s" "ratio>=0.85" "udp-NB-"
row udp "UDP echo, 64 B, window $UDP_WINDOW (datagrams/s)" "${UDP_NB:-nan}" "plain JDK DatagramChannel loop" "${UDP_JDK:-nan}" "dgram/s" "ratio>=1.0 (stretch)" "udp-NB-"
row udp "UDP echo, 64 B, window $UDP_WINDOW (datagrams/s)" "${UDP_NB:-nan}" "socat UDP fork PIPE" "${UDP_SOCAT:-nan}" "dgram/s" "" "udp-NB-"
row limit "UDP echo vs loopback limit (64 B datagrams/s)" "${UDP_NB:-nan}" "iperf3 -u -l 64, one way" "$IPERF_UDP" "dgram/s" ""
fi

# ---------------------------------------------------------------- files
if want file; then
log "file push, ${FILE_MIB} MiB"
file_run() { bench "file-$1" file "127.0.0.1:$2" -n "$3" --expect-size "$FILE_BYTES" --timeout 20; }
mbps() { json_field "$WORK/json/file-$1.json" 'j["mbPerSecond"] if j["errors"] == 0 and j["count"] > 0 else float("nan")'; }
file_run netbus "$P_PUSH" "$REPEAT" >/dev/null
start vx-file java -cp "$JAR" io.netbus.bench.baseline.VertxFilePush "$P_VX_FILE" "$FILE"
pid=$LAST_PID; wait_listen tcp "$P_VX_FILE" && file_run vertx "$P_VX_FILE" "$REPEAT" >/dev/null; stop "$pid"
if have socat; then
  start socat-file socat "TCP4-LISTEN:$P_SOCAT_FILE,bind=127.0.0.1,fork,reuseaddr" "OPEN:$FILE,rdonly"
  pid=$LAST_PID; wait_listen tcp "$P_SOCAT_FILE" && file_run socat "$P_SOCAT_FILE" "$REPEAT" >/dev/null; stop "$pid"
fi
if have nc; then
  # nc serves one connection per start: one transfer per nc, the best of REPEAT.
  best_nc=nan
  for i in $(seq "$REPEAT"); do
    start nc-file sh -c "exec nc -N -l 127.0.0.1 $P_NC_FILE < '$FILE'"
    pid=$LAST_PID
    if wait_listen tcp "$P_NC_FILE"; then
      file_run "nc-$i" "$P_NC_FILE" 1 >/dev/null
      best_nc=$(max "$best_nc" "$(mbps "nc-$i")")
    fi
    stop "$pid"
  done
fi
row file "File push, ${FILE_MIB} MiB (MB/s)" "$(mbps netbus)" "nc -N -l < file" "${best_nc:-nan}" "MB/s" "ratio>=1.0"
row file "File push, ${FILE_MIB} MiB (MB/s)" "$(mbps netbus)" "socat OPEN:file" "$(mbps socat)" "MB/s" "ratio>=1.0"
row file "File push, ${FILE_MIB} MiB (MB/s)" "$(mbps netbus)" "bare Vert.x sendFile" "$(mbps vertx)" "MB/s" ""
row limit "File push vs loopback TCP limit (MB/s)" "$(mbps netbus)" "iperf3 TCP stream" "$IPERF_TCP" "MB/s" ""
# get/put through the exchange listener (the netbus file protocol); baselines: nc serving the file
# (as for push) and nc receiving it to disk (`nc -l > f`, fed by `bench file --mode send`).
for i in $(seq "$REPEAT"); do
  bench "file-get-$i" file "127.0.0.1:$P_FILES" --mode get --name big.bin --expect-size "$FILE_BYTES" --timeout 20 >/dev/null
  bench "file-put-$i" file "127.0.0.1:$P_FILES" --mode put --name "put-$i.bin" --size "$FILE_BYTES" --timeout 20 >/dev/null
  rm -f "$WORK/data/put-$i.bin"
done
best_get=nan best_put=nan best_nc_put=nan
for i in $(seq "$REPEAT"); do
  best_get=$(max "$best_get" "$(mbps "get-$i")")
  best_put=$(max "$best_put" "$(mbps "put-$i")")
done
if have nc; then
  for i in $(seq "$REPEAT"); do
    start nc-put sh -c "exec nc -l 127.0.0.1 $P_NC_FILE > '$WORK/data/nc-put.bin'"
    pid=$LAST_PID
    if wait_listen tcp "$P_NC_FILE"; then
      bench "file-ncput-$i" file "127.0.0.1:$P_NC_FILE" --mode send --size "$FILE_BYTES" --timeout 20 >/dev/null
      best_nc_put=$(max "$best_nc_put" "$(mbps "ncput-$i")")
    fi
    stop "$pid"
    rm -f "$WORK/data/nc-put.bin"
  done
fi
row file "File get, ${FILE_MIB} MiB (MB/s)" "$best_get" "nc -l < file" "${best_nc:-nan}" "MB/s" "ratio>=1.0" "file-get-"
row file "File put, ${FILE_MIB} MiB, verified + fsynced (MB/s)" "$best_put" "nc -l > file" "$best_nc_put" "MB/s" "ratio>=0.8" "file-put-"

# What a user at a shell sees: `netbus get` / `netbus put`, a fresh JVM each, timed from start to
# exit (JVM start-up, SHA-256 at both ends and the fsync included), against the nc client moving
# the same file from or to the same kind of server, also timed from start to exit.
wall_mbps() { # CMD...: MB/s of FILE_BYTES over the command's wall-clock time, nan if it fails
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo nan; return; }
  t1=$(date +%s%N)
  python3 -c "print(round($FILE_BYTES / 1e6 / (($t1 - $t0) / 1e9), 1))"
}
best_cli_get=nan best_cli_put=nan best_nc_cli_get=nan best_nc_cli_put=nan
for i in $(seq "$REPEAT"); do
  best_cli_get=$(max "$best_cli_get" "$(wall_mbps java -jar "$JAR" get "127.0.0.1:$P_FILES" big.bin "$WORK/cli-get.bin")")
  rm -f "$WORK/cli-get.bin"
  best_cli_put=$(max "$best_cli_put" "$(wall_mbps java -jar "$JAR" put "127.0.0.1:$P_FILES" "$FILE" "cli-put.bin")")
  rm -f "$WORK/data/cli-put.bin"
  if have nc; then
    start nc-file sh -c "exec nc -N -l 127.0.0.1 $P_NC_FILE < '$FILE'"
    pid=$LAST_PID
    wait_listen tcp "$P_NC_FILE" && best_nc_cli_get=$(max "$best_nc_cli_get" "$(wall_mbps sh -c "nc -d 127.0.0.1 $P_NC_FILE > '$WORK/nc-get.bin'")")
    stop "$pid"
    rm -f "$WORK/nc-get.bin"
    start nc-put sh -c "exec nc -l 127.0.0.1 $P_NC_FILE > '$WORK/data/nc-put.bin'"
    pid=$LAST_PID
    wait_listen tcp "$P_NC_FILE" && best_nc_cli_put=$(max "$best_nc_cli_put" "$(wall_mbps sh -c "nc -N 127.0.0.1 $P_NC_FILE < '$FILE'")")
    stop "$pid"
    rm -f "$WORK/data/nc-put.bin"
  fi
done
row file "netbus get command, ${FILE_MIB} MiB, start to exit (MB/s)" "$best_cli_get" "nc client > file, start to exit" "$best_nc_cli_get" "MB/s" ""
row file "netbus put command, ${FILE_MIB} MiB, start to exit (MB/s)" "$best_cli_put" "nc client < file, start to exit" "$best_nc_cli_put" "MB/s" ""
fi

# ---------------------------------------------------------------- event bus
if want bus; then
log "event bus"
BUS_BRIDGE=$(bench bus-bridge bus --bridge "127.0.0.1:$P_BRIDGE" -p request -W 64 -d "$DURATION" -w "$WARMUP")
BUS_BRIDGE_1=$(bench bus-bridge-1 bus --bridge "127.0.0.1:$P_BRIDGE" -p request -W 1 -d "$DURATION" -w "$WARMUP")
BUS_LOCAL=$(bench bus-local bus --in-process -p request -W 64 -d "$DURATION" -w "$WARMUP")
BUS_LOCAL_1=$(bench bus-local-1 bus --in-process -p request -W 1 -d "$DURATION" -w "$WARMUP")
BUS_PUB=$(bench bus-bridge-pub bus --bridge "127.0.0.1:$P_BRIDGE" -p publish -W 64 -d "$DURATION" -w "$WARMUP")
BUS_LOCAL_PUB=$(bench bus-local-pub bus --in-process -p publish -W 64 -d "$DURATION" -w "$WARMUP")
BUS_CLUSTER=$(bench bus-cluster bus --in-process --cluster-port "$P_CLUSTER" -p request -W 64 -d "$DURATION" -w "$WARMUP" --timeout 60)
p50() { json_field "$WORK/json/$1.json" 'j["latencyMicros"]["p50"]'; }
row bus "Bridge request-reply, window 64 (round trips/s)" "$BUS_BRIDGE" "in-process request-reply (Vert.x bus)" "$BUS_LOCAL" "rt/s" ""
row bus "Bridge round trip p50, window 1 (us)" "$(p50 bus-bridge-1)" "in-process round trip p50" "$(p50 bus-local-1)" "us" ""
row bus "Two clustered nodes request-reply, window 64 (round trips/s)" "$BUS_CLUSTER" "in-process request-reply (one node)" "$BUS_LOCAL" "rt/s" ""
row bus "Bridge publish, window 64 (deliveries/s)" "$BUS_PUB" "in-process publish" "$BUS_LOCAL_PUB" "msg/s" ""
fi

# ---------------------------------------------------------------- idle connections
if want idle; then
heap_used() { # PID: bytes of heap in use after a full GC
  jcmd "$1" GC.run >/dev/null 2>&1
  sleep 0.5
  jstat -gc "$1" | awk 'NR==2 {printf "%.0f\n", ($3+$4+$6+$8)*1024}'
}
rss() { awk '/VmRSS/ {print $2*1024}' "/proc/$1/status"; }
idle_cost() { # LABEL PID PORT -> sets IDLE_<LABEL>_PER (bytes/conn, heap) IDLE_<LABEL>_HEAP (heap with N open)
  local label=$1 pid=$2 port=$3
  local before after rss_before rss_after
  before=$(heap_used "$pid"); rss_before=$(rss "$pid")
  java -jar "$JAR" bench idle "127.0.0.1:$port" -c "$IDLE_CONNS" --hold 600 --timeout 30 -q >"$WORK/idle-$label.log" 2>&1 &
  local ipid=$!
  PIDS+=("$ipid")
  local end=$((SECONDS + 120))
  until grep -qs "^open " "$WORK/idle-$label.log" || [ $SECONDS -gt $end ] || ! kill -0 "$ipid" 2>/dev/null; do sleep 0.2; done
  if grep -q "^open $IDLE_CONNS" "$WORK/idle-$label.log"; then
    sleep 1
    after=$(heap_used "$pid"); rss_after=$(rss "$pid")
    printf -v "IDLE_${label}_PER" '%s' $(( (after - before) / IDLE_CONNS ))
    printf -v "IDLE_${label}_HEAP" '%s' "$after"
    printf -v "IDLE_${label}_RSS" '%s' $(( (rss_after - rss_before) / IDLE_CONNS ))
  else
    log "idle connections to $label failed: $(tail -3 "$WORK/idle-$label.log")"
  fi
  stop "$ipid"
}
log "memory per $IDLE_CONNS idle connections"
idle_cost netbus "$NODE_PID" "$P_IDLE"
start vx-idle java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_VX_LINE" line "$TCP_INSTANCES"
pid=$LAST_PID; wait_listen tcp "$P_VX_LINE" && idle_cost vertx "$pid" "$P_VX_LINE"; stop "$pid"
row memory "Heap per idle connection (bytes, $IDLE_CONNS open)" "${IDLE_netbus_PER:-nan}" "bare Vert.x echo" "${IDLE_vertx_PER:-nan}" "B" ""
row memory "Heap in use with $IDLE_CONNS idle connections (MiB)" \
  "$(python3 -c "print(round(${IDLE_netbus_HEAP:-0}/1048576, 1) or 'nan')")" "bare Vert.x echo" \
  "$(python3 -c "print(round(${IDLE_vertx_HEAP:-0}/1048576, 1) or 'nan')")" "MiB" "value<256"
row memory "RSS per idle connection (bytes)" "${IDLE_netbus_RSS:-nan}" "bare Vert.x echo" "${IDLE_vertx_RSS:-nan}" "B" ""
fi

# ---------------------------------------------------------------- certificates (tls, forward)
# A CA and a node certificate for 127.0.0.1/localhost made by `netbus certs`; the benches verify
# the servers against the CA and the host name, as any client should.
CERTS="$WORK/certs"
make_certs() {
  [ -f "$CERTS/node.crt" ] && return 0
  java -jar "$JAR" certs ca --dir "$CERTS" >"$WORK/certs.log" 2>&1 \
    && java -jar "$JAR" certs node node --host 127.0.0.1,localhost --dir "$CERTS" >>"$WORK/certs.log" 2>&1 \
    || { log "netbus certs failed: $(tail -2 "$WORK/certs.log")"; return 1; }
}
# start_extra_node NAME CONFIG-FILE: another netbus node from NODE_JAR; sets LAST_PID, 1 if it did not come up.
start_extra_node() {
  start "$1" java -jar "$NODE_JAR" run --conf "$2"
  wait_node "$LAST_PID" "$1" || { log "the $1 node did not start: $(grep -m3 -i 'error\|netbus:' "$WORK/$1.log")"; stop "$LAST_PID"; return 1; }
}
# p99 NAME: p99 latency (us) of a bench JSON report, nan if it had errors
p99() { json_field "$WORK/json/$1.json" "j['latencyMicros']['p99'] if j['errors'] == 0 and j['count'] > 0 else float('nan')"; }
mbps_of() { json_field "$WORK/json/$1.json" 'j["mbPerSecond"] if j["errors"] == 0 and j["count"] > 0 else float("nan")'; }

# ---------------------------------------------------------------- TLS
# One node with the same listeners twice, with and without "tls": true, so the ratio is TLS's cost
# on this node only. The plaintext figures are measured in this section, interleaved round by round.
if want tls; then
if make_certs; then
cat >"$WORK/tls-node.json" <<JSON
{
  "tls": { "cert": "$CERTS/node.crt", "key": "$CERTS/node.key", "ca": "$CERTS/ca.crt" },
  "tcp": { "instances": $TCP_INSTANCES, "listeners": [
    { "name": "echo-tls",   "port": $P_TLS_ECHO,  "service": "echo", "framing": "line", "tls": true },
    { "name": "echo-plain", "port": $P_TLS_PLAIN, "service": "echo", "framing": "line" } ] },
  "file": { "root": "$WORK/data", "listeners": [
    { "name": "files-tls",   "port": $P_TLS_FILES,       "mode": "exchange", "tls": true, "clientAuth": "none" },
    { "name": "files-plain", "port": $P_TLS_FILES_PLAIN, "mode": "exchange" } ] }
}
JSON
if start_extra_node tls-node "$WORK/tls-node.json"; then
  TLS_NODE_PID=$LAST_PID
  TLS=(--ca "$CERTS/ca.crt")
  log "TLS: line echo 16 x 64, 32 B, TLS vs plaintext, $ROUNDS rounds"
  for round in $(seq "$ROUNDS"); do
    r=$(bench "tls-echo-r$round" tcp "127.0.0.1:$P_TLS_ECHO" "${TLS[@]}" -c 16 -D 64 -s 32 --framing line -d "$DURATION" -w "$WARMUP")
    TLS_ECHO=$(max "${TLS_ECHO:-nan}" "$r")
    p=$(bench "tls-plain-r$round" tcp "127.0.0.1:$P_TLS_PLAIN" -c 16 -D 64 -s 32 --framing line -d "$DURATION" -w "$WARMUP")
    TLS_PLAIN=$(max "${TLS_PLAIN:-nan}" "$p")
    log "round $round: tls echo $r msg/s, plaintext $p msg/s"
  done
  row tls "Line echo, 16 conn x 64 deep, 32 B (msg/s)" "$TLS_ECHO" "the same listener, plaintext" "$TLS_PLAIN" "msg/s" "ratio>=0.7" "tls-echo-"
  log "TLS: exchange get of ${FILE_MIB} MiB, TLS vs plaintext"
  for i in $(seq "$REPEAT"); do
    bench "tls-get-$i" file "127.0.0.1:$P_TLS_FILES" "${TLS[@]}" --mode get --name big.bin --expect-size "$FILE_BYTES" --timeout 60 >/dev/null
    bench "tls-get-plain-$i" file "127.0.0.1:$P_TLS_FILES_PLAIN" --mode get --name big.bin --expect-size "$FILE_BYTES" --timeout 60 >/dev/null
    TLS_GET=$(max "${TLS_GET:-nan}" "$(mbps_of "tls-get-$i")")
    TLS_GET_PLAIN=$(max "${TLS_GET_PLAIN:-nan}" "$(mbps_of "tls-get-plain-$i")")
  done
  row tls "Exchange get, ${FILE_MIB} MiB (MB/s)" "$TLS_GET" "the same get, plaintext listener" "$TLS_GET_PLAIN" "MB/s" "ratio>=0.5" "tls-get-"
  # The storm: 16 TLS connections send STORM_ECHO_RATE msg/s in total on a fixed schedule (open loop,
  # latency from each message's intended send time); once without a storm, then while STORM_RATE new
  # TLS connections/s arrive. The storm's client is bench/handshake_storm.py (OpenSSL handshakes,
  # several times cheaper than the JDK's, so the client leaves the CPU to the node under test);
  # STORM_CLIENT=bench uses `netbus bench handshake`.
  log "TLS: handshake storm, $STORM_RATE new connections/s for ${STORM_SECONDS}s, echo of 16 open connections at $STORM_ECHO_RATE msg/s"
  # the echo warms up 2 s longer than WARMUP: the storm starts once its connections are open and
  # warms up for WARMUP s itself, so it runs through the echo's whole measured window
  storm_echo() { bench "$1" tcp "127.0.0.1:$P_TLS_ECHO" "${TLS[@]}" -c 16 --rate "$STORM_ECHO_RATE" -s 32 --framing line \
    -d "$STORM_SECONDS" -w "$((WARMUP + 2))" --timeout 30 >/dev/null; }
  storm_echo tls-calm
  BENCH_PROGRESS=1 storm_echo tls-storm &
  ECHO_PID=$!
  PIDS+=("$ECHO_PID")
  end=$((SECONDS + 60))
  until grep -qs "warm-up" "$WORK/json/tls-storm.err" || [ $SECONDS -gt $end ] || ! kill -0 "$ECHO_PID" 2>/dev/null; do sleep 0.1; done
  if [ "$STORM_CLIENT" = bench ]; then
    java -jar "$JAR" bench handshake "127.0.0.1:$P_TLS_ECHO" "${TLS[@]}" --rate "$STORM_RATE" -d "$((STORM_SECONDS + 2))" \
      -w "$WARMUP" --timeout 30 --json -q >"$WORK/json/tls-handshakes.json" 2>"$WORK/json/tls-handshakes.err"
  else
    python3 "$ROOT/bench/handshake_storm.py" 127.0.0.1 "$P_TLS_ECHO" --ca "$CERTS/ca.crt" --rate "$STORM_RATE" \
      --seconds "$((STORM_SECONDS + 2))" --warmup "$WARMUP" --timeout 30 >"$WORK/json/tls-handshakes.json" 2>"$WORK/json/tls-handshakes.err"
  fi
  wait "$ECHO_PID"
  row tls "p99 echo of 16 open TLS connections ($STORM_ECHO_RATE msg/s) during $STORM_RATE handshakes/s (us)" "$(p99 tls-storm)" \
    "the same echo, no storm" "$(p99 tls-calm)" us "value<20000" tls-storm
  row tls "Handshakes completed during the storm (conn/s, $STORM_RATE asked)" \
    "$(json_field "$WORK/json/tls-handshakes.json" 'round(j["rate"])')" "rate asked" "$STORM_RATE" "conn/s" ""
  row tls "Handshake p99 during the storm, scheduled start to end of handshake (us)" \
    "$(json_field "$WORK/json/tls-handshakes.json" 'j["latencyMicros"]["p99"]')" "(no baseline)" "nan" us ""
  [ "$(json_field "$WORK/json/tls-handshakes.json" 'j["errors"]')" = 0 ] \
    || echo "tls-handshakes: $(json_field "$WORK/json/tls-handshakes.json" 'j["errorDetail"]') $(tail -1 "$WORK/json/tls-handshakes.err")" >>"$WORK/errors.txt"
  stop "$TLS_NODE_PID"
fi
fi
fi

# ---------------------------------------------------------------- forwarding
# Three forwarders in front of the same targets: an iperf3 server and a bare Vert.x raw echo
# (request-reply), each forwarder started up front and idle while the others run; a TLS-terminating
# netbus forward listener and stunnel4 in front of the main node's plaintext push listener.
if want forward; then
FWD=()  # label iperf-port echo-port
FWD_PIDS=()
start fwd-echo java -cp "$JAR" io.netbus.bench.baseline.VertxTcpEcho "$P_FWD_ECHO" raw "$TCP_INSTANCES"
FWD_PIDS+=("$LAST_PID")
wait_listen tcp "$P_FWD_ECHO"
if have iperf3; then
  start fwd-iperf iperf3 -s -B 127.0.0.1 -p "$P_FWD_IPERF"
  FWD_PIDS+=("$LAST_PID")
  wait_listen tcp "$P_FWD_IPERF" 10
else
  log "iperf3 is not installed: no throughput through the forwarders"
fi
start nbf-iperf java -jar "$NODE_JAR" forward "127.0.0.1:$P_NBF_IPERF" "127.0.0.1:$P_FWD_IPERF"
FWD_PIDS+=("$LAST_PID")
start nbf-echo java -jar "$NODE_JAR" forward "127.0.0.1:$P_NBF_ECHO" "127.0.0.1:$P_FWD_ECHO"
FWD_PIDS+=("$LAST_PID")
wait_listen tcp "$P_NBF_IPERF" && wait_listen tcp "$P_NBF_ECHO" && FWD+=("netbus $P_NBF_IPERF $P_NBF_ECHO")
if have socat; then
  start socatf-iperf socat "TCP4-LISTEN:$P_SOCATF_IPERF,bind=127.0.0.1,fork,reuseaddr,backlog=1024" "TCP4:127.0.0.1:$P_FWD_IPERF"
  FWD_PIDS+=("$LAST_PID")
  start socatf-echo socat "TCP4-LISTEN:$P_SOCATF_ECHO,bind=127.0.0.1,fork,reuseaddr,backlog=1024" "TCP4:127.0.0.1:$P_FWD_ECHO"
  FWD_PIDS+=("$LAST_PID")
  wait_listen tcp "$P_SOCATF_IPERF" && wait_listen tcp "$P_SOCATF_ECHO" && FWD+=("socat $P_SOCATF_IPERF $P_SOCATF_ECHO")
else
  log "socat is not installed: no socat forwarder"
fi
if have haproxy; then
  cat >"$WORK/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen iperf
  bind 127.0.0.1:$P_HAF_IPERF
  server s1 127.0.0.1:$P_FWD_IPERF
listen echo
  bind 127.0.0.1:$P_HAF_ECHO
  maxconn 4096
  server s1 127.0.0.1:$P_FWD_ECHO
CFG
  start haproxy haproxy -db -f "$WORK/haproxy.cfg"
  FWD_PIDS+=("$LAST_PID")
  wait_listen tcp "$P_HAF_IPERF" && wait_listen tcp "$P_HAF_ECHO" && FWD+=("haproxy $P_HAF_IPERF $P_HAF_ECHO")
else
  log "haproxy is not installed (apt-get install haproxy): no haproxy forwarder"
fi
log "forwarding: ${#FWD[@]} forwarders x (iperf3 1 stream ${DURATION}s, request-reply 256 x 16), $ROUNDS rounds"
for round in $(seq "$ROUNDS"); do
  for f in "${FWD[@]}"; do
    read -r label piperf pecho <<<"$f"
    t=nan
    if have iperf3; then
      iperf3 -c 127.0.0.1 -p "$piperf" -t "$DURATION" -J >"$WORK/json/fwd-iperf-$label-r$round.json" 2>/dev/null
      t=$(json_field "$WORK/json/fwd-iperf-$label-r$round.json" 'round(j["end"]["sum_received"]["bits_per_second"] / 8e6, 1)')
      printf -v "FWD_T_$label" '%s' "$(max "$(eval echo "\${FWD_T_$label:-nan}")" "$t")"
      sleep 0.5
    fi
    r=$(bench "fwd-rr-$label-r$round" tcp "127.0.0.1:$pecho" -c 256 -D 16 -s 32 --framing raw -d "$DURATION" -w "$WARMUP")
    printf -v "FWD_R_$label" '%s' "$(max "$(eval echo "\${FWD_R_$label:-nan}")" "$r")"
    log "round $round: forward $label: iperf3 $t MB/s, request-reply $r msg/s"
  done
done
fv() { local n="FWD_$1_$2"; echo "${!n:-nan}"; }
row forward "iperf3 through the forwarder, 1 stream (MB/s)" "$(fv T netbus)" "socat TCP-LISTEN,fork TCP" "$(fv T socat)" "MB/s" "ratio>=1.0"
row forward "iperf3 through the forwarder, 1 stream (MB/s)" "$(fv T netbus)" "haproxy mode tcp" "$(fv T haproxy)" "MB/s" "ratio>=0.8"
row forward "Request-reply through the forwarder, 256 conn x 16 deep, 32 B (msg/s)" "$(fv R netbus)" "socat TCP-LISTEN,fork TCP" "$(fv R socat)" "msg/s" "ratio>=1.2" "fwd-rr-netbus-"
row forward "Request-reply through the forwarder, 256 conn x 16 deep, 32 B (msg/s)" "$(fv R netbus)" "haproxy mode tcp" "$(fv R haproxy)" "msg/s" "ratio>=0.8" "fwd-rr-netbus-"
for pid in "${FWD_PIDS[@]}"; do stop "$pid"; done

# TLS termination: the client speaks TLS (`bench file --mode push --ca`, the server verified), the
# forwarder decrypts and relays to the node's plaintext push listener, which streams the test file.
STUNNEL=$(command -v stunnel4 || command -v stunnel)
if make_certs; then
  cat >"$WORK/fwd-tls-node.json" <<JSON
{
  "tls": { "cert": "$CERTS/node.crt", "key": "$CERTS/node.key", "ca": "$CERTS/ca.crt" },
  "tcp": { "listeners": [
    { "name": "fwd-tls", "port": $P_NBF_TLS, "tls": true, "service": { "forward": "127.0.0.1:$P_PUSH" } } ] }
}
JSON
  if start_extra_node fwd-tls-node "$WORK/fwd-tls-node.json"; then
    pid=$LAST_PID
    bench fwd-tls-netbus file "127.0.0.1:$P_NBF_TLS" --ca "$CERTS/ca.crt" --mode push -n "$REPEAT" --expect-size "$FILE_BYTES" --timeout 60 >/dev/null
    stop "$pid"
  fi
  if [ -n "$STUNNEL" ]; then
    cat >"$WORK/stunnel.conf" <<CFG
foreground = yes
pid =
[fwd]
accept = 127.0.0.1:$P_STUNNEL
connect = 127.0.0.1:$P_PUSH
cert = $CERTS/node.crt
key = $CERTS/node.key
CFG
    start stunnel "$STUNNEL" "$WORK/stunnel.conf"
    pid=$LAST_PID
    wait_listen tcp "$P_STUNNEL" && bench fwd-tls-stunnel file "127.0.0.1:$P_STUNNEL" --ca "$CERTS/ca.crt" --mode push -n "$REPEAT" \
      --expect-size "$FILE_BYTES" --timeout 60 >/dev/null
    stop "$pid"
  else
    log "stunnel4 is not installed (apt-get install stunnel4): no TLS-termination baseline"
  fi
  row forward "TLS-terminating forwarder, ${FILE_MIB} MiB to a TLS client (MB/s)" "$(mbps_of fwd-tls-netbus)" "stunnel4, same certificates" \
    "$(mbps_of fwd-tls-stunnel)" "MB/s" "ratio>=1.0" fwd-tls-netbus
fi
fi

# ---------------------------------------------------------------- metrics cost
# Two nodes with the same TCP line echo listener, one with the metrics section (Prometheus registry,
# per-listener meters) and one without; interleaved rounds, best of each.
if want metrics; then
met_config() { # PORT [METRICS-JSON]
  printf '{ "tcp": { "instances": %s, "listeners": [ { "name": "echo", "port": %s, "service": "echo", "framing": "line" } ] }%s }\n' \
    "$TCP_INSTANCES" "$1" "${2:+, $2}"
}
met_config "$P_MET_ON" "\"metrics\": { \"host\": \"127.0.0.1\", \"port\": $P_MET_HTTP }" >"$WORK/metrics-on.json"
met_config "$P_MET_OFF" >"$WORK/metrics-off.json"
if start_extra_node metrics-on "$WORK/metrics-on.json"; then
  MET_ON_PID=$LAST_PID
  if start_extra_node metrics-off "$WORK/metrics-off.json"; then
    MET_OFF_PID=$LAST_PID
    curl -sf "http://127.0.0.1:$P_MET_HTTP/metrics" >/dev/null 2>&1 || log "metrics: no /metrics answer on $P_MET_HTTP (is the section on in this build?)"
    log "metrics: line echo 16 x 64, metrics on vs off, $ROUNDS rounds"
    for round in $(seq "$ROUNDS"); do
      on=$(bench "metrics-on-r$round" tcp "127.0.0.1:$P_MET_ON" -c 16 -D 64 -s 32 --framing line -d "$DURATION" -w "$WARMUP")
      off=$(bench "metrics-off-r$round" tcp "127.0.0.1:$P_MET_OFF" -c 16 -D 64 -s 32 --framing line -d "$DURATION" -w "$WARMUP")
      MET_ON=$(max "${MET_ON:-nan}" "$on") MET_OFF=$(max "${MET_OFF:-nan}" "$off")
      log "round $round: metrics on $on msg/s, off $off msg/s"
    done
    row metrics "Line echo, 16 conn x 64 deep, 32 B, metrics on (msg/s)" "$MET_ON" "the same node, no metrics section" "$MET_OFF" "msg/s" "ratio>=0.95" metrics-on-
    stop "$MET_OFF_PID"
  fi
  stop "$MET_ON_PID"
fi
fi

# ---------------------------------------------------------------- report
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
MODE=$([ "$QUICK" = 1 ] && echo "quick (${DURATION} s per figure, ${FILE_MIB} MiB file)" || echo "full (${DURATION} s per figure after ${WARMUP} s warm-up, ${FILE_MIB} MiB file)")
CHART="${CHART_PREFIX}tcp-echo.png" LAT_CHART="${CHART_PREFIX}latency.png"
if have gnuplot && [ -s "$WORK/tcp.dat" ]; then
  gnuplot -e "datafile='$WORK/tcp.dat'; outfile='$CHART'" "$ROOT/bench/chart.gp" 2>"$WORK/gnuplot.log" \
    || log "gnuplot failed: $(cat "$WORK/gnuplot.log")"
fi
if have gnuplot && [ "$(grep -vs '^#' "$WORK/latency.dat" | wc -l)" -gt 0 ]; then
  gnuplot -e "datafile='$WORK/latency.dat'; outfile='$LAT_CHART'; conns='$LAT_CONNS'" "$ROOT/bench/latency.gp" \
    2>"$WORK/gnuplot-latency.log" || log "gnuplot failed: $(cat "$WORK/gnuplot-latency.log")"
fi
relative() { [ -f "$1" ] && realpath --relative-to="$(dirname "$OUT")" "$1" || echo; }
python3 "$ROOT/bench/report.py" --results "$RESULTS" --out "$OUT" --machine "$MACHINE" --mode "$MODE" \
  --load "$LOAD_START -> $LOAD_END" --note "${BENCH_NOTE:-}" --errors "$WORK/errors.txt" --profile "$PROFILE_MD" \
  --chart "$( [ -s "$WORK/tcp.dat" ] && relative "$CHART")" \
  --latency-chart "$( [ -s "$WORK/latency.dat" ] && relative "$LAT_CHART")"
log "wrote $OUT (raw JSON reports in $WORK/json)"
