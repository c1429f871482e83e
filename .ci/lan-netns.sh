#!/usr/bin/env bash
# Three netbus nodes on a private virtual LAN (network namespaces joined by veth pairs to a
# bridge in a fourth "switch" namespace, addresses 10.77.0.1-3), to show real LAN behaviour:
# TCP-IP join, request-reply and publish across machines, a partition (node 3's cable pulled)
# and its healing, a kill -9, and a clean SIGTERM. Needs root and `ip` (iproute2); uses
# launcher/target/netbus.jar. Nothing leaves the namespaces: they have no route to anything
# else, and the root namespace is not touched. Everything is removed on exit.
# Usage: sudo .ci/lan-netns.sh        (not part of CI: it needs CAP_NET_ADMIN)
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$PWD/launcher/target/netbus.jar"
[ -f "$jar" ] || { echo "lan-netns: build the jar first (mvn -q package -DskipTests)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "lan-netns: needs root (network namespaces)" >&2; exit 1; }

tag="nb$$"
sw="$tag-sw"
work=$(mktemp -d)
pids=()

cleanup() {
  set +e
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  # whatever still runs inside the node namespaces is ours: stop it before removing them.
  for i in 1 2 3; do
    for p in $(ip netns pids "$tag-n$i" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$tag-n$i" 2>/dev/null
  done
  ip netns del "$sw" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${KEEP_LOGS:-}" ] && trap "cp $work/*.log $KEEP_LOGS/ 2>/dev/null; cleanup" EXIT

log() { printf '%s lan-netns: %s\n' "$(date +%T)" "$*"; }
fail() { log "FAIL: $*"; for i in 1 2 3; do echo "--- node $i log"; tail -5 "$work/n$i.log" 2>/dev/null; done; exit 1; }
now_ms() { date +%s%3N; }
in_ns() { local n=$1; shift; ip netns exec "$tag-n$n" "$@"; }
JAVA=(java -Xmx128m -XX:TieredStopAtLevel=1 -jar "$jar")
netbus() { local n=$1; shift; in_ns "$n" "${JAVA[@]}" "$@"; }

# --- the virtual LAN: a bridge in the switch namespace, one veth per node -----------------
ip netns add "$sw"
ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 up
for i in 1 2 3; do
  ns="$tag-n$i"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$sw" link add "n$i" type veth peer name eth0 netns "$ns"
  ip -n "$sw" link set "n$i" master br0 up
  ip -n "$ns" addr add "10.77.0.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
done
log "virtual LAN up: 10.77.0.1-3 in namespaces $tag-n1..3"

members='["10.77.0.1:5701","10.77.0.2:5701","10.77.0.3:5701"]'
# the cluster is off loopback, so secure by default: mutual TLS on the event bus, certs by netbus certs
netbus 1 certs ca --dir "$work/certs" > /dev/null
for i in 1 2 3; do
  netbus 1 certs node "n$i" --host "10.77.0.$i" --dir "$work/certs" > /dev/null
  cat > "$work/n$i.json" <<JSON
{ "tls": { "cert": "$work/certs/n$i.crt", "key": "$work/certs/n$i.key", "ca": "$work/certs/ca.crt" },
  "bridge": { "host": "127.0.0.1", "port": 7000 },
  "cluster": { "enabled": true, "host": "10.77.0.$i", "port": 5701, "eventBusPort": 5702, "tls": true,
               "members": $members, "name": "lan$$" } }
JSON
done
netbus 1 cluster-info --conf "$work/n1.json" | sed 's/^/    /'

# started directly (not through a shell function) so that $! is the JVM itself.
start_node() {
  ip netns exec "$tag-n$1" "${JAVA[@]}" run --conf "$work/n$1.json" > "$work/n$1.log" 2>&1 &
  pids[$1]=$!
}
t0=$(now_ms)
for i in 1 2 3; do start_node $i; done

# A bus service through a node's bridge: answers netbus.lan.<name> with {"from": <node>}.
serve() {
  local n=$1 name=$2
  ip netns exec "$tag-n$n" python3 - "$name" "$n" > "$work/serve-$name.log" 2>&1 <<'PY' &
import json, socket, struct, sys, time
name, node = sys.argv[1], sys.argv[2]
def send(s, f):
    d = json.dumps(f).encode(); s.sendall(struct.pack(">I", len(d)) + d)
def read(s):
    def exactly(n):
        b = b""
        while len(b) < n:
            c = s.recv(n - len(b))
            if not c: raise SystemExit("bridge closed")
            b += c
        return b
    return json.loads(exactly(struct.unpack(">I", exactly(4))[0]))
for _ in range(300):
    try:
        s = socket.create_connection(("127.0.0.1", 7000)); break
    except OSError:
        time.sleep(0.2)
s.settimeout(20)
send(s, {"type": "register", "address": "netbus.lan." + name})
while True:
    try:
        f = read(s)
    except socket.timeout:
        send(s, {"type": "ping"}); continue
    if f.get("replyAddress"):
        send(s, {"type": "send", "address": f["replyAddress"], "body": {"from": node}})
PY
  pids+=($!)
}
serve 2 two
serve 3 three

# until CMD succeeds (at most $1 seconds); prints the ms it took.
until_ok() {
  local limit=$1; shift
  local start; start=$(now_ms)
  while ! "$@" > /dev/null 2>&1; do
    [ $(( $(now_ms) - start )) -lt $(( limit * 1000 )) ] || return 1
    sleep 0.2
  done
  echo $(( $(now_ms) - start ))
}
ask() { netbus "$1" send --timeout "${3:-2000}" "netbus.lan.$2" '{}'; }
no_handlers() {
  local out; out=$(ask "$1" "$2" 1000 2>&1 || true)
  echo "$out" >> "$work/ask.log"
  [[ "$out" == *NO_HANDLERS* ]]
}

ms=$(until_ok 120 ask 1 three) || fail "node 1 never reached the service on node 3"
log "ok: cluster formed; node 1 -> service on node 3 answered ($(( $(now_ms) - t0 )) ms after start)"
ask 1 two > /dev/null || fail "node 1 -> service on node 2"
log "ok: node 1 -> service on node 2: $(ask 1 two)"

ip netns exec "$tag-n3" "${JAVA[@]}" listen --count 1 netbus.lan.news > "$work/news.out" 2>&1 &
listener=$!
pids+=($listener)
for _ in $(seq 1 50); do
  kill -0 $listener 2>/dev/null || break
  netbus 1 publish netbus.lan.news '{"text":"hello node 3"}' > /dev/null
  sleep 0.2
done
grep -q 'hello node 3' "$work/news.out" || fail "publish on node 1 did not reach a listener on node 3"
log "ok: publish on node 1 reached the listener on node 3"

# --- partition: pull node 3's cable --------------------------------------------------------
ip -n "$sw" link set n3 down
tcut=$(now_ms)
log "node 3 cut off"
t=$(now_ms); ask 1 two > /dev/null || fail "node 1 -> node 2 failed during the partition"
log "ok: node 1 -> node 2 unaffected during the partition ($(( $(now_ms) - t )) ms round trip incl. JVM start)"
ms=$(until_ok 60 no_handlers 1 three) || fail "node 1 still routes to the cut-off node 3"
log "ok: node 1 dropped node 3's consumers $(( $(now_ms) - tcut )) ms after the cut (NO_HANDLERS, not a hang)"
ask 3 three > /dev/null || fail "node 3 alone cannot use its own service"
log "ok: node 3 keeps working alone (split brain)"

# --- heal -----------------------------------------------------------------------------------
ip -n "$sw" link set n3 up
theal=$(now_ms)
ms=$(until_ok 90 ask 1 three) || fail "the split brain did not heal within 90 s"
log "ok: healed: node 1 reaches node 3's service again $(( $(now_ms) - theal )) ms after reconnecting"

# --- kill -9 node 2 ----------------------------------------------------------------------------
kill -9 "${pids[2]}"
tkill=$(now_ms)
ms=$(until_ok 60 no_handlers 1 two) || fail "requests to the killed node 2 never failed fast"
log "ok: node 2 killed: node 1 gets NO_HANDLERS for its service $(( $(now_ms) - tkill )) ms later"
ask 1 three > /dev/null || fail "node 1 -> node 3 after node 2 died"
log "ok: nodes 1 and 3 carry on"

# --- SIGTERM the rest --------------------------------------------------------------------------
for i in 1 3; do
  t=$(now_ms); kill -TERM "${pids[$i]}"
  status=0; wait "${pids[$i]}" || status=$?
  [ "$status" -eq 0 ] || fail "node $i exited with $status after SIGTERM"
  log "ok: node $i stopped with status 0 in $(( $(now_ms) - t )) ms"
done
log "all checks passed"
